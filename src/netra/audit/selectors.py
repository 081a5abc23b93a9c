"""Reading and verifying the audit chain."""

from dataclasses import dataclass

from netra.audit.chain import GENESIS_HASH, chain_hash, event_body
from netra.audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in `seq` order and name the first broken link.

    Detects edited rows (hash mismatch), deleted rows (gap in seq or prev_hash mismatch),
    reordered rows (seq is inside the hash) and a truncated tail (head disagrees).
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    rows = AuditEvent.objects.order_by("seq").values_list(
        "seq",
        "occurred_at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "payload",
        "prev_hash",
        "hash",
    )
    for (
        seq,
        occurred_at,
        actor_id,
        actor_label,
        action,
        otype,
        oid,
        payload,
        prev,
        digest,
    ) in rows.iterator(chunk_size=batch_size):
        if seq != expected_seq:
            return ChainReport(False, count, expected_seq, f"event #{expected_seq} is missing")
        if prev != expected_prev:
            return ChainReport(False, count, seq, f"event #{seq} does not follow #{seq - 1}")
        body = event_body(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=otype,
            object_id=oid,
            payload=payload,
        )
        if chain_hash(prev, body) != digest:
            return ChainReport(False, count, seq, f"event #{seq} was altered")
        expected_prev = digest
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(singleton=1).first()
    if head is not None and (head.seq != count or head.hash != expected_prev):
        return ChainReport(
            False, count, count + 1, f"chain ends at #{count} but the head says #{head.seq}"
        )
    return ChainReport(True, count)


def audit_events_for(*, object_type: str, object_id: str):
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("seq")
