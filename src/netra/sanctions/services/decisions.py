"""The PPK's decision: record the decree (the case is sanctioned) and open its file."""

import datetime as dt

from django.db import transaction

from netra.audit.services import audit_record, audited_read
from netra.cases.choices import CaseEventKind
from netra.cases.models import Case
from netra.cases.recommendation import recommendation_of
from netra.cases.services import case_event_record, case_transition
from netra.sanctions import storage
from netra.sanctions.choices import DECIDABLE_STATES, DecisionBasis
from netra.sanctions.errors import FieldErrorCode, SanctionErrorCode
from netra.sanctions.models import Decision
from netra.sanctions.selectors import case_today
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
)


@transaction.atomic
def decision_record(
    *,
    actor,
    case: Case,
    sanction_code: str,
    decree_number: str,
    decree_date: dt.date,
    received_on: dt.date | None = None,
    decree_file=None,
    note: str = "",
    reason: str = "",
) -> Decision:
    """Record the PPK's decree and move the case to `sanctioned`.

    From `data_blocked` the block is lifted first (`unblocked`), then the case is sanctioned,
    both in this transaction. The compliance with the recommendation (the level and sanctions
    the case records, cases/recommendation.py) is computed and kept. A sanction other than the
    recommended ones needs a `reason` (`decision_reason_required`), kept as the fact
    `decision_reason`. The decree number goes on the case's timeline.
    """
    case = _visible_case(actor, case)
    if case.state not in DECIDABLE_STATES:
        raise SanctionError(SanctionErrorCode.NOT_AWAITING_DECISION)
    first_move = S.UNBLOCKED if case.state == S.DATA_BLOCKED else S.SANCTIONED
    _require_move(actor, case, first_move)
    today = case_today(case)
    invalid = _Invalid()
    sanction = _check_sanction(invalid, "sanction_code", case, sanction_code)
    number = _check_decree_number(invalid, "decree_number", decree_number)
    _check_date(invalid, "decree_date", decree_date, today)
    _check_date(invalid, "received_on", received_on, today, required=False)
    if (
        isinstance(received_on, dt.date)
        and isinstance(decree_date, dt.date)
        and "received_on" not in invalid.fields
        and received_on < decree_date
    ):
        invalid.add("received_on", FieldErrorCode.RECEIVED_BEFORE_DECREE)
    reason = _clean_text(reason)
    recommended = recommendation_of(case)
    if sanction and recommended and sanction.code not in recommended.codes and not reason:
        invalid.add("reason", FieldErrorCode.DECISION_REASON_REQUIRED)
    invalid.raise_if_any()
    staged = _stage_file(decree_file)
    note = _clean_text(note)

    def work() -> Decision:
        compliance = _compliance(case, sanction, number, decree_date)
        facts = _decision_facts(sanction, number, decree_date, received_on, compliance)
        if reason:
            facts["decision_reason"] = reason
        current = case
        if current.state == S.DATA_BLOCKED:
            current = case_transition(
                actor=actor,
                case=current,
                target=S.UNBLOCKED,
                facts=facts,
                note="Blokir dibuka: PPK menjatuhkan sanksi.",
            )
        current = case_transition(
            actor=actor, case=current, target=S.SANCTIONED, facts=facts, note=note
        )
        decision = _decision_create(
            actor=actor,
            case=current,
            sanction=sanction,
            number=number,
            decree_date=decree_date,
            received_on=received_on,
            staged=staged,
            compliance=compliance,
            basis=DecisionBasis.PPK,
            note=note,
        )
        audit_record(
            actor=actor,
            action="sanctions.decision_recorded",
            target=decision,
            payload={
                "case": current.number,
                "sanction": sanction.code,
                "decree_number": number,
                "decree_date": decree_date.isoformat(),
                "received_on": received_on.isoformat() if received_on else None,
                "compliance": compliance.compliance,
                "file_sha256": decision.file_sha256 or None,
                "reason": reason or None,
            },
        )
        case_event_record(
            actor=actor,
            case=current,
            kind=CaseEventKind.DECREE_RECORDED,
            details={"decree_number": number, "sanction": sanction.code},
        )
        return decision

    return _with_file(staged, work)


def decree_file_open(*, actor, decision: Decision) -> bytes:
    """The decree PDF's bytes, re-hashed on every read (DecreeIntegrityError if changed);
    the read (or the failed check) is recorded in the audit chain."""
    return audited_read(
        actor=actor,
        target=decision,
        read=lambda: storage.read_verified(decision.file_sha256),
        error=storage.DecreeIntegrityError,
        opened="sanctions.decree_file_opened",
        failed="sanctions.decree_integrity_failed",
        payload={"sha256": decision.file_sha256},
    )
