import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.intake import crypto, evidence
from netra.intake.choices import PublicStatus, ReportAction
from netra.intake.errors import ReportRefused
from netra.intake.models import Evidence, IdempotencyKey, Report, ReportEvent
from netra.intake.services import (
    IdempotencyConflict,
    correction_deadline,
    report_access,
    report_event_add,
    report_evidence_add,
    report_message_from_reporter,
    report_message_to_reporter,
    report_status_set,
    report_submit,
    reporter_identity_reveal,
)
from netra.intake.tests.fixtures import BOGOR, png_bytes, report_input, upload

pytestmark = pytest.mark.django_db


def test_submit_stores_report_timeline_audit_and_encrypted_identity(make_report):
    # Given a confidential report, When submitted
    report, key = make_report(files=[upload("foto.png", png_bytes())])
    # Then it has a tracking number, a key that opens it, one event and one audit row
    assert report.tracking_number.startswith("NTR-")
    assert report_access(report.tracking_number, key) == report
    assert report.events.count() == 1 and report.evidence.count() == 1
    assert report.links.get().url == "https://example.org/post/1"
    event = AuditEvent.objects.get(action=ReportAction.SUBMITTED)
    # No identity in the audit payload, in clear columns or anywhere but the envelope
    payload = str(event.payload)
    for secret in ("Siti", "siti@example.invalid", "081234567890", "Mawar", key):
        assert secret not in payload
    row = Report.objects.filter(pk=report.pk).values().get()
    assert not any("Siti" in str(v) or "Mawar" in str(v) for v in row.values())
    assert crypto.open_envelope(report.reporter_envelope)["name"] == "Siti Pelapor"
    assert report.has_contact is True
    assert key.replace("-", "") not in str(row)


def test_anonymous_report_keeps_no_identity_even_if_typed(make_report):
    report, _ = make_report(
        reporter_mode="anonymous", reporter={"name": "X", "address": "Y"}, witnesses=""
    )
    assert report.reporter_envelope == "" and report.has_contact is False
    assert "reporter_identity" in report.guidance["formal_missing"]


def test_key_opens_only_its_own_report_and_unknown_equals_wrong(make_report):
    first, key1 = make_report()
    second, key2 = make_report()
    assert report_access(first.tracking_number, key1) == first
    assert report_access(first.tracking_number, key2) is None
    assert report_access(second.tracking_number, key1) is None
    assert report_access("NTR-24-0000-0000", key1) is None
    assert report_access("garbage", "garbage") is None
    assert report_access(first.tracking_number.lower().replace("-", ""), key1.lower()) == first


def test_idempotent_retry_returns_the_same_report_and_key(make_report):
    report, key = make_report(idempotency_key="abc12345", files=[upload("a.png", png_bytes())])
    again, key_again = make_report(idempotency_key="abc12345", files=[upload("a.png", png_bytes())])
    assert again == report and key_again == key
    assert Report.objects.count() == 1 and Evidence.objects.count() == 1
    staged = [p for p in evidence.staging_dir().rglob("*") if p.is_file()]
    assert staged == []  # the retry's staged copy is in place and its journal gone


def test_same_idempotency_key_different_body_conflicts_and_stores_nothing(make_report):
    make_report(idempotency_key="abc12345")
    with pytest.raises(IdempotencyConflict):
        make_report(idempotency_key="abc12345", description="Sesuatu yang lain sama sekali.")
    assert Report.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_bad_region_is_refused_before_anything_is_stored(intake_reference):
    from netra.regions.models import Region

    village_level = Region(code="99.99.99.9999", level=4)
    with pytest.raises(ReportRefused):
        report_submit(data=report_input(region=village_level), files=[upload("a.png", png_bytes())])
    assert Report.objects.count() == 0
    assert list(evidence.staging_dir().iterdir()) == []


def test_rejected_evidence_stores_no_report_and_no_file(intake_reference):
    files = [upload("ok.png", png_bytes()), upload("evil.jpg", b"<html><script>x</script>")]
    with pytest.raises(evidence.EvidenceRejected):
        report_submit(data=report_input(), files=files)
    assert Report.objects.count() == 0 and Evidence.objects.count() == 0
    assert not any(p.is_file() for p in evidence.evidence_root().rglob("*"))


def test_late_report_is_accepted_and_marked_late_in_calendar_days(intake_reference):
    from netra.elections.models import Election

    pilkada = Election.objects.get(slug="pilkada-2024")
    with freeze_time("2024-11-20"):
        report, _ = report_submit(
            data=report_input(
                election=pilkada,
                learned_date=dt.date(2024, 11, 12),
                event_date=dt.date(2024, 11, 12),
            )
        )
    window = report.guidance["window"]
    assert window == {
        "election_kind": "regional",
        "days": 7,
        "unit": "calendar",
        "learned_on": "2024-11-12",
        "deadline": "2024-11-19",
        "late": True,
    }
    assert "within_window" in report.guidance["formal_missing"]


