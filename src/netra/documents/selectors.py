"""Reads of the documents app. The verification answer carries only what the public may see."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.db.models import QuerySet

from netra.documents import codes
from netra.documents.choices import DocumentKind, DocumentStatus, VerifyState
from netra.documents.constants import PUBLIC_FIELD_LABELS
from netra.documents.models import IssuedDocument

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
    # The document itself, for the PDF hash comparison; never rendered.
    document: IssuedDocument | None = field(default=None, repr=False, compare=False)

    @property
    def found(self) -> bool:
        return self.state in (VerifyState.VALID, VerifyState.REVOKED)

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
        .only(
            "code",
            "kind",
            "issuer",
            "issued_at",
            "status",
            "revoked_at",
            "public_fields",
            "sha256",
        )
        .first()
    )
    if not canonical:
        return VerifyResult(state=VerifyState.MALFORMED)
    if document is None:
        return VerifyResult(state=VerifyState.NOT_FOUND, code=canonical)
    revoked = document.status == DocumentStatus.REVOKED
    return VerifyResult(
        state=VerifyState.REVOKED if revoked else VerifyState.VALID,
        code=document.code,
        kind=document.kind,
        issuer=document.issuer,
        issued_at=document.issued_at,
        revoked_at=document.revoked_at if revoked else None,
        public_fields=dict(document.public_fields),
        document=document,
    )


def document_matches_upload(document: IssuedDocument, chunks) -> bool:
    """True when the streamed bytes hash to the document's recorded SHA-256."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return hmac.compare_digest(digest.hexdigest(), document.sha256)


def documents_for_subject(subject_ref: str) -> QuerySet[IssuedDocument]:
    """The documents an app issued about one of its objects ("app.model:public_id")."""
    return IssuedDocument.objects.filter(subject_ref=subject_ref).order_by("-issued_at", "-id")


def document_by_code(code: str) -> IssuedDocument | None:
    try:
        canonical = codes.normalise(code)
    except codes.InvalidCode:
        return None
    return IssuedDocument.objects.filter(code=canonical).first()
