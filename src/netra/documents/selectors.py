"""Reads of the documents app. The verification answer carries only what the public may see."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.db.models import QuerySet

from netra.documents import codes
from netra.documents.choices import DocumentKind, DocumentStatus, InstitutionKind, VerifyState
from netra.documents.constants import PUBLIC_FIELD_LABELS
from netra.documents.models import IssuedDocument, LetterInstitution

# Looked up when the typed code is malformed, so every answer costs one query (see below).
_NEVER_ISSUED = "VRF-0000-0000-*"


@dataclass(frozen=True)
class VerifyResult:
    state: str
    code: str = ""
    kind: str = ""
    issuer: str = ""
    issued_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    public_fields: dict = field(default_factory=dict)
    # A letter replaced by a re-issued one: when, and by which (its code and letter number).
    superseded_at: dt.datetime | None = None
    replaced_by_code: str = ""
    replaced_by_number: str = ""
    # The document itself, for the PDF hash comparison; never rendered.
    document: IssuedDocument | None = field(default=None, repr=False, compare=False)

    @property
    def found(self) -> bool:
        return self.state in (VerifyState.VALID, VerifyState.REVOKED, VerifyState.SUPERSEDED)

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label if self.kind else ""

    @property
    def state_label(self) -> str:
        return VerifyState(self.state).label

    def public_items(self) -> list[tuple[str, str]]:
        """(label, value) pairs in a fixed order."""
        return [
            (str(label), self.public_fields[key])
            for key, label in PUBLIC_FIELD_LABELS.items()
            if key in self.public_fields
        ]


def document_verify(code: object) -> VerifyResult:
    """Whatever people typed -> valid / revoked / not found / malformed.

    Malformed input still runs one lookup (of a code that is never issued) so that the answer
    takes about as long for every kind of input.
    """
    try:
        canonical = codes.normalise(code)
    except codes.InvalidCode:
        canonical = ""
    document = (
        IssuedDocument.objects.filter(code=canonical or _NEVER_ISSUED)
        .select_related("superseded_by")
        .only(
            "code",
            "kind",
            "issuer",
            "issued_at",
            "status",
            "revoked_at",
            "public_fields",
            "sha256",
            "superseded_at",
            "superseded_by__code",
            "superseded_by__letter_number",
        )
        .first()
    )
    if not canonical:
        return VerifyResult(state=VerifyState.MALFORMED)
    if document is None:
        return VerifyResult(state=VerifyState.NOT_FOUND, code=canonical)
    revoked = document.status == DocumentStatus.REVOKED
    replacement = document.superseded_by
    if revoked:
        state = VerifyState.REVOKED
    elif replacement is not None:
        state = VerifyState.SUPERSEDED
    else:
        state = VerifyState.VALID
    return VerifyResult(
        state=state,
        code=document.code,
        kind=document.kind,
        issuer=document.issuer,
        issued_at=document.issued_at,
        revoked_at=document.revoked_at if revoked else None,
        public_fields=dict(document.public_fields),
        superseded_at=document.superseded_at if replacement else None,
        replaced_by_code=replacement.code if replacement else "",
        replaced_by_number=replacement.letter_number if replacement else "",
        document=document,
    )


def document_matches_upload(document: IssuedDocument, chunks) -> bool:
    """True when the streamed bytes hash to the document's recorded SHA-256."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return hmac.compare_digest(digest.hexdigest(), document.sha256)


def documents_for_subject(subject_ref: str) -> QuerySet[IssuedDocument]:
    """The documents an app issued about one of its objects ("app.model:public_id"), newest
    first, with what replaced them and who issued them."""
    return (
        IssuedDocument.objects.filter(subject_ref=subject_ref)
        .select_related("superseded_by", "issued_by")
        .order_by("-issued_at", "-id")
    )


def subject_ref_of(obj) -> str:
    """The subject reference of a model instance with a `public_id` ("cases.case:<uuid>")."""
    return f"{obj._meta.label_lower}:{obj.public_id}"


def document_current_exists(obj, kind: str) -> bool:
    """Whether a valid, not replaced document of `kind` was issued about `obj`."""
    return IssuedDocument.objects.filter(
        subject_ref=subject_ref_of(obj),
        kind=kind,
        status=DocumentStatus.VALID,
        superseded_by__isnull=True,
    ).exists()


def document_for_subject(subject_ref: str, code: str) -> IssuedDocument | None:
    """The document with this code if it was issued about this subject, else None."""
    try:
        canonical = codes.normalise(code)
    except codes.InvalidCode:
        return None
    return documents_for_subject(subject_ref).filter(code=canonical).first()


def letter_institution_for_bawaslu(region_code: str | None) -> LetterInstitution | None:
    """The letter settings of the Bawaslu of a province or regency/city (None: Bawaslu RI)."""
    rows = LetterInstitution.objects.filter(kind=InstitutionKind.BAWASLU).select_related("region")
    if region_code:
        return rows.filter(region__code=region_code).first()
    return rows.filter(region__isnull=True).first()


def letter_institution_for_authority(authority_code: str) -> LetterInstitution | None:
    """The letter settings of a recommending authority (rules.RecommendingAuthority code)."""
    return LetterInstitution.objects.filter(
        kind=InstitutionKind.AUTHORITY, authority_code=authority_code
    ).first()


def document_by_code(code: str) -> IssuedDocument | None:
    try:
        canonical = codes.normalise(code)
    except codes.InvalidCode:
        return None
    return IssuedDocument.objects.filter(code=canonical).first()
