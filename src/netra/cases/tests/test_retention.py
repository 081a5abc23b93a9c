"""Retention and purge (RELIABILITY.md T19; ADR 0014): with the clock moved past the retention
period (freezegun), the purge job removes a not-registered report's content, evidence files and
sealed identity, leaves one audit row with ids and counts only, keeps the audit chain intact,
and a second run does nothing. Registered cases (recommendation, study outcome) are never
purged; a dry run changes nothing; a crash between the commit and the file removal is finished
by the next run."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.audit.selectors import audit_chain_verify
from netra.cases import retention
from netra.cases.choices import CaseState as S
from netra.cases.models import Case, CaseEvent
from netra.cases.services import CaseError, case_merge, case_transition, case_unmerge
from netra.cases.tests.fixtures import to_recommendation_to_ppk, to_registered
from netra.intake import crypto, evidence
from netra.intake import retention as intake_retention
from netra.intake.models import Evidence, IdempotencyKey, Report, ReportLink, ReportMessage
from netra.intake.tests.fixtures import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

SENTINELS = ("SENTINEL-DESC", "SENTINEL-PLACE", "SENTINEL-ACCUSED", "Siti Pelapor", "siti@")


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NETRA_RETENTION_UNREGISTERED_DAYS = 365
    settings.NETRA_RETENTION_REPORTER_IDENTITY_DAYS = 730


def later(days: int):
    """freezegun at `days` days from now (a little past, so "more than N days" holds)."""
    return freeze_time(timezone.now() + dt.timedelta(days=days, hours=1), tick=True)


def stored_files() -> list[Path]:
    """Every evidence file on disk (originals, display copies, staging), not the lock files."""
    root = evidence.evidence_root()
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".lock")


def files_of(report: Report) -> list[Path]:
    paths = []
    for row in report.evidence.all():
        paths.append(evidence.original_path(row.sha256))
        if row.display_sha256:
            paths.append(evidence.display_path(row.display_sha256))
    return paths


def not_registered(w, *, files=(), **overrides) -> Case:
    overrides.setdefault("description", "SENTINEL-DESC guru berkampanye di grup kelas.")
    overrides.setdefault("place_text", "SENTINEL-PLACE")
    overrides.setdefault("reported_name", "SENTINEL-ACCUSED")
    case = w["open"](files=list(files), **overrides)
    case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    return case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.NOT_REGISTERED,
        facts={"reason": "SENTINEL-REASON pelapor tidak berhak"},
    )


def with_message(case: Case) -> None:
    ReportMessage.objects.create(report=case.report, direction="to_reporter", body="SENTINEL-MSG")


def purge_events():
    return AuditEvent.objects.filter(
        action__in=[retention.ACTION_CASE_PURGED, retention.ACTION_IDENTITY_ERASED]
    )


def test_nothing_is_purged_before_the_retention_period(case_world):
    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(1, 2, 3)))])
    before = AuditEvent.objects.count()
    paths = files_of(case.report)
    with later(364):
        summary = retention.retention_purge()
    assert not summary.changed and summary.reports == 0
    report = Report.objects.get(pk=case.report_id)
    assert report.purged_at is None and "SENTINEL-DESC" in report.description
    assert report.reporter_envelope and report.evidence.count() == 1
    assert all(p.is_file() for p in paths)
    assert AuditEvent.objects.count() == before


def test_purge_after_the_period_then_a_second_run_is_a_noop(case_world):
    w = case_world
    case = not_registered(
        w,
        files=[
            upload("foto.png", png_bytes(color=(9, 9, 9))),
            upload("surat.pdf", pdf_bytes("SENTINEL-PDF")),
        ],
    )
    with_message(case)
    IdempotencyKey.objects.create(key="k-1", fingerprint="f", report=case.report)
    paths = files_of(case.report)
    assert len(paths) == 3 and all(p.is_file() for p in paths)  # png has a display copy
    report_id, before = case.report_id, AuditEvent.objects.count()

    with later(366):
        first = retention.retention_purge()
    assert (first.cases, first.reports, first.evidence, first.messages, first.links) == (
        1,
        1,
        2,
        1,
        1,
    )
    assert first.files_removed == 3 and first.failed == 0

    report = Report.objects.get(pk=report_id)
    assert report.purged_at is not None and report.identity_erased_at is not None
    assert report.description == report.place_text == report.reported_name == ""
    assert report.reporter_envelope == "" and not report.has_contact
    assert report.guidance == {} and report.tracking_number  # the skeleton stays
    assert not Evidence.objects.filter(report_id=report_id).exists()
    assert not ReportMessage.objects.filter(report_id=report_id).exists()
    assert not ReportLink.objects.filter(report_id=report_id).exists()
    assert not IdempotencyKey.objects.filter(report_id=report_id).exists()
    assert [e.code for e in report.events.all()] == ["retention_purged"]
    # No evidence file is left on disk, nor an empty store directory, nor a journal.
    assert stored_files() == []
    assert not any(p.parent.exists() for p in paths if "display" not in str(p))
    assert intake_retention.purge_journals_pending() == 0

    case.refresh_from_db()
    assert case.purged_at is not None and case.state == S.NOT_REGISTERED
    assert case.person_id is None and "reason" not in case.facts
    assert case.outcome  # the official outcome still counts
    assert not CaseEvent.objects.filter(case=case).exclude(note="").exists()

    # One purge row per case (plus the run's summary), ids and counts only.
    rows = list(AuditEvent.objects.filter(seq__gt=0).order_by("seq"))[before:]
    assert [r.action for r in rows] == [retention.ACTION_CASE_PURGED, retention.ACTION_RUN]
    purge_row = rows[0]
    assert purge_row.object_id == str(case.public_id)
    assert purge_row.payload["reports"] == [report.tracking_number]
    assert purge_row.payload["evidence"] == 2 and purge_row.payload["days"] == 365
    text = json.dumps([r.payload for r in rows])
    assert not any(s in text for s in (*SENTINELS, "SENTINEL-REASON", "SENTINEL-MSG"))
    assert audit_chain_verify().intact

    # The second run, even later, finds nothing and writes nothing.
    count, updated = AuditEvent.objects.count(), report.updated_at
    with later(400):
        second = retention.retention_purge()
    assert not second.changed and second.as_dict()["reports"] == 0
    assert AuditEvent.objects.count() == count
    assert Report.objects.get(pk=report_id).updated_at == updated
    assert audit_chain_verify().intact


def test_registered_cases_and_recommendations_are_never_purged(case_world):
    w = case_world
    recommended = to_recommendation_to_ppk(
        w, w["open"](files=[upload("r.png", png_bytes(color=(5, 5, 5)))])
    )
    studied = to_registered(w, w["open"](files=[upload("s.pdf", pdf_bytes("studi"))]))
    studied = case_transition(actor=w["bawaslu"], case=studied, target=S.STUDY)
    studied = case_transition(
        actor=w["bawaslu"],
        case=studied,
        target=S.NOT_A_VIOLATION,
        facts={"study_findings": "Tidak terbukti"},
    )
    kept = {c.pk: files_of(c.report) for c in (recommended, studied)}
    descriptions = {c.pk: c.report.description for c in (recommended, studied)}

    with later(366):
        summary = retention.retention_purge()
    assert summary.reports == 0 and summary.identities == 0
    with later(5000):
        summary = retention.retention_purge()
    # Rule 2 erased the identity of the study's reporter (case ended); nothing else moved.
    assert summary.reports == 0 and summary.cases == 0 and summary.identities == 1
    for case in (recommended, studied):
        case.refresh_from_db()
        report = Report.objects.get(pk=case.report_id)
        assert case.purged_at is None and report.purged_at is None
        assert report.description == descriptions[case.pk]
        assert report.evidence.count() == 1 and all(p.is_file() for p in kept[case.pk])
    assert Report.objects.get(pk=recommended.report_id).reporter_envelope  # case still open
    erased = Report.objects.get(pk=studied.report_id)
    assert erased.reporter_envelope == "" and erased.identity_erased_at is not None
    assert studied.facts.get("study_findings") == "Tidak terbukti"
    row = AuditEvent.objects.get(action=retention.ACTION_IDENTITY_ERASED)
    assert row.object_id == str(erased.public_id) and set(row.payload) == {"rule", "days"}
    assert audit_chain_verify().intact


def test_identity_is_erased_only_after_its_own_period(case_world):
    w = case_world
    studied = to_registered(w, w["open"]())
    studied = case_transition(actor=w["bawaslu"], case=studied, target=S.STUDY)
    case_transition(
        actor=w["bawaslu"], case=studied, target=S.NOT_A_VIOLATION, facts={"study_findings": "x"}
    )
    with later(700):
        assert retention.retention_purge().identities == 0
    with later(731):
        assert retention.retention_purge().identities == 1
    report = Report.objects.get(pk=studied.report_id)
    assert report.reporter_envelope == "" and "SENTINEL" not in report.description
    assert report.description  # the case record keeps the report's content


def test_a_file_another_report_also_holds_stays(case_world):
    w = case_world
    shared = png_bytes(color=(77, 1, 1))
    purged = not_registered(w, files=[upload("a.png", shared)])
    open_case = w["open"](files=[upload("b.png", shared)])
    paths = files_of(open_case.report)
    with later(366):
        summary = retention.retention_purge()
    assert summary.reports == 1 and summary.files_removed == 0
    assert not Evidence.objects.filter(report_id=purged.report_id).exists()
    assert all(p.is_file() for p in paths)
    assert evidence.store_check()[1] == []


def test_a_duplicate_merged_into_a_not_registered_case_is_purged_with_it(case_world, staff_client):
    w = case_world
    target = w["open"](files=[upload("t.png", png_bytes(color=(3, 3, 30)))])
    duplicate = w["open"](
        files=[upload("d.png", png_bytes(color=(3, 30, 3)))], description="SENTINEL-DUP"
    )
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="SENTINEL-MERGE")
    target = case_transition(actor=w["bawaslu"], case=target, target=S.FORMAL_CHECK)
    case_transition(actor=w["bawaslu"], case=target, target=S.NOT_REGISTERED, note="tidak")
    with later(366):
        summary = retention.retention_purge()
    assert (summary.cases, summary.reports) == (2, 2)
    assert stored_files() == []
    duplicate.refresh_from_db()
    assert duplicate.purged_at is not None
    assert not CaseEvent.objects.filter(case=duplicate).exclude(details={}).exists()
    # A purged case moves no more: undoing the merge is refused.
    with pytest.raises(CaseError) as refused:
        case_unmerge(actor=w["bawaslu"], duplicate=duplicate, reason="keliru")
    assert refused.value.code == "case_purged"
    from django.urls import reverse

    client = staff_client(w["bawaslu"])
    for case in (target, duplicate):
        page = client.get(reverse("cases:detail", kwargs={"case_id": case.public_id}))
        assert page.status_code == 200 and "SENTINEL" not in page.content.decode()


def test_a_merged_report_still_handled_elsewhere_is_kept(case_world):
    """A duplicate merged into a case that is still open follows that case: not purged even
    when the duplicate's own case has long been closed."""
    w = case_world
    target = w["open"]()
    duplicate = w["open"](files=[upload("d.png", png_bytes(color=(60, 6, 6)))])
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="sama")
    with later(5000):
        summary = retention.retention_purge()
    assert summary.reports == 0 and summary.identities == 0
    assert Evidence.objects.filter(report_id=duplicate.report_id).count() == 1


