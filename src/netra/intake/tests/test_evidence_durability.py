"""Evidence survives a crash at every step (issue 15): files are in place before the rows
commit, the sweep removes only what no row names, a retry heals, and `netra evidence check`
and its periodic task notice a missing or changed file."""

import hashlib
import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netra.audit.models import AuditEvent
from netra.faults import FaultInjected
from netra.intake import evidence
from netra.intake.choices import ReportAction
from netra.intake.models import Evidence, Report
from netra.intake.services import report_evidence_add, report_submit
from netra.intake.tasks import evidence_check_task, evidence_sweep_staging_task
from netra.intake.tests.fixtures import png_bytes, report_input, upload

pytestmark = pytest.mark.django_db


def _files():
    return [p for p in evidence.evidence_root().rglob("*") if p.is_file() and p.name != ".lock"]


def _journals():
    return list((evidence.staging_dir() / "promoting").glob("*.json"))


def _age(path, seconds=7 * 3600):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_files_are_in_place_when_the_commit_returns_even_if_on_commit_never_runs(
    intake_reference, django_capture_on_commit_callbacks
):
    # A crash right after the commit: the on_commit callbacks never run.
    data = png_bytes(color=(7, 7, 7))
    with django_capture_on_commit_callbacks(execute=False):
        report, _ = report_submit(data=report_input(), files=[upload("a.png", data)])
    row = report.evidence.get()
    assert evidence.original_path(row.sha256).read_bytes() == data
    assert evidence.display_path(row.display_sha256).is_file()
    assert evidence.store_check() == (2, [])  # original and display copy
    # The journal left behind is harmless: the sweep keeps the files a row names.
    for journal in _journals():
        _age(journal)
    assert evidence.sweep_staging(older_than_seconds=3600) == 0
    assert evidence.store_check() == (2, []) and _journals() == []


def test_crash_after_promote_leaves_an_orphan_the_sweep_removes(intake_reference, settings):
    settings.NETRA_FAULTS = "evidence.after_promote=raise"
    with pytest.raises(FaultInjected):
        report_submit(data=report_input(), files=[upload("a.png", png_bytes())])
    assert Report.objects.count() == 0
    assert len(_files()) == 3  # original, display copy, journal
    # Within the grace period nothing is touched (the request could still be committing)
    assert evidence.sweep_staging(older_than_seconds=3600) == 0 and len(_files()) == 3
    for journal in _journals():
        _age(journal)
    assert evidence.sweep_staging(older_than_seconds=3600) == 2
    assert _files() == []


def test_crash_after_commit_keeps_the_acknowledged_evidence(
    intake_reference, settings, django_capture_on_commit_callbacks
):
    settings.NETRA_FAULTS = "evidence.after_commit=raise"
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(FaultInjected):
        report_submit(data=report_input(), files=[upload("a.png", png_bytes())])
    assert Evidence.objects.count() == 1  # acknowledged or not, the row committed
    for journal in _journals():
        _age(journal)
    evidence.sweep_staging(older_than_seconds=3600)
    assert evidence.store_check() == (2, [])


def test_a_younger_promotion_of_the_same_content_protects_an_old_orphan(intake_reference):
    data = png_bytes(color=(8, 8, 8))
    sha = hashlib.sha256(data).hexdigest()
    staged = evidence.stage_uploads([upload("a.png", data)])
    old = evidence.promote(staged)  # its request never committed
    _age(old)
    evidence.promote(evidence.stage_uploads([upload("b.png", data)]))  # in flight now
    evidence.sweep_staging(older_than_seconds=3600)
    assert evidence.original_path(sha).read_bytes() == data
    assert not old.exists()


def test_retry_with_the_same_key_puts_a_lost_file_back(make_report):
    data = png_bytes(color=(9, 9, 9))
    report, key = make_report(idempotency_key="retry-0001", files=[upload("a.png", data)])
    row = report.evidence.get()
    evidence.original_path(row.sha256).unlink()  # what the old on_commit crash left
    assert [p.problem for p in evidence.store_check()[1]] == ["missing"]
    again, key_again = make_report(idempotency_key="retry-0001", files=[upload("a.png", data)])
    assert (again, key_again) == (report, key) and Evidence.objects.count() == 1
    assert evidence.store_check() == (2, [])


