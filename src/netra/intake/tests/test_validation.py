"""The report validity rules hold for every caller of the service, not only the form: each
invalid input is refused with a message for its field, and nothing is stored."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from netra.intake import evidence
from netra.intake.errors import ReportRefused
from netra.intake.models import Report
from netra.intake.services import report_submit
from netra.intake.tests.fixtures import png_bytes, report_input, upload

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _with_reporter(**changes) -> dict:
    reporter = {
        "name": "Siti Pelapor",
        "email": "siti@example.invalid",
        "phone": "081234567890",
        "id_number": "",
        "address": "Jl. Mawar 1, Cibinong",
    }
    reporter.update(changes)
    return {"reporter": reporter}


INVALID = [
    ({"description": "   "}, "description", "Uraikan kejadiannya."),
    ({"description": "x" * 10001}, "description", "paling banyak"),
    ({"reporter_mode": "shouting"}, "reporter_mode", "cara pelaporan"),
    ({"region": None}, "region", "wilayah"),
    ({"event_date": TOMORROW}, "event_date", "masa depan"),
    ({"learned_date": dt.date(1999, 12, 31)}, "learned_date", "terlalu lama"),
    ({"event_date": "kemarin"}, "event_date", "tidak valid"),
    (
        {"event_date": dt.date(2024, 9, 10), "learned_date": dt.date(2024, 9, 1)},
        "learned_date",
        "sebelum tanggal kejadian",
    ),
    ({"reported_nip": "12345"}, "reported_nip", "NIP/NI PPPK tidak valid"),
    ({"reported_nik": "12"}, "reported_nik", "NIK tidak valid"),
    (
        {"reported_name": "", "reported_workplace": "", "reported_position": " "},
        "reported_name",
        "orang yang dilaporkan",
    ),
    ({"links": ["ftp://example.org/x"]}, "links", "http://"),
    ({"links": [f"https://example.org/{n}" for n in range(11)]}, "links", "Paling banyak 10"),
    (_with_reporter(phone="12ab"), "reporter_phone", "Nomor telepon"),
    (_with_reporter(email="not-an-address"), "reporter_email", "email"),
    (_with_reporter(id_number="123"), "reporter_id_number", "NIK"),
    (_with_reporter(name=""), "reporter_name", "anonim"),
    (_with_reporter(email="", phone=""), "reporter_email", "menghubungi"),
]


@pytest.mark.parametrize(("overrides", "field", "text"), INVALID)
def test_each_invalid_input_is_refused_by_the_service(intake_reference, overrides, field, text):
    with translation.override("id"), pytest.raises(ReportRefused) as refused:
        report_submit(data=report_input(**overrides), files=[upload("a.png", png_bytes())])
    error = refused.value
    assert error.code == "invalid" and error.status == 400
    with translation.override("id"):
        messages = error.field_messages()
        assert field in messages, messages
        assert text.lower() in messages[field].lower()
        assert error.message.startswith("Periksa isian: ")
    assert Report.objects.count() == 0
    assert list(evidence.staging_dir().iterdir()) == []


def test_the_refusal_speaks_english(intake_reference):
    with pytest.raises(ReportRefused) as refused:
        report_submit(data=report_input(description="", reported_nip="12345"))
    with translation.override("en"):
        assert refused.value.message == "Check the input: Describe what happened."
        assert set(refused.value.field_messages()) == {"description", "reported_nip"}


def test_values_are_normalised_for_every_caller(make_report):
    report, _key = make_report(
        links=["HTTPS://Example.org/post/1", "https://example.org/post/1"],
        reported_nip=" ",
    )
    assert [link.url for link in report.links.all()] == ["https://example.org/post/1"]
    assert report.reported_nip == ""


def test_anonymous_needs_no_name_or_contact(make_report):
    report, _key = make_report(
        reporter_mode="anonymous", **_with_reporter(name="", email="", phone="")
    )
    assert report.pk and report.has_contact is False


def test_api_answers_a_service_refusal_with_its_fields(intake_reference, monkeypatch):
    """A refusal of the service (whatever the form let through) reaches the API client as
    field errors with the code, in the client's language."""
    from rest_framework.test import APIClient

    from netra.intake import validation
    from netra.intake.errors import ReportErrorCode
    from netra.intake.tests.test_api import post_submit
    from netra.refusals import FieldRefusals

    def refuse(data):
        invalid = FieldRefusals()
        invalid.add("place_text", "Tempat?")
        invalid.raise_if_any(ReportErrorCode.INVALID, ReportRefused)

    monkeypatch.setattr(validation, "report_validated", refuse)
    response = post_submit(APIClient())
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]["place_text"] == ["Tempat?"]
    assert body["detail"] == "Periksa isian: Tempat?"
    assert Report.objects.count() == 0
