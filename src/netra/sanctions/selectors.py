"""Reads of the sanctions app, always through the cases chokepoint (`case_list_for`): a
decision, remedy or block is visible exactly when its case is (out of scope = 404)."""

import uuid

from django.db.models import QuerySet

from netra.cases.selectors import case_list_for
from netra.sanctions.choices import DataBlockStatus, DecisionStatus
from netra.sanctions.models import DataBlock, Decision, Remedy


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def decisions_for(user) -> QuerySet[Decision]:
    return Decision.objects.filter(case__in=case_list_for(user).values("pk")).select_related(
        "case", "case__region", "person", "recorded_by"
    )


def decision_get_for(user, public_id) -> Decision | None:
    """A decision whose case `user` may see, else None (answer 404)."""
    key = _uuid(public_id)
    return decisions_for(user).filter(public_id=key).first() if key else None


def decision_current_for(user, case) -> Decision | None:
    """The case's current decision (in force or revoked; never a superseded one)."""
    return (
        decisions_for(user)
        .filter(case=case)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .order_by("-recorded_at", "-id")
        .first()
    )


def decision_history_for(user, case) -> QuerySet[Decision]:
    """Every decision of the case, newest first (superseded ones included)."""
    return decisions_for(user).filter(case=case).order_by("-recorded_at", "-id")


def remedies_for(user) -> QuerySet[Remedy]:
    return Remedy.objects.filter(case__in=case_list_for(user).values("pk")).select_related(
        "case", "decision"
    )


def remedies_for_case(user, case) -> QuerySet[Remedy]:
    return remedies_for(user).filter(case=case).order_by("-created_at", "-id")


def remedy_open_for(user, case) -> Remedy | None:
    """The objection or appeal awaiting a decision, if any."""
    return remedies_for_case(user, case).filter(outcome="").first()


def data_blocks_for(user, *, status: str | None = None) -> QuerySet[DataBlock]:
    """Data-blocking requests on cases `user` may see, newest first; `status` filters (an
    unknown status selects nothing)."""
    blocks = DataBlock.objects.filter(case__in=case_list_for(user).values("pk")).select_related(
        "case", "case__region", "person", "agency"
    )
    if status:
        blocks = blocks.filter(status=status) if status in DataBlockStatus.values else blocks.none()
    return blocks.order_by("-requested_at", "-id")


def data_blocks_for_case(user, case) -> QuerySet[DataBlock]:
    return data_blocks_for(user).filter(case=case)
