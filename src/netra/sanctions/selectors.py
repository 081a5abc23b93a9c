"""Reads of the sanctions app.

The `*_for(user, ...)` reads go through the cases chokepoint (`case_list_for`): a decision,
remedy or block is visible exactly when its case is (out of scope = 404). The unscoped reads
below them (`decision_current`, `remedy_current`, `catalogue_for`, the remedy window, the open
block) take a case the caller has already been allowed to see (the services check first)."""

import datetime as dt
import uuid

from django.db.models import QuerySet
from django.utils import timezone

from netra.cases import deadlines, workflow
from netra.cases.models import Case
from netra.cases.selectors import case_list_for
from netra.rules.models import Sanction
from netra.rules.selectors import sanction_list
from netra.sanctions.choices import (
    OPEN_BLOCK_STATUSES,
    REMEDY_STATES,
    DataBlockStatus,
    DecisionStatus,
)
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


# --- unscoped reads of a case already in scope -----------------------------------------------


def case_today(case: Case) -> dt.date:
    """Today in the case's region."""
    return deadlines.local_day(timezone.now(), case.region.code)


def employee_type_for(case: Case) -> str | None:
    if case.person_id and case.person.employee_type:
        return case.person.employee_type
    return (case.classification or {}).get("employee_type")


def catalogue_for(case: Case) -> dict[str, Sanction]:
    """Sanctions of the rules catalogue valid for the case's person: their employee type, on
    the act's date (`cases.recommendation.valid_sanctions`, which asks the catalogue's own
    validity). Without an act date (no classification): every sanction of the type."""
    from netra.cases.recommendation import act_date_of, valid_sanctions

    if act_date_of(case) is not None:
        return {s.code: s for s in valid_sanctions(case)}
    employee_type = employee_type_for(case)
    if not employee_type:
        return {}
    return {s.code: s for s in sanction_list(employee_type=employee_type)}


def decision_current(case: Case) -> Decision | None:
    """The case's decision that is not superseded (in force or revoked), if any."""
    return (
        Decision.objects.filter(case=case)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .order_by("-recorded_at", "-id")
        .first()
    )


def remedy_current(case: Case) -> Remedy | None:
    return Remedy.objects.filter(case=case).order_by("-created_at", "-id").first()


def remedy_window_end(case: Case) -> dt.date | None:
    """Last day to file an objection or appeal against the current decision (None when the
    date received is unknown or the sanction has no administrative remedy)."""
    decision = decision_current(case)
    if decision is None or decision.received_on is None or decision.remedy not in REMEDY_STATES:
        return None
    return deadlines.remedy_window(
        decision.remedy, decision.received_on, region_code=case.region.code
    )


def remedy_window_over(case: Case, *, today: dt.date | None = None) -> bool:
    """Has the objection/appeal filing period of the current decision ended?"""
    decision = decision_current(case)
    if decision is None or decision.received_on is None:
        return False
    if decision.remedy not in REMEDY_STATES:
        return True  # no administrative remedy: nothing to wait for
    window = deadlines.remedy_window(
        decision.remedy, decision.received_on, region_code=case.region.code
    )
    if window is None:
        return False
    return (today or case_today(case)) > window


def data_block_open(case: Case) -> DataBlock | None:
    """The case's requested or active block, locked for update (call inside a transaction)."""
    return (
        DataBlock.objects.select_for_update()
        .filter(case=case, status__in=OPEN_BLOCK_STATUSES)
        .first()
    )


def remedy_filing_days(case: Case, kind: str) -> tuple[int, str] | None:
    """(days, unit) of the deadline rule for filing `kind` (objection or appeal) on the case's
    election, as `cases/data/deadlines.toml` holds it; None when unknown."""
    if kind not in REMEDY_STATES:
        return None
    election_kind = case.election.kind if case.election_id else None
    today = case_today(case)
    rule = deadlines.rule_get(workflow.remedy_filing_deadline(kind), election_kind, on=today)
    days = deadlines.rule_days(rule, on=today) if rule else None
    return (days, rule.unit) if days else None