def test_sweep_finishes_promotion_of_a_staged_file_a_row_needs(make_report):
    data = png_bytes(color=(10, 10, 10))
    report, _ = make_report(files=[upload("a.png", data)])
    row = report.evidence.get()
    # An older version crashed between commit and its on_commit move: the only copy is staged.
    legacy = evidence.staging_dir() / "up-legacy"
    os.replace(evidence.original_path(row.sha256), legacy)
    stray = evidence.staging_dir() / "up-stray"
    stray.write_bytes(b"nobody's")
    for path in (legacy, stray):
        _age(path)
    assert evidence_sweep_staging_task() == 1  # the stray one
    assert evidence.original_path(row.sha256).read_bytes() == data
    assert not legacy.exists() and not stray.exists()
    assert evidence.store_check() == (2, [])


def test_evidence_added_on_the_status_page_is_in_place_before_commit(
    make_report, django_capture_on_commit_callbacks
):
    report, _ = make_report()
    with django_capture_on_commit_callbacks(execute=False):
        rows = report_evidence_add(report=report, files=[upload("b.png", png_bytes())])
    assert evidence.original_path(rows[0].sha256).is_file()


def test_check_command_lists_missing_and_changed_files(make_report, capsys):
    report, _ = make_report(
        files=[upload("a.png", png_bytes()), upload("b.png", png_bytes((9, 9)))]
    )
    call_command("evidence", "check")
    assert "checked 4 evidence files, 0 problems" in capsys.readouterr().out
    first, second = report.evidence.order_by("id")
    evidence.original_path(first.sha256).unlink()
    path = evidence.original_path(second.sha256)
    path.write_bytes(path.read_bytes() + b"!")
    with pytest.raises(CommandError) as caught:
        call_command("evidence", "check")
    assert caught.value.returncode == 1
    out = capsys.readouterr().out
    assert f"evidence {first.public_id}" in out and "original: missing" in out
    assert f"evidence {second.public_id}" in out and "original: mismatch" in out
    with pytest.raises(CommandError):
        call_command("evidence", "check", "--quick", "--json")
    result = json.loads(capsys.readouterr().out)
    assert {p["problem"] for p in result["problems"]} == {"missing", "size"}


def test_periodic_check_alerts_in_the_log_and_the_audit_trail(make_report, caplog):
    report, _ = make_report(files=[upload("a.png", png_bytes())])
    assert evidence_check_task() == {"checked": 2, "failed": 0}
    assert not AuditEvent.objects.filter(action=ReportAction.EVIDENCE_CHECK_FAILED).exists()
    row = report.evidence.get()
    evidence.original_path(row.sha256).unlink()
    with caplog.at_level(logging.ERROR, logger="netra.intake.tasks"):
        assert evidence_check_task(quick=True) == {"checked": 1, "failed": 1}
    assert any(str(row.public_id) in r.getMessage() for r in caplog.records)
    event = AuditEvent.objects.get(action=ReportAction.EVIDENCE_CHECK_FAILED)
    assert event.payload["failed"] == 1


def test_beat_runs_the_checks(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"intake.evidence_check", "intake.evidence_recheck", "intake.sweep_staging"} <= tasks


def test_django_upload_temp_files_live_in_a_swept_directory(settings, tmp_path):
    from pathlib import Path

    assert Path(settings.FILE_UPLOAD_TEMP_DIR).is_relative_to(settings.VAR_DIR)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    old, new = tmp_path / "abc.upload", tmp_path / "def.upload"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    _age(old)
    assert evidence.sweep_staging(older_than_seconds=3600) == 1
    assert not old.exists() and new.exists()


def test_exit_fault_ends_the_process_at_once():
    env = {**os.environ, "NETRA_FAULTS": "a=exit@0,b=exit"}
    code = "from netra.faults import fault_point as f; f('a'); print('a'); f('b'); print('b')"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert done.returncode == 137 and done.stdout.split() == [b"a"]
