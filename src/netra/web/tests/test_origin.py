"""The cross-site check of the cookie-less public forms (web/origin.py)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from netra.intake.models import Report
from netra.web.origin import cross_site_post


@pytest.mark.parametrize(
    ("origin", "refused"),
    [
        (None, False),  # old browsers and curl send no Origin: SameSite=Lax still applies
        ("", False),
        ("http://testserver", False),
        ("http://testserver/", False),
        ("null", True),  # sandboxed iframe, data: page, redirected cross-site POST
        ("NULL", True),
        (" null ", True),
        ("https://evil.example", True),
        ("http://testserver.evil.example", True),
        ("https://testserver", True),  # another scheme is another origin
    ],
)
def test_cross_site_post(origin, refused):
    headers = {} if origin is None else {"HTTP_ORIGIN": origin}
    request = RequestFactory().post("/lapor/", **headers)
    assert cross_site_post(request) is refused


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Formulir harus dikirim dari halaman Netra sendiri."),
        ("en", "The form must be sent from Netra&#x27;s own page."),
    ],
)
def test_null_origin_report_form_is_a_translated_403(client, intake_reference, language, message):
    response = client.post(
        "/lapor/",
        {"description": "x" * 40, "reporter_mode": "anonymous"},
        HTTP_ORIGIN="null",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403
    assert message in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_null_origin_status_lookup_is_refused_before_any_lookup(client, make_report):
    report, key = make_report()
    response = client.post(
        "/lapor/status/",
        {"tracking_number": report.tracking_number, "access_key": key},
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 403
    assert "Formulir harus dikirim dari halaman Netra sendiri." in response.content.decode()
    assert not response.cookies  # no status session was opened


@pytest.mark.django_db
def test_null_origin_pledge_start_is_refused(client, prevention_world):
    refused = client.post(reverse("prevention:pledge-start"), {"nip": "1"}, HTTP_ORIGIN="null")
    assert refused.status_code == 403
    assert "Akses ditolak" in refused.content.decode()
