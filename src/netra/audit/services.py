"""Writing to the audit chain: call `audit_record` in the transaction of the change."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from netra.audit.chain import GENESIS_HASH, canonical_json, chain_hash, event_body
from netra.audit.models import AuditEvent, AuditHead, ChainCheck
from netra.audit.scoping import object_ref

SYSTEM_LABEL = "system"


def _object_ref(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        object_type, object_id = target
        return str(object_type), str(object_id)
    if isinstance(target, models.Model):
        return object_ref(target)
    raise TypeError(f"unsupported audit target: {target!r}")


def _plain(payload: dict) -> dict:
    """Round-trip through canonical JSON so what is hashed is exactly what is stored."""
    return json.loads(canonical_json(payload))


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    payload: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    `actor` is a user or None for system jobs; `target` is a model instance, an
    ``(object_type, object_id)`` tuple or None. Never put reporter identity in `payload`.
    """
    head, _created = AuditHead.objects.select_for_update().get_or_create(
        singleton=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    object_type, object_id = _object_ref(target)
    actor_id = getattr(actor, "pk", None)
    actor_label = getattr(actor, "username", None) or SYSTEM_LABEL
    occurred_at = timezone.now().astimezone(dt.UTC)
    seq = head.seq + 1
    clean_payload = _plain(payload or {})
    body = event_body(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=clean_payload,
    )
    digest = chain_hash(head.hash, body)
    event = AuditEvent.objects.create(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=clean_payload,
        prev_hash=head.hash,
        hash=digest,
    )
    AuditHead.objects.filter(singleton=1).update(seq=seq, hash=digest)
    return event


def audited_read(
    *,
    actor: Any,
    target: Any,
    read: Callable[[], bytes],
    error: type[Exception],
    opened: str,
    failed: str,
    payload: dict | None = None,
) -> bytes:
    """Read a stored file with `read()` (which re-hashes it) and record who read it.

    When `read` raises `error` (the file is missing or changed), the failed check is recorded
    under `failed` in its own transaction before the error goes on; otherwise the read is
    recorded under `opened`. `payload` goes with both.
    """
    payload = payload or {}
    try:
        data = read()
    except error as exc:
        with transaction.atomic():
            audit_record(
                actor=actor, action=failed, target=target, payload={**payload, "problem": str(exc)}
            )
        raise
    with transaction.atomic():
        audit_record(actor=actor, action=opened, target=target, payload=payload)
    return data


# --- chain checks ----------------------------------------------------------------------------

PENDING_CHECK_MINUTES = 30


def chain_check_request(*, actor: Any) -> ChainCheck:
    """Ask for a verification of the whole chain, run by a worker (the page never walks the
    chain itself). A check still waiting from the last half hour is reused, so repeated clicks
    queue one job. The request is audited."""
    from netra.audit.tasks import audit_verify_chain_task

    with transaction.atomic():
        since = timezone.now() - dt.timedelta(minutes=PENDING_CHECK_MINUTES)
        pending = ChainCheck.objects.filter(finished_at__isnull=True, requested_at__gte=since)
        check = pending.order_by("-requested_at").first()
        if check is not None:
            return check
        check = ChainCheck.objects.create(
            requested_by=actor if getattr(actor, "pk", None) else None
        )
        audit_record(actor=actor, action="audit.verification_requested", target=None)
        check_id = check.pk
        transaction.on_commit(lambda: audit_verify_chain_task.delay(check_id))
    return check


def chain_check_run(*, check_id: int | None = None) -> ChainCheck:
    """Walk the chain and store the outcome on the check (a new one for a scheduled run)."""
    from netra.audit.selectors import audit_chain_verify

    check = ChainCheck.objects.filter(pk=check_id).first() if check_id else None
    if check is None:
        check = ChainCheck.objects.create()
    report = audit_chain_verify()
    check.finished_at = timezone.now()
    check.intact = report.intact
    check.count = report.count
    check.broken_seq = report.broken_seq
    check.reason = report.reason[:200]
    check.save(update_fields=["finished_at", "intact", "count", "broken_seq", "reason"])
    return check


def trail_export_record(*, actor: Any, filters: dict) -> None:
    """Audit a download of the trail: who, with which filters."""
    with transaction.atomic():
        audit_record(actor=actor, action="audit.exported", payload={"filters": filters})
