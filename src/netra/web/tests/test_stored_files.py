"""Every content-addressed store (issued documents, decree files, activity materials, integrity
pacts; evidence has its own tests) survives a crash between promote and commit (issue 15): no
committed row lacks its file, the sweep removes only files no row names, an old staged copy a
row needs is put in place, and `netra files check` and its task notice a missing file."""

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from netra import content_store
from netra.audit.models import AuditEvent
from netra.documents import storage as document_storage
from netra.documents.models import IssuedDocument
from netra.documents.services import document_issue
from netra.faults import FaultInjected
from netra.prevention import storage as prevention_storage
from netra.prevention.choices import ActivityKind
from netra.prevention.models import ActivityMaterial, IntegrityPact
from netra.prevention.services.activities import activity_create, material_add
from netra.prevention.services.pacts import pact_upload
from netra.sanctions import services as sanction_services
from netra.sanctions import storage as decree_storage
from netra.sanctions.models import Decision
from netra.sanctions.tests.fixtures import START
from netra.web.tasks import files_check_task, files_sweep_task

pytestmark = pytest.mark.django_db

PDF_A = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
PDF_B = PDF_A.replace(b"1.4", b"1.7")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _documents(request):
    def write(_content):  # each issued PDF differs (its code is printed on it)
        return document_issue(
            actor=None,
            kind="other",
            title="T",
            issuer="Bawaslu",
            template="documents/pdf/notice.html",
            context={},
            public_fields={},
        )

    return document_storage.STORE, IssuedDocument, "sha256", write


def _decrees(request):
    w = request.getfixturevalue("sanctions_world")

    def write(content):
        with freeze_time(START):
            case = w["to_ppk"]()
            return sanction_services.decision_record(
                actor=w["ppk"],
                case=case,
                sanction_code="PNS_PP94_DEMOTION_12M",
                decree_number="800/123/BKPSDM/2024",
                decree_date=dt.date(2024, 10, 1),
                received_on=dt.date(2024, 10, 1),
                decree_file=SimpleUploadedFile("sk.pdf", content),
            )

    return decree_storage.STORE, Decision, "file_sha256", write


def _materials(request):
    w = request.getfixturevalue("prevention_world")
    activity = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.APEL,
        title="Apel netralitas ASN",
        election=w["election"],
        held_on=w["today"],
    )

    def write(content):
        return material_add(
            actor=w["hr"],
            activity=activity,
            title="Paparan",
            upload=SimpleUploadedFile("paparan.pdf", content),
        )

    return prevention_storage.STORE, ActivityMaterial, "sha256", write


def _pacts(request):
    w = request.getfixturevalue("prevention_world")
    units = iter(["education", "health", "secretariat"])

    def write(content):
        return pact_upload(
            actor=w["hr"],
            unit=w["units"][next(units)],
            election=w["election"],
            signer_name="Kepala Dinas",
            signer_position="Kepala Dinas",
            signed_on=w["today"] - dt.timedelta(days=1),
            upload=SimpleUploadedFile("pakta.pdf", content),
        )

    return prevention_storage.STORE, IntegrityPact, "sha256", write


WRITERS = {"documents": _documents, "decrees": _decrees, "materials": _materials, "pacts": _pacts}


@pytest.fixture(params=sorted(WRITERS))
def writer(request):
    return WRITERS[request.param](request)


def _stored(store) -> set[Path]:
    """Files in the store's final places (not staging, not the lock)."""
    root = store.root()
    return {
        p
        for p in root.rglob("*")
        if p.is_file() and p.name != ".lock" and "staging" not in p.relative_to(root).parts
    }


def _staged(store) -> list[Path]:
    return [p for p in store.staging().rglob("*") if p.is_file()]


def _age_staging(store, seconds=2 * 24 * 3600):
    past = time.time() - seconds
    for path in _staged(store):
        os.utime(path, (past, past))


def _named(model, field) -> set[str]:
    return set(model.objects.values_list(field, flat=True))


