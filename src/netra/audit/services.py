"""Writing to the audit chain: call `audit_record` in the transaction of the change."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from netra.audit.chain import GENESIS_HASH, canonical_json, chain_hash, event_body
from netra.audit.models import AuditEvent, AuditHead

SYSTEM_LABEL = "system"


def _object_ref(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        object_type, object_id = target
        return str(object_type), str(object_id)
    if isinstance(target, models.Model):
        meta = target._meta
        public = getattr(target, "public_id", None) or getattr(target, "code", None) or target.pk
        return f"{meta.app_label}.{meta.model_name}", str(public)
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
