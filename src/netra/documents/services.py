"""Writes of the documents app: issue (a letter with its number, superseding the previous one
of its kind), revoke, the audited read of a stored PDF, letter numbers and the institutions'
letter settings."""

import datetime as dt
import hashlib
import tomllib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.audit.services import audit_record, audited_read
from netra.documents import codes, pdf, storage
from netra.documents.choices import DocumentKind, DocumentStatus, InstitutionKind
from netra.documents.constants import (
    ALLOWED_PUBLIC_FIELDS,
    PUBLIC_FIELD_MAX_LENGTH,
    SUBJECT_REF_MAX_LENGTH,
)
from netra.documents.models import IssuedDocument, LetterInstitution, LetterNumberCounter
from netra.documents.numbering import format_number
from netra.documents.storage import DocumentIntegrityError

__all__ = [
    "DocumentIntegrityError",
    "document_issue",
    "document_open",
    "document_revoke",
    "documents_load_reference",
    "letter_institution_save",
    "letter_number_allocate",
]

INSTITUTIONS_FILE = Path(__file__).resolve().parent / "data" / "institutions.toml"

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
    letter_number: str = "",
    institution: LetterInstitution | None = None,
    supersede: bool = False,
) -> IssuedDocument:
    """Render the template to PDF with a fresh verification code, store it and record it.

    `public_fields` is exactly what the public verification page may show; the allowed keys
    depend on `kind` (constants.ALLOWED_PUBLIC_FIELDS). The PDF reaches its final path only
    when the transaction commits. With `supersede`, the current documents of the same kind
    about the same subject are marked as replaced by this one (their verify page says so).
    """
    _clean(kind, title, issuer, subject_ref)
    if supersede and not subject_ref:
        raise ValidationError({"subject_ref": _("Dokumen pengganti harus punya rujukan subjek.")})
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
            # In place before the row commits (content_store.py): an issued document never
            # waits for a move that a crash could skip.
            storage.promote_until_commit(staged, sha256)
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
                letter_number=letter_number,
                institution=institution,
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
            "letter_number": letter_number,
        },
    )
    if supersede:
        _supersede_previous(actor=actor, document=document)
    return document


def _supersede_previous(*, actor: Any, document: IssuedDocument) -> None:
    previous = (
        IssuedDocument.objects.select_for_update()
        .filter(
            subject_ref=document.subject_ref,
            kind=document.kind,
            status=DocumentStatus.VALID,
            superseded_by__isnull=True,
        )
        .exclude(pk=document.pk)
        .order_by("issued_at", "id")
    )
    for old in previous:
        old.superseded_by = document
        old.superseded_at = document.issued_at
        old.save(update_fields=["superseded_by", "superseded_at"])
        audit_record(
            actor=actor,
            action="documents.document_superseded",
            target=old,
            payload={
                "code": old.code,
                "letter_number": old.letter_number,
                "superseded_by": document.code,
                "superseded_by_number": document.letter_number,
            },
        )


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


# --- Letter numbers and the institutions' letter settings -------------------------------------


@transaction.atomic
def letter_number_allocate(*, institution: LetterInstitution, day: dt.date) -> tuple[int, str]:
    """The next running number of `institution` in `day`'s year and the letter number its
    format makes of it. The counter row is locked (`select_for_update`) until the caller's
    transaction ends, so two letters issued at the same time never share a number, and a
    letter that fails to issue gives its number back (the whole transaction rolls back)."""
    counters = LetterNumberCounter.objects.select_for_update()
    counter = counters.filter(institution=institution, year=day.year).first()
    if counter is None:
        try:
            with transaction.atomic():
                LetterNumberCounter.objects.create(institution=institution, year=day.year)
        except IntegrityError:
            pass  # another transaction created it first; wait for its lock below
        counter = counters.get(institution=institution, year=day.year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq, format_number(institution.number_format, seq=counter.last_seq, day=day)


_SETTINGS_FIELDS = (
    "kind",
    "authority_code",
    "name",
    "letterhead",
    "address",
    "place",
    "addressee",
    "signatory_name",
    "signatory_position",
    "number_format",
)


@transaction.atomic
def letter_institution_save(*, actor: Any, institution: LetterInstitution) -> LetterInstitution:
    """Create or change an institution's letter settings (validated, audited with what
    changed). Letters already issued keep what they were printed with."""
    institution.full_clean()
    before = {}
    if institution.pk:
        old = LetterInstitution.objects.select_for_update().get(pk=institution.pk)
        before = {name: getattr(old, name) for name in (*_SETTINGS_FIELDS, "region_id")}
    institution.save()
    after = {name: getattr(institution, name) for name in (*_SETTINGS_FIELDS, "region_id")}
    changed = sorted(name for name in after if before.get(name) != after[name])
    audit_record(
        actor=actor,
        action=("documents.institution_changed" if before else "documents.institution_created"),
        target=institution,
        payload={"code": institution.code, "changed": changed},
    )
    return institution


class InstitutionDataError(ValueError):
    """The institutions data file is malformed; nothing is stored."""


def _institution_rows(path: Path) -> list[dict]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise InstitutionDataError(f"{path.name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InstitutionDataError(f"{path.name}: {exc}") from exc
    rows = data.get("institution", [])
    if not isinstance(rows, list):
        raise InstitutionDataError(f"{path.name}: [[institution]] must be a list of tables")
    return rows


@transaction.atomic
def documents_load_reference(*, actor=None, path: Path | None = None) -> dict:
    """Create the national institutions' letter settings of `data/institutions.toml` that do
    not exist yet (by code); an existing row is never overwritten (operators edit it in the
    admin). All or nothing; one audit event when something was created."""
    path = path or INSTITUTIONS_FILE
    counts = {"source": 0, "created": 0, "unchanged": 0}
    existing = set(LetterInstitution.objects.values_list("code", flat=True))
    seen: set[str] = set()
    created = []
    for number, row in enumerate(_institution_rows(path), start=1):
        code = str(row.get("code") or "").strip()
        where = f"{path.name}: institution #{number} ({code or '?'})"
        if not code or code in seen:
            raise InstitutionDataError(f"{where}: code missing or repeated")
        seen.add(code)
        counts["source"] += 1
        if code in existing:
            counts["unchanged"] += 1
            continue
        unknown = sorted(set(row) - {"code", *_SETTINGS_FIELDS})
        if unknown:
            raise InstitutionDataError(f"{where}: unknown keys {unknown}")
        if row.get("kind") not in InstitutionKind.values:
            raise InstitutionDataError(f"{where}: kind must be one of {InstitutionKind.values}")
        institution = LetterInstitution(
            code=code, **{key: str(row.get(key) or "").strip() for key in _SETTINGS_FIELDS}
        )
        try:
            institution.full_clean()
        except ValidationError as exc:
            raise InstitutionDataError(f"{where}: {exc.messages}") from exc
        institution.save()
        created.append(code)
        counts["created"] += 1
    if created:
        audit_record(
            actor=actor,
            action="documents.reference_loaded",
            target=("documents.letterinstitution", "reference"),
            payload={"counts": counts, "created": created},
        )
    return counts
