"""The reporter's status page (issue 13 §2): each state in plain words with what the reporter
can do and by when, their own text and photos (display copies), a short idle session."""

import datetime as dt
import re

import pytest
from django.test import Client

from netra.intake.choices import PublicStatus
from netra.intake.models import Evidence
from netra.intake.services import report_message_to_reporter, report_status_set
from netra.intake.status_help import status_help
from netra.intake.tests.fixtures import jpeg_with_gps, upload

pytestmark = pytest.mark.django_db

STATUS = "/lapor/status/"


def _open(report, key, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    response = client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert response.status_code == 200
    return client


def test_every_status_is_explained_in_both_languages():
    from django.utils.translation import override

    for status in PublicStatus.values:
        for language in ("id", "en"):
            with override(language):
                help_ = status_help(status)
            assert help_.happening and help_.you_can and help_.reply_by is None
            assert "_" not in help_.happening + help_.you_can  # words, not codes


def test_correction_request_says_what_to_do_and_the_date_in_words(make_report, make_staff):
    report, key = make_report()
    officer = make_staff(region="32.01")
    report_message_to_reporter(
        actor=officer,
        report=report,
        body="Mohon kirim foto kejadian.",
        reply_by=dt.date.today() + dt.timedelta(days=3),
    )
    report_status_set(actor=officer, report=report, status=PublicStatus.NEEDS_CORRECTION)
    due = dt.date.today() + dt.timedelta(days=3)
    html = _open(report, key).get(STATUS).content.decode()
    assert "Perlu dilengkapi" in html and "Kirim kelengkapan paling lambat" in html
    months_id = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    ]  # fmt: skip
    assert f"{due.day} {months_id[due.month - 1]} {due.year}" in html
    assert due.isoformat() not in html.replace(f'datetime="{due.isoformat()}', "")
    # The officer's message and the timeline give their time with the zone of the report's region.
    assert re.search(r"\d{1,2} \w+ \d{4} \d\d:\d\d WIB", html)
    english = Client()
    english.cookies["netra_language"] = "en"
    english.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    html_en = english.get(STATUS).content.decode()
    assert "Send what is missing by" in html_en
    assert f"{due.day} {due.strftime('%B')} {due.year}" in html_en


def test_reporter_sees_their_text_and_photo_display_copies_only(make_report):
    report, key = make_report(files=[upload("gps.jpg", jpeg_with_gps(), "image/jpeg")])
    client = _open(report, key)
    html = client.get(STATUS).content.decode()
    assert report.description in html
    row = Evidence.objects.get()
    url = f"/lapor/status/bukti/{row.public_id}/"
    assert url in html
    photo = client.get(url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    body = b"".join(photo.streaming_content)
    assert b"SentinelMake" not in body  # the display copy, without metadata
    # Another browser, or another report's session, cannot open it.
    assert Client().get(url).status_code == 403
    other, other_key = make_report(idempotency_key="other-report-key")
    assert _open(other, other_key).get(url).status_code == 404
    assert client.get("/lapor/status/bukti/not-a-uuid/").status_code == 404


def test_status_session_ends_after_a_short_idle_time(make_report, settings):
    settings.INTAKE_REPORTER_IDLE_SECONDS = 120
    report, key = make_report()
    client = Client()
    response = client.post(STATUS, {"tracking_number": report.tracking_number, "access_key": key})
    assert response.cookies["sessionid"]["max-age"] == 120
    assert "2 menit" in response.content.decode()
    # Each visit restarts the clock.
    again = client.get(STATUS)
    assert again.cookies["sessionid"]["max-age"] == 120
    # Once expired in the store, the page asks for the number and key again.
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert "Masukkan nomor laporan" in client.get(STATUS).content.decode()