def test_dry_run_changes_nothing(case_world):
    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(4, 44, 4)))])
    paths = files_of(case.report)
    before = AuditEvent.objects.count()
    with later(366):
        summary = retention.retention_purge(dry_run=True)
    assert summary.dry_run and (summary.cases, summary.reports, summary.evidence) == (1, 1, 1)
    assert summary.identities == 0  # counted once, under the purge
    report = Report.objects.get(pk=case.report_id)
    assert report.purged_at is None and report.reporter_envelope
    assert "SENTINEL-DESC" in report.description and all(p.is_file() for p in paths)
    assert AuditEvent.objects.count() == before
    assert intake_retention.purge_journals_pending() == 0


def test_rule_off_when_zero_days(case_world, settings):
    settings.NETRA_RETENTION_UNREGISTERED_DAYS = 0
    settings.NETRA_RETENTION_REPORTER_IDENTITY_DAYS = 0
    not_registered(case_world)
    with later(5000):
        summary = retention.retention_purge()
    assert not summary.changed


def test_a_crash_after_the_commit_is_finished_by_the_next_run(case_world, monkeypatch):
    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(8, 80, 8)))])
    paths = files_of(case.report)
    real_finish = intake_retention.purge_journals_finish
    monkeypatch.setattr(intake_retention, "purge_journals_finish", lambda: 0)
    with later(366):
        first = retention.retention_purge()
    # Rows gone and committed, files still there, the journal names them.
    assert first.reports == 1 and all(p.is_file() for p in paths)
    assert intake_retention.purge_journals_pending() == 1
    monkeypatch.setattr(intake_retention, "purge_journals_finish", real_finish)
    with later(367):
        second = retention.retention_purge()
    assert second.reports == 0 and second.files_removed == len(paths)
    assert stored_files() == [] and intake_retention.purge_journals_pending() == 0


