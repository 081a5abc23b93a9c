"""Issuing, revoking and opening documents: storage, integrity, public-field rules, audit."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from netra.audit.models import AuditEvent
from netra.documents import codes, pdf, storage
from netra.documents.choices import DocumentStatus
from netra.documents.models import IssuedDocument
from netra.documents.selectors import documents_for_subject
from netra.documents.services import (
    DocumentIntegrityError,
    document_issue,
    document_open,
    document_revoke,
)

pytestmark = pytest.mark.django_db


def test_issue_stores_the_pdf_content_addressed_and_records_it(issue_document, make_staff):
    officer = make_staff()
    document = issue_document(
        actor=officer,
        kind="recommendation_letter",
        public_fields={"letter_number": "001/REK/2026"},
        subject_ref="cases.case:7d1c",
    )
    path = storage.stored_path(document.sha256)
    assert path.is_file() and path.parent.parent == storage.documents_root()
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == document.sha256 and document.size == len(data)
    assert codes.normalise(document.code) == document.code
    assert document.issued_by == officer and document.status == DocumentStatus.VALID
    event = AuditEvent.objects.get(action="documents.document_issued")
    assert event.actor_id == officer.pk and event.payload["code"] == document.code
    assert event.payload["sha256"] == document.sha256
    assert list(documents_for_subject("cases.case:7d1c")) == [document]
    assert list(documents_for_subject("cases.case:other")) == []


def test_the_rendered_html_of_an_issued_document_carries_its_code(issue_document, monkeypatch):
    seen = {}
    real = pdf.render_pdf

    def spy(template, context, *, code):
        html, data = real(template, context, code=code)
        seen.update(html=html, data=data)
        return html, data

    monkeypatch.setattr(pdf, "render_pdf", spy)
    document = issue_document(title="Surat pemberitahuan")
    assert document.code in seen["html"] and "Surat pemberitahuan" in seen["html"]
    assert hashlib.sha256(seen["data"]).hexdigest() == document.sha256


def _staged_files():
    return [p for p in storage.staging_dir().rglob("*") if p.is_file()]


def test_pdf_is_in_place_before_the_commit_even_if_on_commit_never_runs(
    django_capture_on_commit_callbacks,
):
    # A crash right after the commit: the on_commit callbacks never run (issue 15).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_issue(
            actor=None,
            kind="other",
            title="T",
            issuer="Bawaslu",
            template="documents/pdf/notice.html",
            context={},
            public_fields={},
        )
    assert storage.stored_path(document.sha256).exists()
    assert [p.parent.name for p in _staged_files()] == ["promoting"]  # only the journal
    # The journal left behind is harmless: the sweep keeps the file a row names.
    assert storage.sweep_staging(older_than_seconds=-1) == 0
    assert storage.STORE.check() == (1, [])
    for callback in callbacks:
        callback()
    assert _staged_files() == []


def test_a_failed_issue_leaves_no_row_no_event_and_the_sweep_removes_the_staged_file(
    monkeypatch,
):
    from netra.documents import services

    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        document_issue(
            actor=None,
            kind="other",
            title="T",
            issuer="Bawaslu",
            template="documents/pdf/notice.html",
            context={},
            public_fields={},
        )
    assert not IssuedDocument.objects.exists() and not AuditEvent.objects.exists()
    # The PDF went in place before the (rolled back) commit; no row names it, so the sweep
    # removes it with its journal.
    assert storage.sweep_staging(older_than_seconds=-1) == 1
    assert _staged_files() == [] and not list(storage.documents_root().glob("??/*.pdf"))


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("recommendation_letter", {"name": "Budi Santoso"}),
        ("ppk_notification", {"agency": "Dinas Pendidikan"}),
        ("other", {"nip": "198001012005011001"}),
        ("pledge_certificate", {"name": ""}),
        ("pledge_certificate", {"name": 42}),
        ("pledge_certificate", {"name": "x" * 201}),
        ("pledge_certificate", ["name"]),
    ],
)
def test_public_fields_are_refused_beyond_what_the_kind_may_show(kind, fields):
    with pytest.raises(ValidationError) as exc:
        document_issue(
            actor=None,
            kind=kind,
            title="T",
            issuer="Bawaslu",
            template="documents/pdf/notice.html",
            context={},
            public_fields=fields,
        )
    assert "public_fields" in exc.value.message_dict
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("kind", {"kind": "poster"}),
        ("title", {"title": "  "}),
        ("issuer", {"issuer": ""}),
        ("subject_ref", {"subject_ref": "no-colon"}),
    ],
)
def test_bad_arguments_are_refused(field, kwargs):
    arguments = {
        "actor": None,
        "kind": "other",
        "title": "T",
        "issuer": "Bawaslu",
        "template": "documents/pdf/notice.html",
        "context": {},
        "public_fields": {},
        **kwargs,
    }
    with pytest.raises(ValidationError) as exc:
        document_issue(**arguments)
    assert field in exc.value.message_dict


def test_pledge_certificate_may_show_name_and_agency(issue_document):
    document = issue_document(
        kind="pledge_certificate", public_fields={"name": " Siti Aminah ", "agency": "Dinas"}
    )
    assert document.public_fields == {"name": "Siti Aminah", "agency": "Dinas"}


def test_revoke_records_time_reason_and_event(issue_document, make_staff):
    officer = make_staff()
    document = issue_document()
    revoked = document_revoke(actor=officer, document=document, reason="Salah alamat")
    assert revoked.status == DocumentStatus.REVOKED and revoked.revoked_at is not None
    assert revoked.revoked_reason == "Salah alamat" and revoked.revoked_by == officer
    event = AuditEvent.objects.get(action="documents.document_revoked")
    assert event.payload == {"code": document.code, "reason": "Salah alamat"}
    with pytest.raises(ValidationError):
        document_revoke(actor=officer, document=document, reason="lagi")


def test_revoke_needs_a_reason(issue_document):
    document = issue_document()
    with pytest.raises(ValidationError):
        document_revoke(actor=None, document=document, reason="  ")
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID


def test_open_returns_verified_bytes_and_is_audited(issue_document, make_staff):
    officer = make_staff()
    document = issue_document()
    data = document_open(actor=officer, document=document)
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert AuditEvent.objects.filter(action="documents.document_opened").count() == 1


def test_open_detects_a_tampered_file(issue_document):
    document = issue_document()
    path = storage.stored_path(document.sha256)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentIntegrityError):
        document_open(actor=None, document=document)
    event = AuditEvent.objects.get(action="documents.integrity_failed")
    assert event.payload["problem"] == "mismatch"
    assert not AuditEvent.objects.filter(action="documents.document_opened").exists()


def test_open_detects_a_missing_file(issue_document):
    document = issue_document()
    storage.stored_path(document.sha256).unlink()
    with pytest.raises(DocumentIntegrityError):
        document_open(actor=None, document=document)
