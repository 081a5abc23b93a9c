"""Writes of the prevention app: integrity pacts (*pakta integritas*) signed by unit heads
(DOMAIN.md §7.2), one per work unit per election.

The signed scan goes through `prevention/storage.py` (PDF, PNG or JPEG, type read from the
content, hashed while staged, placed on commit, re-hashed on every read). A refusal raises
`PactError` and stores nothing: a staged file is discarded.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from netra.audit.services import audit_record, audited_read
from netra.prevention import access, storage
from netra.prevention.errors import PactError
from netra.prevention.errors import PactErrorCode as Code
from netra.prevention.models import IntegrityPact
from netra.refusals import FieldRefusals

MAX_TEXT = 200
__all__ = ["PactError", "pact_file_open", "pact_upload"]


def _duplicate() -> PactError:
    return PactError(Code.DUPLICATE, fields={"unit": Code.DUPLICATE})


def _clean_text(value) -> str:
    return " ".join(str(value or "").split())


def _check(signer_name, signer_position, signed_on, election) -> tuple[str, str]:
    invalid = FieldRefusals()
    name, position = _clean_text(signer_name), _clean_text(signer_position)
    if not name or len(name) > MAX_TEXT:
        invalid.add("signer_name", Code.SIGNER_NAME, max_text=MAX_TEXT)
    if not position or len(position) > MAX_TEXT:
        invalid.add("signer_position", Code.SIGNER_POSITION, max_text=MAX_TEXT)
    if not isinstance(signed_on, dt.date):
        invalid.add("signed_on", Code.SIGNED_ON_REQUIRED)
    elif signed_on > timezone.localdate():
        invalid.add("signed_on", Code.SIGNED_ON_FUTURE)
    elif signed_on > election.vote_date:
        invalid.add("signed_on", Code.SIGNED_AFTER_VOTE)
    invalid.raise_if_any(Code.INVALID, PactError)
    return name, position


@transaction.atomic
def pact_upload(
    *,
    actor: Any,
    unit,
    election,
    signer_name: str,
    signer_position: str,
    signed_on: dt.date,
    upload,
) -> IntegrityPact:
    """Store the signed integrity pact of `unit` for `election`. Managers of the unit's agency
    only; one pact per unit and election."""
    agency = unit.agency
    if not access.may_manage(actor, agency):
        raise PactError(Code.FORBIDDEN)
    name, position = _check(signer_name, signer_position, signed_on, election)
    if IntegrityPact.objects.filter(unit=unit, election=election).exists():
        raise _duplicate()
    if upload is None:
        raise PactError(Code.FILE_REQUIRED, fields={"upload": Code.FILE_REQUIRED})
    try:
        staged = storage.stage(upload)
    except storage.FileRejected as exc:
        raise PactError(exc.error, fields={"upload": exc.error}, **exc.params) from exc
    try:
        with transaction.atomic():
            storage.promote_until_commit(staged)  # in place before the row commits
            pact = IntegrityPact.objects.create(
                agency=agency,
                unit=unit,
                region=agency.region,
                election=election,
                signer_name=name,
                signer_position=position,
                signed_on=signed_on,
                file_name=staged.name,
                content_type=staged.content_type,
                sha256=staged.sha256,
                size=staged.size,
                uploaded_by=actor,
            )
        audit_record(
            actor=actor,
            action="prevention.pact_uploaded",
            target=pact,
            payload={
                "unit": str(unit.public_id),
                "election": election.slug,
                "signed_on": signed_on.isoformat(),
                "sha256": staged.sha256,
                "size": staged.size,
                "content_type": staged.content_type,
            },
        )
    except IntegrityError as exc:
        staged.discard()
        raise _duplicate() from exc
    except BaseException:
        staged.discard()
        raise
    return pact


def pact_file_open(*, actor: Any, pact: IntegrityPact) -> bytes:
    """The signed pact's bytes, re-hashed on every read (PreventionFileIntegrityError if the
    stored file changed); the read, or the failed check, is recorded in the audit chain."""
    return audited_read(
        actor=actor,
        target=pact,
        read=lambda: storage.read_verified(pact.sha256),
        error=storage.PreventionFileIntegrityError,
        opened="prevention.pact_file_opened",
        failed="prevention.pact_integrity_failed",
        payload={"sha256": pact.sha256},
    )