def test_a_failure_inside_the_transaction_rolls_back_and_keeps_the_files(case_world, monkeypatch):
    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(90, 9, 9)))])
    paths = files_of(case.report)

    def boom(case_id, now):
        raise RuntimeError("injected")

    monkeypatch.setattr(retention, "_case_skeleton", boom)
    with later(366):
        summary = retention.retention_purge()
    assert summary.failed == 1 and summary.reports == 0
    report = Report.objects.get(pk=case.report_id)
    assert report.purged_at is None and report.evidence.count() == 1
    assert crypto.open_envelope(report.reporter_envelope)["name"] == "Siti Pelapor"
    assert all(p.is_file() for p in paths)
    # The rolled-back purge's journal is finished without removing a file rows still name.
    intake_retention.purge_journals_finish()
    assert all(p.is_file() for p in paths) and intake_retention.purge_journals_pending() == 0
    assert audit_chain_verify().intact


def test_a_second_run_at_the_same_time_is_refused(case_world):
    with intake_retention.purge_run_lock(), pytest.raises(intake_retention.PurgeBusy):
        retention.retention_purge()


def test_purge_date_of_a_not_registered_case(case_world):
    case = not_registered(case_world)
    due = retention.purge_date(case)
    assert due == case.closed_at + dt.timedelta(days=365)
    assert retention.purge_date(case_world["open"]()) is None


