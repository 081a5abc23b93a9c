"""Load shedding and database outages answer at once with 503 + Retry-After (web/middleware.py)."""

import io
import json
import threading
import time

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from netra.web.middleware import ConcurrencyLimitMiddleware, DatabaseUnavailableMiddleware


def test_requests_past_the_limit_are_shed_quickly_not_queued(settings):
    settings.NETRA_MAX_CONCURRENT_REQUESTS = 2
    settings.NETRA_SHED_WAIT_MS = 100
    release = threading.Event()
    started = threading.Barrier(3)

    def slow_view(request):
        if release.is_set():
            return HttpResponse("ok")
        started.wait()
        release.wait(5)
        return HttpResponse("ok")

    middleware = ConcurrencyLimitMiddleware(slow_view)
    busy = [
        threading.Thread(target=middleware, args=(RequestFactory().post("/lapor/"),))
        for _ in range(2)
    ]
    for thread in busy:
        thread.start()
    started.wait()  # both slots are taken
    began = time.monotonic()
    shed = middleware(RequestFactory().post("/api/v1/reports/submit/"))
    elapsed = time.monotonic() - began
    page = middleware(RequestFactory().get("/lapor/", HTTP_ACCEPT_LANGUAGE="en"))
    release.set()
    for thread in busy:
        thread.join()
    assert shed.status_code == 503 and shed["Retry-After"] == "5"
    assert json.loads(shed.content) == {
        "detail": "Server sedang sibuk. Coba lagi sebentar lagi.",
        "code": "unavailable",
    }
    assert elapsed < 1.0
    assert page.status_code == 503 and "The server is busy" in page.content.decode()
    # The slots come back: the next request is served.
    assert middleware(RequestFactory().get("/")).status_code == 200


def test_lost_database_connection_is_a_503_not_a_500():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/api/v1/reports/")
    response = middleware.process_exception(request, OperationalError("server closed"))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert json.loads(response.content)["code"] == "unavailable"
    assert middleware.process_exception(request, ValueError("x")) is None


@pytest.mark.django_db
def test_the_middlewares_are_installed(client, settings):
    names = settings.MIDDLEWARE
    shed = names.index("netra.web.middleware.ConcurrencyLimitMiddleware")
    assert shed < names.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert "netra.web.middleware.DatabaseUnavailableMiddleware" in names
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_form_cut_short_is_refused_before_any_view(client, intake_reference):
    from netra.intake.models import Report
    from netra.web.middleware import IncompleteBodyMiddleware

    fields = "reporter_mode=anonymous&description=" + "Camat+hadir+di+deklarasi+calon+" * 3
    fields += "&province=32&regency=32.01&district=32.01.01&place_text=Lapangan"
    seen = []
    middleware = IncompleteBodyMiddleware(lambda request: seen.append(request) or HttpResponse())
    request = RequestFactory().generic(
        "POST",
        "/api/v1/reports/submit/",
        fields.encode(),
        content_type="application/x-www-form-urlencoded",
        # The client announced 5000 bytes more than it sent, then hung up.
        CONTENT_LENGTH=str(len(fields) + 5000),
        **{"wsgi.input": io.BytesIO(fields.encode())},
    )
    response = middleware(request)
    assert response.status_code == 400 and not seen and Report.objects.count() == 0
    whole = RequestFactory().generic(
        "POST", "/lapor/", fields.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert middleware(whole).status_code == 200 and seen


def test_the_incomplete_body_check_is_installed(settings):
    assert "netra.web.middleware.IncompleteBodyMiddleware" in settings.MIDDLEWARE