def test_general_election_window_counts_working_days(intake_reference):
    from netra.elections.models import Election

    pemilu = Election.objects.get(slug="pemilu-2024")
    # Learned on Friday 2 Feb 2024: 7 working days skip weekends and the 8 Feb holiday.
    with freeze_time("2024-02-13"):
        report, _ = report_submit(
            data=report_input(election=pemilu, learned_date=dt.date(2024, 2, 2))
        )
    window = report.guidance["window"]
    assert window["unit"] == "working"
    assert dt.date.fromisoformat(window["deadline"]) > dt.date(2024, 2, 11)
    assert window["late"] is False


def test_window_is_read_from_the_dated_setting(intake_reference):
    from netra.intake.guidance import window_rule
    from netra.rules.models import RuleSetting

    row = RuleSetting.objects.filter(code="report.window.general.days").get()
    RuleSetting.objects.create(
        code=row.code, version=2, value="14", label_id=row.label_id, valid_from=dt.date(2030, 1, 1)
    )
    assert window_rule("general", dt.date(2029, 12, 31)) == (7, "working")
    assert window_rule("general", dt.date(2030, 1, 2)) == (14, "working")


def test_guidance_lists_missing_material(make_report):
    report, _ = make_report(description="singkat", witnesses="", links=[], place_text="")
    assert set(report.guidance["material_missing"]) == {
        "time_place",
        "description",
        "witnesses",
        "evidence",
    }


def test_messages_status_and_events_drive_the_public_timeline(
    make_report, make_staff, django_capture_on_commit_callbacks
):
    report, _ = make_report()
    officer = make_staff(role="bawaslu_officer", region=BOGOR)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = report_message_to_reporter(
            actor=officer,
            report=report,
            body="Mohon lengkapi waktu kejadian.",
            reply_by=correction_deadline(),
        )
        report_status_set(actor=officer, report=report, status=PublicStatus.NEEDS_CORRECTION)
    assert message.reply_by == dt.date.today() + dt.timedelta(days=3) or message.reply_by
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["siti@example.invalid"]
    assert "Mohon" not in mail.outbox[0].body  # the content stays behind the key
    report_message_from_reporter(report=report, body="Kejadian pukul 10 pagi.")
    report_event_add(
        actor=officer, report=report, text_id="Laporan diteruskan.", text_en="Report forwarded."
    )
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "message_to_reporter",
        "status_changed",
        "message_from_reporter",
        "note",
    ]
    report.refresh_from_db()
    assert report.public_status == "needs_correction"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        ReportAction.MESSAGE_TO_REPORTER,
        ReportAction.STATUS_SET,
        ReportAction.MESSAGE_FROM_REPORTER,
        ReportAction.EVENT_ADDED,
    } <= actions


def test_bad_service_input_is_refused(make_report, make_staff):
    report, _ = make_report()
    officer = make_staff(region=BOGOR)
    with pytest.raises(ValidationError):
        report_status_set(actor=officer, report=report, status="bogus")
    with pytest.raises(ValidationError):
        report_message_from_reporter(report=report, body="   ")
    with pytest.raises(ValidationError):
        report_message_to_reporter(
            actor=officer, report=report, body="x", reply_by=dt.date(2000, 1, 1)
        )
    with pytest.raises(ValidationError):
        report_evidence_add(report=report, files=[])


def test_identity_reveal_is_audited_and_refused_to_other_roles(make_report, make_staff):
    report, _ = make_report()
    officer = make_staff(role="bawaslu_officer", region=BOGOR)
    identity = reporter_identity_reveal(actor=officer, report=report)
    assert identity["name"] == "Siti Pelapor" and identity["witnesses"] == "Budi (tetangga)"
    revealed = AuditEvent.objects.get(action=ReportAction.IDENTITY_REVEALED)
    assert revealed.actor_id == officer.pk and "Siti" not in str(revealed.payload)
    for role, region in (
        ("agency_hr", BOGOR),
        ("ppk_officer", BOGOR),
        ("auditor", BOGOR),
        ("bawaslu_officer", "15"),
    ):
        other = make_staff(role=role, region=region)
        with pytest.raises(PermissionDenied):
            reporter_identity_reveal(actor=other, report=report)
    assert AuditEvent.objects.filter(action=ReportAction.IDENTITY_REFUSED).count() == 4


def test_evidence_add_later_and_duplicates_are_ignored(
    make_report, django_capture_on_commit_callbacks
):
    report, _ = make_report(files=[upload("a.png", png_bytes())])
    with django_capture_on_commit_callbacks(execute=True):
        rows = report_evidence_add(
            report=report,
            files=[upload("a2.png", png_bytes()), upload("b.png", png_bytes(color=(1, 2, 3)))],
        )
    assert len(rows) == 1 and report.evidence.count() == 2


def test_evidence_count_limit_over_the_report(make_report, settings):
    settings.INTAKE_EVIDENCE_MAX_FILES = 2
    report, _ = make_report(files=[upload("a.png", png_bytes())])
    with pytest.raises(evidence.EvidenceRejected):
        report_evidence_add(
            report=report, files=[upload(f"{i}.png", png_bytes(color=(i, 0, 0))) for i in range(2)]
        )