def test_command_dry_run_then_purge(case_world):
    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(2, 22, 2)))])
    out = io.StringIO()
    with later(366):
        call_command("retention", "purge", "--dry-run", "--json", stdout=out)
    counts = json.loads(out.getvalue())
    assert counts["dry_run"] is True and counts["reports"] == 1 and counts["evidence"] == 1
    assert Report.objects.get(pk=case.report_id).purged_at is None

    out = io.StringIO()
    with later(366):
        call_command("retention", "purge", stdout=out)
    assert "1 reports in 1 cases purged" in out.getvalue()
    assert "2 files removed" in out.getvalue()  # original and display copy
    assert Report.objects.get(pk=case.report_id).purged_at is not None

    out = io.StringIO()
    with later(367):
        call_command("retention", "purge", "--json", stdout=out)
    assert json.loads(out.getvalue())["reports"] == 0


def test_command_refuses_while_another_run_holds_the_lock(case_world):
    busy = pytest.raises(CommandError, match="another retention purge")
    with intake_retention.purge_run_lock(), busy:
        call_command("retention", "purge", stdout=io.StringIO())


def test_beat_task_runs_the_purge(case_world):
    from netra.cases.tasks import retention_purge as task

    case = not_registered(case_world)
    with later(366):
        result = task.delay().get()
    assert result["reports"] == 1
    assert Report.objects.get(pk=case.report_id).purged_at is not None


def test_case_page_says_when_the_content_goes_and_that_it_went(case_world, staff_client):
    from django.urls import reverse

    case = not_registered(case_world, files=[upload("a.png", png_bytes(color=(6, 66, 6)))])
    client = staff_client(case_world["bawaslu"])
    url = reverse("cases:detail", kwargs={"case_id": case.public_id})
    html = client.get(url).content.decode()
    assert "akan dihapus setelah" in html and "SENTINEL-DESC" in html
    row = case.report.evidence.get()
    opened = client.get(
        reverse("cases:evidence", kwargs={"case_id": case.public_id, "evidence_id": row.public_id})
    )
    assert opened.status_code == 200  # an audit event about the evidence, deleted below
    with later(366):
        retention.retention_purge()
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "telah dihapus pada" in html
    assert not any(s in html for s in ("SENTINEL-DESC", "SENTINEL-ACCUSED", "SENTINEL-REASON"))
    auditor = staff_client(case_world["auditor"])
    trail = auditor.get(reverse("cases:audit", kwargs={"case_id": case.public_id}))
    text = trail.content.decode()
    assert trail.status_code == 200 and "Isi kasus dihapus sesuai jadwal retensi" in text
    assert "Masa retensi (hari)" in text and case.report.tracking_number in text
    assert not any(s in text for s in ("SENTINEL-DESC", "SENTINEL-ACCUSED", "Siti Pelapor"))
    # The whole trail still reads (events about the deleted evidence row included) and verifies.
    whole = auditor.get(reverse("audit:trail"))
    assert whole.status_code == 200
    assert AuditEvent.objects.filter(action="intake.evidence_opened", object_id=str(row.public_id))
    assert audit_chain_verify().intact
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert "were deleted on" in english.content.decode()


def test_the_receipt_expires_with_the_content(case_world, make_report):
    from netra.cases.services import case_open_from_report
    from netra.intake.services import report_access

    w = case_world
    report, key = make_report(election=w["election"])
    case = case_open_from_report(actor=w["bawaslu"], report=report)
    case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    case_transition(actor=w["bawaslu"], case=case, target=S.NOT_REGISTERED, note="tidak")
    assert report_access(report.tracking_number, key) == report
    with later(366):
        retention.retention_purge()
    assert report_access(report.tracking_number, key) is None
