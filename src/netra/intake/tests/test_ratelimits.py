"""Shared limits are no weapon: many addresses guessing wrong cannot shut the status page, and
every 429 says when to come back (intake/ratelimits.py)."""

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from netra.intake import ratelimits

STATUS = "/lapor/status/"
API_STATUS = "/api/v1/reports/status/"

pytestmark = pytest.mark.django_db


def lookup(address, number, key, **extra):
    return Client(REMOTE_ADDR=address).post(
        STATUS, {"tracking_number": number, "access_key": key}, **extra
    )


def test_two_hundred_guessing_addresses_do_not_shut_the_status_page(make_report, settings):
    # The probe: ~200 addresses, each using up its own allowance, pass the global limit.
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "10/h"
    settings.INTAKE_ACCESS_FAILURES_GLOBAL = "2000/h"
    settings.INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK = "3/15m"
    report, key = make_report()
    for i in range(200):  # the counters the views feed, called directly to keep the test fast
        request = RequestFactory().post(STATUS, REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1")
        for _ in range(10):
            ratelimits.access_failed(request, report.tracking_number if i % 2 else "")
    attacker = lookup("10.0.0.1", report.tracking_number, "WRONG")
    assert attacker.status_code == 429 and int(attacker["Retry-After"]) > 0
    # A reporter with the right key gets in at once
    assert lookup("192.0.2.10", report.tracking_number, key).status_code == 200
    # and so does one who mistypes the key twice first: the site is under attack, but one
    # typo does not pause an address for an hour.
    assert lookup("192.0.2.11", report.tracking_number, "TYPO").status_code == 400
    assert lookup("192.0.2.11", report.tracking_number, "TYPO2").status_code == 400
    assert lookup("192.0.2.11", report.tracking_number, key).status_code == 200
    # A fresh address that keeps guessing during the attack is paused after its small allowance,
    # for at most the allowance's 15 minutes.
    for _ in range(3):
        lookup("192.0.2.12", report.tracking_number, "GUESS")
    paused = lookup("192.0.2.12", report.tracking_number, "GUESS")
    assert paused.status_code == 429 and 0 < int(paused["Retry-After"]) <= 15 * 60


def test_guessing_at_one_number_never_locks_its_reporter_out(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_NUMBER = "3/h"
    report, key = make_report()
    for i in range(30):  # thirty addresses, one wrong try each, all at the same number
        lookup(f"10.1.0.{i}", report.tracking_number, "WRONG")
    assert lookup("10.1.9.9", report.tracking_number, key).status_code == 200
    # The guessers each have a small allowance left while the number is under attack.
    for _ in range(2):
        lookup("10.1.0.5", report.tracking_number, "WRONG")
    assert lookup("10.1.0.5", report.tracking_number, key).status_code == 429


def test_paused_status_page_has_retry_after_and_the_real_wait(client, make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "2/h"
    report, key = make_report()
    for _ in range(2):
        client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": "WRONG"})
    paused = client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert paused.status_code == 429
    wait = int(paused["Retry-After"])
    assert 0 < wait <= 3600
    minutes = -(-wait // 60)
    assert f"Coba lagi setelah {minutes} menit." in paused.content.decode()
    english = client.post(
        STATUS,
        {"tracking_number": report.tracking_number, "access_key": key},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 429 and "Retry-After" in english
    assert "dihentikan sementara" not in english.content.decode()


def test_api_429s_carry_retry_after_and_a_translated_message(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "1/h"
    report, _ = make_report()
    client = APIClient()
    creds = {"tracking_number": report.tracking_number, "access_key": "x"}
    client.post(API_STATUS, creds, format="json")
    paused = client.post(API_STATUS, creds, format="json")
    assert paused.status_code == 429 and 0 < int(paused["Retry-After"]) <= 3600
    assert paused.json() == {
        "detail": "Pencarian status dari jaringan ini dihentikan sementara.",
        "code": "throttled",
    }
    english = client.post(API_STATUS, creds, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429 and "Retry-After" in english
    assert "dihentikan" not in english.json()["detail"]


def test_submission_limit_429_carries_retry_after(client, intake_reference, settings):
    settings.INTAKE_SUBMISSIONS_PER_IP = "1/h"
    api = APIClient()
    api.post("/api/v1/reports/submit/", {}, format="multipart")
    refused = api.post("/api/v1/reports/submit/", {}, format="multipart")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    page = client.post("/lapor/", {"description": "x"})  # same address, the web form
    assert page.status_code == 429 and 0 < int(page["Retry-After"]) <= 3600


def test_any_429_without_its_own_advice_gets_a_retry_after(rf):
    from django.http import HttpResponse

    from netra.web.middleware import SecurityHeadersMiddleware

    response = SecurityHeadersMiddleware(lambda request: HttpResponse(status=429))(rf.get("/"))
    assert response["Retry-After"] == "60"
    kept = HttpResponse(status=429)
    kept["Retry-After"] = "7"
    assert SecurityHeadersMiddleware(lambda request: kept)(rf.get("/"))["Retry-After"] == "7"
