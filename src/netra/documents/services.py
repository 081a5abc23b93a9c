"""Writes of the documents app: issue, revoke, and the audited read of a stored PDF."""

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.audit.services import audit_record, audited_read
from netra.documents import codes, pdf, storage
from netra.documents.choices import DocumentKind, DocumentStatus
from netra.documents.constants import (
    ALLOWED_PUBLIC_FIELDS,
    PUBLIC_FIELD_MAX_LENGTH,
    SUBJECT_REF_MAX_LENGTH,
)
from netra.documents.models import IssuedDocument
from netra.documents.storage import DocumentIntegrityError

__all__ = ["DocumentIntegrityError", "document_issue", "document_open", "document_revoke"]

CODE_ATTEMPTS = 5


def _clean_public_fields(kind: str, public_fields: dict) -> dict[str, str]:
    if not isinstance(public_fields, dict):
        raise ValidationError(
            {"public_fields": _("Data publik harus berupa pasangan kunci-nilai.")}
        )
    allowed = ALLOWED_PUBLIC_FIELDS[DocumentKind(kind)]
    extra = sorted(set(public_fields) - allowed)
    if extra:
        raise ValidationError(
            {
                "public_fields": _("Data ini tidak boleh tampil di halaman verifikasi: %(keys)s")
                % {"keys": ", ".join(map(str, extra))}
            }
        )
    clean = {}
    for key, value in public_fields.items():
        if not isinstance(value, str) or not value.strip() or len(value) > PUBLIC_FIELD_MAX_LENGTH:
            raise ValidationError(
                {"public_fields": _("Nilai data publik tidak sah: %(key)s") % {"key": key}}
            )
        clean[key] = value.strip()
    return clean


def _clean(kind: str, title: str, issuer: str, subject_ref: str) -> None:
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Jenis dokumen tidak dikenal.")
    if not title.strip() or len(title) > 255:
        errors["title"] = _("Judul wajib diisi (paling banyak 255 karakter).")
    if not issuer.strip() or len(issuer) > 255:
        errors["issuer"] = _("Penerbit wajib diisi (paling banyak 255 karakter).")
    if len(subject_ref) > SUBJECT_REF_MAX_LENGTH or (subject_ref and ":" not in subject_ref):
        errors["subject_ref"] = _("Rujukan subjek harus berbentuk app.model:id.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_issue(
    *,
    actor: Any,
    kind: str,
    title: str,
    issuer: str,
    template: str,
    context: dict,
    public_fields: dict,
    subject_ref: str = "",
) -> IssuedDocument:
    """Render the template to PDF with a fresh verification code, store it and record it.

    `public_fields` is exactly what the public verification page may show; the allowed keys
    depend on `kind` (constants.ALLOWED_PUBLIC_FIELDS). The PDF reaches its final path only
    when the transaction commits.
    """
    _clean(kind, title, issuer, subject_ref)
    fields = _clean_public_fields(kind, public_fields)
    issued_at = timezone.now()
    code = codes.code_new()
    for _attempt in range(CODE_ATTEMPTS):
        if not IssuedDocument.objects.filter(code=code).exists():
            break
        code = codes.code_new()
    page_context = {
        **context,
        "title": title,
        "issuer": issuer,
        "issued_at": issued_at,
        "issued_on": context.get("issued_on") or issued_at.date(),
    }
    _html, data = pdf.render_pdf(template, page_context, code=code)
    sha256 = hashlib.sha256(data).hexdigest()
    staged = storage.stage(data)
    try:
        with transaction.atomic():
            document = IssuedDocument.objects.create(
                code=code,
                kind=kind,
                title=title.strip(),
                issuer=issuer.strip(),
                issued_at=issued_at,
                issued_by=actor,
                public_fields=fields,
                sha256=sha256,
                size=len(data),
                subject_ref=subject_ref,
            )
    except IntegrityError:
        staged.unlink(missing_ok=True)
        raise
    audit_record(
        actor=actor,
        action="documents.document_issued",
        target=document,
        payload={
            "code": code,
            "kind": kind,
            "sha256": sha256,
            "size": len(data),
            "subject_ref": subject_ref,
            "public_fields": sorted(fields),
        },
    )
    transaction.on_commit(lambda: storage.place(staged, sha256))
    return document


@transaction.atomic
def document_revoke(*, actor: Any, document: IssuedDocument, reason: str) -> IssuedDocument:
    """Mark a document revoked; the verify page then says so (with the date, not the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status == DocumentStatus.REVOKED:
        raise ValidationError({"status": _("Dokumen ini sudah dicabut.")})
    locked.status = DocumentStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = actor
    locked.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action="documents.document_revoked",
        target=locked,
        payload={"code": locked.code, "reason": reason},
    )
    return locked


def document_open(*, actor: Any, document: IssuedDocument) -> bytes:
    """The stored PDF bytes, re-hashed on every read; raises DocumentIntegrityError.

    A failed check is recorded in the audit chain (in its own transaction) before raising.
    """
    return audited_read(
        actor=actor,
        target=document,
        read=lambda: storage.read_verified(document.sha256),
        error=DocumentIntegrityError,
        opened="documents.document_opened",
        failed="documents.integrity_failed",
        payload={"code": document.code},
    )
