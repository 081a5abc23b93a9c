"""Objection (to the PPK) and appeal (to BPASN) under PP 79/2021: filing within the window,
the decision on it, and closing a sanctioned case once nothing is left to wait for."""

import datetime as dt
import logging

from django.db import transaction

from netra.audit.services import audit_record
from netra.cases import deadlines
from netra.cases.choices import RemedyOutcome
from netra.cases.models import Case
from netra.cases.services import CaseError, case_transition
from netra.sanctions.choices import (
    CHANGES_SANCTION,
    CLOSABLE_STATES,
    DECIDED_STATES,
    REMEDY_STATES,
    DecisionStatus,
)
from netra.sanctions.errors import FieldErrorCode, SanctionErrorCode
from netra.sanctions.models import Remedy
from netra.sanctions.selectors import (
    case_today,
    decision_current,
    remedy_current,
    remedy_window_over,
)
from netra.sanctions.services.common import (
    S,
    SanctionError,
    _check_date,
    _check_decree_number,
    _check_sanction,
    _clean_text,
    _compliance,
    _decision_create,
    _decision_facts,
    _Invalid,
    _require_move,
    _stage_file,
    _visible_case,
    _with_file,
    _wrong_state,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def remedy_file(
    *,
    actor,
    case: Case,
    filed_on: dt.date,
    grounds: str,
    received_on: dt.date | None = None,
) -> Remedy:
    """Record an objection (to the PPK) or an appeal (to BPASN) against the current decision.

    Which one follows from the sanction (`workflow.remedy_for`). It must be filed within the
    filing deadline (14 working days, `cases/data/deadlines.toml`) counted from the day the
    person received the decision; `received_on` records that day when it was not yet known.
    A late filing is refused with the PP 79/2021 message and nothing is stored.
    """
    case = _visible_case(actor, case)
    decision = decision_current(case)
    if case.state != S.SANCTIONED or decision is None:
        raise SanctionError(SanctionErrorCode.NOT_SANCTIONED)
    kind = decision.remedy
    if kind not in REMEDY_STATES:
        raise SanctionError(SanctionErrorCode.NO_REMEDY)
    target = REMEDY_STATES[kind]
    _require_move(actor, case, target)
    today = case_today(case)
    invalid = _Invalid()
    grounds = _clean_text(grounds)
    if not grounds:
        invalid.add("grounds", FieldErrorCode.GROUNDS_REQUIRED)
    _check_date(invalid, "filed_on", filed_on, today)
    received = decision.received_on or received_on
    if received_on is not None and decision.received_on is None:
        _check_date(invalid, "received_on", received_on, today)
        if isinstance(received_on, dt.date) and received_on < decision.decree_date:
            invalid.add("received_on", FieldErrorCode.RECEIVED_BEFORE_DECREE)
    if received is None:
        invalid.add("received_on", FieldErrorCode.RECEIVED_ON_REQUIRED)
    invalid.raise_if_any()
    if filed_on < received:
        invalid.add("filed_on", FieldErrorCode.FILED_BEFORE_RECEIVED)
        invalid.raise_if_any()
    window = deadlines.remedy_window(kind, received, region_code=case.region.code)
    in_time = window is None or filed_on <= window
    case = case_transition(
        actor=actor,
        case=case,
        target=target,
        facts={
            "remedy": kind,
            "remedy_filed_in_time": in_time,
            "remedy_filed_on": filed_on,
            "decision_received_on": received,
        },
        note=grounds[:500],
    )
    if decision.received_on is None:
        decision.received_on = received
        decision.save(update_fields=["received_on"])
    remedy = Remedy.objects.create(
        case=case,
        decision=decision,
        kind=kind,
        filed_on=filed_on,
        grounds=grounds,
        filing_deadline=window,
        filed_in_time=in_time,
        filed_by=actor,
    )
    audit_record(
        actor=actor,
        action="sanctions.remedy_filed",
        target=remedy,
        payload={
            "case": case.number,
            "kind": kind,
            "filed_on": filed_on.isoformat(),
            "received_on": received.isoformat(),
            "deadline": window.isoformat() if window else None,
        },
    )
    return remedy


@transaction.atomic
def remedy_decide(
    *,
    actor,
    case: Case,
    outcome: str,
    decided_on: dt.date,
    note: str = "",
    new_sanction_code: str | None = None,
    new_decree_number: str = "",
    new_decree_date: dt.date | None = None,
    new_decree_file=None,
) -> Remedy:
    """Record the decision on the objection (by the PPK) or the appeal (by BPASN).

    When the outcome changes the sanction (lightened, made heavier, changed) a new decision
    with its decree is recorded and supersedes the old one; a revoked sanction marks the
    decision revoked. Nothing is deleted.
    """
    case = _visible_case(actor, case)
    remedy = remedy_current(case)
    if case.state not in DECIDED_STATES or remedy is None or remedy.outcome:
        raise SanctionError(SanctionErrorCode.NO_OPEN_REMEDY)
    target = DECIDED_STATES[case.state]
    _require_move(actor, case, target)
    today = case_today(case)
    invalid = _Invalid()
    if outcome not in RemedyOutcome.values:
        invalid.add("outcome", FieldErrorCode.OUTCOME_REQUIRED)
    _check_date(invalid, "decided_on", decided_on, today)
    if (
        isinstance(decided_on, dt.date)
        and "decided_on" not in invalid.fields
        and decided_on < remedy.filed_on
    ):
        invalid.add("decided_on", FieldErrorCode.DECIDED_BEFORE_FILED)
    sanction, number = None, ""
    old = remedy.decision
    if outcome in CHANGES_SANCTION:
        sanction = _check_sanction(invalid, "new_sanction_code", case, new_sanction_code or "")
        if sanction is not None and sanction.code == old.sanction_code:
            invalid.add("new_sanction_code", FieldErrorCode.SAME_SANCTION)
        number = _check_decree_number(invalid, "new_decree_number", new_decree_number)
        new_decree_date = new_decree_date or decided_on
        _check_date(invalid, "new_decree_date", new_decree_date, today)
    elif new_sanction_code or new_decree_file is not None:
        invalid.add("new_sanction_code", FieldErrorCode.NEW_SANCTION_NOT_EXPECTED)
    invalid.raise_if_any()
    staged = _stage_file(new_decree_file) if sanction is not None else None
    note = _clean_text(note)

    def work() -> Remedy:
        facts = {"remedy_outcome": outcome, "remedy_decided_on": decided_on}
        compliance = None
        if sanction is not None:
            compliance = _compliance(case, sanction, number, new_decree_date)
            facts.update(_decision_facts(sanction, number, new_decree_date, None, compliance))
        moved = case_transition(actor=actor, case=case, target=target, facts=facts, note=note)
        remedy.outcome = outcome
        remedy.decided_on = decided_on
        remedy.decision_note = note
        remedy.decided_by = actor
        remedy.save(update_fields=["outcome", "decided_on", "decision_note", "decided_by"])
        new_decision = None
        if sanction is not None:
            new_decision = _decision_create(
                actor=actor,
                case=moved,
                sanction=sanction,
                number=number,
                decree_date=new_decree_date,
                received_on=None,
                staged=staged,
                compliance=compliance,
                basis=remedy.kind,
                note=note,
            )
        elif outcome == RemedyOutcome.REVOKED:
            old.status = DecisionStatus.REVOKED
            old.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="sanctions.remedy_decided",
            target=remedy,
            payload={
                "case": moved.number,
                "kind": remedy.kind,
                "outcome": outcome,
                "decided_on": decided_on.isoformat(),
                "new_decision": str(new_decision.public_id) if new_decision else None,
                "new_sanction": sanction.code if sanction else None,
            },
        )
        return remedy

    return _with_file(staged, work)


@transaction.atomic
def sanction_close(*, actor, case: Case, note: str = "") -> Case:
    """Close a sanctioned case once the remedy window is over, or after the remedy decision."""
    case = _visible_case(actor, case)
    if case.state not in CLOSABLE_STATES:
        raise _wrong_state(case)
    _require_move(actor, case, S.CLOSED)
    facts = {}
    if case.state == S.SANCTIONED:
        facts["remedy_window_over"] = remedy_window_over(case)
    return case_transition(
        actor=actor, case=case, target=S.CLOSED, facts=facts, note=_clean_text(note)
    )


def sanctions_close_after_remedy_window() -> int:
    """The periodic sweep: close sanctioned cases whose remedy window has ended (as the
    scheduler). Each case in its own transaction; returns how many were closed."""
    closed = 0
    for case in Case.objects.filter(state=S.SANCTIONED).select_related("region").iterator():
        if not remedy_window_over(case):
            continue
        try:
            sanction_close(actor=None, case=case, note="Masa keberatan/banding berakhir.")
            closed += 1
        except CaseError as exc:
            logger.warning("case %s: not closed (%s)", case.number, exc.code)
    return closed
