"""Security headers per page class (RELIABILITY C14-C16)."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def assert_common(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_page_headers_and_no_store_absent_for_anonymous(client):
    response = client.get("/")
    assert_common(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_workspace_page_headers_no_store(make_staff, staff_client):
    response = staff_client(make_staff()).get("/kerja/")
    assert response.status_code == 200
    assert_common(response)
    assert "no-store" in response["Cache-Control"]


@override_settings(ROOT_URLCONF="netra.accounts.tests.urls_probe")
def test_api_headers_no_store(make_staff, api_client_for):
    response = api_client_for(make_staff()).get("/api/v1/probe/")
    assert response.status_code == 200
    assert_common(response)
    assert "no-store" in response["Cache-Control"]


def test_admin_login_headers(client):
    response = client.get("/admin/login/")
    assert_common(response)


def test_login_and_otp_pages_headers(make_staff):
    client = Client()
    assert_common(client.get("/akun/masuk/"))
    client.force_login(make_staff())
    response = client.get("/akun/otp/")
    assert_common(response)
    assert "no-store" in response["Cache-Control"]


def test_error_page_headers(client):
    assert_common(client.get("/tidak-ada/"))


def test_referrer_policy_keeps_origin_for_csrf(client, make_staff):
    # With "no-referrer" Chromium posts `Origin: null` and Django's CSRF check refuses every
    # form; a same-origin POST carrying the real Origin must be accepted.
    make_staff(username="budi")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.get("/akun/masuk/")
    token = csrf_client.cookies["csrftoken"].value
    data = {"username": "budi", "password": "x", "csrfmiddlewaretoken": token}
    ok = csrf_client.post("/akun/masuk/", data, headers={"Origin": "http://testserver"})
    assert ok.status_code == 200
    refused = csrf_client.post("/akun/masuk/", data, headers={"Origin": "null"})
    assert refused.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/aturan/%00/", "/aturan/?q=%00", "/lapor/status/?x=a%00b"])
def test_nul_in_path_or_query_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