def test_crash_between_promote_and_commit_leaves_no_row_and_the_sweep_removes_only_orphans(
    writer, settings, django_capture_on_commit_callbacks
):
    store, model, field, write = writer
    with django_capture_on_commit_callbacks(execute=True):
        kept = write(PDF_A)
    kept_sha = getattr(kept, field)
    rows = model.objects.count()
    settings.NETRA_FAULTS = f"{store.label}.after_promote=raise"
    for content in (PDF_B, PDF_A):  # new content, and content a committed row already names
        with pytest.raises(FaultInjected):
            write(content)
    settings.NETRA_FAULTS = ""
    assert model.objects.count() == rows  # nothing acknowledged
    # The crashed writes' files are in place with their journals; a row names only one.
    assert len(_stored(store)) >= 2
    assert store.check() == (rows, [])
    # A young journal protects its files; once old, its files no row names are removed.
    assert store.sweep(older_than_seconds=3600) == 0
    _age_staging(store)
    assert store.sweep(older_than_seconds=3600) >= 1
    assert _stored(store) == {store.path(sha) for sha in _named(model, field)}
    assert store.path(kept_sha).is_file()
    assert store.check() == (rows, []) and _staged(store) == []


def test_crash_after_commit_keeps_the_acknowledged_file(
    writer, settings, django_capture_on_commit_callbacks
):
    store, model, field, write = writer
    settings.NETRA_FAULTS = f"{store.label}.after_commit=raise"
    with pytest.raises(FaultInjected), django_capture_on_commit_callbacks(execute=True):
        write(PDF_A)  # committed; the process "dies" before the journal is removed
    settings.NETRA_FAULTS = ""
    row = model.objects.get()
    assert store.path(getattr(row, field)).is_file()
    assert [p.parent.name for p in _staged(store)] == ["promoting"]
    _age_staging(store)
    assert store.sweep(older_than_seconds=3600) == 0  # the file a row names stays
    assert store.check() == (1, []) and _staged(store) == []


def test_the_sweep_finishes_a_promotion_older_versions_left_in_staging(
    writer, django_capture_on_commit_callbacks
):
    # Versions before this order moved the file on commit; a crash there left the row
    # committed and its only copy in staging.
    store, model, field, write = writer
    with django_capture_on_commit_callbacks(execute=True):
        row = write(PDF_A)
    sha = getattr(row, field)
    store.path(sha).rename(store.staging() / "tmp-legacy.pdf")
    assert [p.problem for p in store.check()[1]] == ["missing"]
    _age_staging(store)
    assert store.sweep(older_than_seconds=3600) == 0
    assert store.check() == (1, []) and _staged(store) == []


@pytest.mark.django_db(transaction=True)
def test_promotion_outside_a_transaction_is_refused(tmp_path):
    staged = tmp_path / "x"
    staged.write_bytes(b"x")
    with pytest.raises(RuntimeError):
        document_storage.STORE.promote_until_commit([(staged, "ab" * 32)])
    assert staged.exists() and _stored(document_storage.STORE) == set()


def test_files_check_command_and_task_report_a_missing_file(
    capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good = _documents(None)[3](None)
        bad = _documents(None)[3](None)
    call_command("files", "check", "--store", "documents")
    assert "documents: checked 2 files, 0 problems" in capsys.readouterr().out
    document_storage.stored_path(bad.sha256).unlink()
    document_storage.stored_path(good.sha256).write_bytes(b"%PDF-changed")
    with pytest.raises(CommandError) as failed:
        call_command("files", "check", "--json")
    assert failed.value.returncode == 1
    out = json.loads(capsys.readouterr().out)
    assert out["stores"]["documents"] == {"checked": 2, "problems": 2}
    assert {(p["row"], p["problem"]) for p in out["problems"]} == {
        (f"document {bad.code}", "missing"),
        (f"document {good.code}", "mismatch"),
    }
    # --quick compares existence and the recorded size.
    with pytest.raises(CommandError):
        call_command("files", "check", "--quick", "--store", "documents")
    result = files_check_task()
    assert result["documents"] == {"checked": 2, "failed": 2}
    event = AuditEvent.objects.get(action="audit.files_check_failed")
    assert event.payload["failed"] == 2 and event.actor_label


def test_files_sweep_command_and_task_cover_every_store(capsys, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")  # the evidence sweep cleans it
    labels = {store.label for store in content_store.stores()}
    assert labels == {"evidence", "documents", "decrees", "prevention"}
    call_command("files", "sweep", "--grace", "0")
    out = capsys.readouterr().out
    assert all(f"{label}: removed 0 files" in out for label in labels)
    assert set(files_sweep_task()) == labels - {"evidence"}
