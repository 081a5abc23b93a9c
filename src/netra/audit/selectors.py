"""Reading and verifying the audit chain.

The trail (`audit_trail_for`) is scoped: an auditor reads the events about objects their scope
covers, as each flow app defines it (`netra.audit.scoping`); a national auditor, an
administrator with a national grant and a superuser read every event. Filtering by a case
number the reader cannot see gives an empty trail, exactly like a number that does not exist.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from netra.audit import scoping
from netra.audit.access import audit_scope
from netra.audit.chain import GENESIS_HASH, chain_hash, event_body
from netra.audit.describe import Fact, describe
from netra.audit.labels import action_label
from netra.audit.models import AuditEvent, AuditHead, ChainCheck


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""
    checkpoints: int = 0
    checkpoint_seq: int | None = None


@dataclass(frozen=True)
class ChainWalk:
    intact: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    hashes: dict = field(default_factory=dict)


def audit_chain_walk(
    *,
    start: tuple[int, str] | None = None,
    capture: frozenset[int] = frozenset(),
    batch_size: int = 5000,
) -> ChainWalk:
    """Walk the chain in `seq` order from `start` (a verified seq and its hash; None: genesis)
    and name the first broken link; `hashes` keeps the hash of each seq in `capture`.

    Detects edited rows (hash mismatch), deleted rows (gap in seq or prev_hash mismatch),
    reordered rows (seq is inside the hash) and a truncated tail (the head, read before the
    walk so concurrent appends are no false alarm, names an event that is not there).
    """
    head = AuditHead.objects.filter(singleton=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected_seq, expected_prev = 1, GENESIS_HASH
    head_ok = start is not None and tuple(start) == (head_seq, head_hash)
    events = AuditEvent.objects.order_by("seq")
    if start is not None and start[0] > 0:
        start_seq, start_hash = start
        found = events.filter(seq=start_seq).values_list("hash", flat=True).first()
        if found != start_hash:
            reason = (
                f"event #{start_seq} is missing" if found is None else f"event #{start_seq} changed"
            )
            return ChainWalk(False, 0, start_seq, reason, head_seq, head_hash)
        expected_seq, expected_prev = start_seq + 1, start_hash
        events = events.filter(seq__gt=start_seq)
    count = expected_seq - 1
    hashes = {}
    rows = events.values_list(
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
            return ChainWalk(False, count, expected_seq, f"event #{expected_seq} is missing")
        if prev != expected_prev:
            return ChainWalk(False, count, seq, f"event #{seq} does not follow #{seq - 1}")
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
            return ChainWalk(False, count, seq, f"event #{seq} was altered")
        if seq in capture:
            hashes[seq] = digest
        if seq == head_seq:
            head_ok = digest == head_hash
        expected_prev = digest
        expected_seq += 1
        count += 1
    if head is not None and (count < head_seq or (head_seq and not head_ok)):
        return ChainWalk(
            False, count, count + 1, f"chain ends at #{count} but the head says #{head_seq}"
        )
    return ChainWalk(True, count, head_seq=count, head_hash=expected_prev, hashes=hashes)


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the whole chain (see `audit_chain_walk`), then compare it with the checkpoints kept
    outside the database (`audit.anchor`): shorter than the last one, or an event that differs
    from a checkpointed hash, is a broken chain too."""
    from netra.audit import anchor

    try:
        points = anchor.checkpoints_read()
    except anchor.AnchorError as exc:
        return ChainReport(False, 0, None, f"checkpoints: {exc}")
    walk = audit_chain_walk(capture=frozenset(p.seq for p in points), batch_size=batch_size)
    if not walk.intact:
        return ChainReport(False, walk.count, walk.broken_seq, walk.reason, len(points))
    check = anchor.checkpoints_compare(points, walk.hashes, walk.count)
    if not check.ok:
        return ChainReport(
            False, walk.count, check.broken_seq, check.reason, check.checkpoints, check.last_seq
        )
    return ChainReport(
        True, walk.count, checkpoints=check.checkpoints, checkpoint_seq=check.last_seq
    )


def audit_events_about(*, object_type: str, object_id: str):
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("seq")


# --- the trail -------------------------------------------------------------------------------

SYSTEM_WORDS = frozenset({"sistem", "system"})


def audit_events_for(user) -> QuerySet[AuditEvent]:
    """Every event `user` may read as an auditor or administrator, newest first."""
    scope = audit_scope(user)
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if scope.is_empty:
        return events.none()
    if scope.is_national:
        return events
    return events.filter(scoping.scoped_events_q(user))


@dataclass(frozen=True)
class TrailFilter:
    """What the reader narrowed the trail to; `since`/`until` are days in `zone`."""

    case_number: str = ""
    actor: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    zone: dt.tzinfo = dt.UTC


def _day_start(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def audit_trail_for(user, trail: TrailFilter) -> QuerySet[AuditEvent]:
    events = audit_events_for(user)
    if trail.case_number:
        events = events.filter(scoping.case_events_q([trail.case_number.strip().upper()]))
    if trail.actor:
        words = trail.actor.strip()
        if words.casefold() in SYSTEM_WORDS:
            events = events.filter(actor__isnull=True)
        else:
            events = events.filter(
                Q(actor_label__icontains=words)
                | Q(actor__first_name__icontains=words)
                | Q(actor__last_name__icontains=words)
            )
    if trail.action:
        events = events.filter(action=trail.action)
    if trail.since:
        events = events.filter(occurred_at__gte=_day_start(trail.since, trail.zone))
    if trail.until:
        end = _day_start(trail.until + dt.timedelta(days=1), trail.zone)
        events = events.filter(occurred_at__lt=end)
    return events


def audit_events_of_case_for(user, case_number: str) -> QuerySet[AuditEvent]:
    """The events about one case and its reports, evidence, decisions, remedies, blocks and
    letters, that `user` may read (empty for a case out of their scope)."""
    return audit_trail_for(user, TrailFilter(case_number=case_number))


@dataclass(frozen=True)
class TrailRow:
    seq: int
    occurred_at: dt.datetime
    actor: str
    action: str
    subject: str
    facts: list[Fact] = field(default_factory=list)


def trail_rows(events) -> list[TrailRow]:
    """Readable rows for a page (or a batch) of events: action label, actor's name, what the
    event is about and the payload as labelled facts."""
    events = list(events)
    names = scoping.object_names([(e.object_type, e.object_id) for e in events])
    rows = []
    for event in events:
        rows.append(
            TrailRow(
                seq=event.seq,
                occurred_at=event.occurred_at,
                actor=actor_name(event),
                action=action_label(event.action),
                subject=names.get((event.object_type, event.object_id), ""),
                facts=describe(event.action, event.payload),
            )
        )
    return rows


def actor_name(event: AuditEvent) -> str:
    from django.utils.translation import gettext as _

    if event.actor_id is None:
        return _("Sistem")
    user = event.actor
    full = user.get_full_name() if user is not None else ""
    return f"{full} ({event.actor_label})" if full else event.actor_label


# --- chain checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStatus:
    last: ChainCheck | None
    pending: ChainCheck | None


def chain_status() -> ChainStatus:
    """The latest finished check and a check still waiting, if any (two indexed reads)."""
    last = ChainCheck.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
    pending = (
        ChainCheck.objects.filter(finished_at__isnull=True)
        .filter(Q(requested_at__gte=last.requested_at) if last else Q())
        .order_by("-requested_at")
        .first()
    )
    return ChainStatus(last, pending)
