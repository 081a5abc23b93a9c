"""Writes of the sanctions app: PPK decisions, objections/appeals, court, data blocks.

Every write is one transaction with its audit event; the case state moves only through
`netra.cases.services.case_transition`. A refusal raises `SanctionError` (or the cases
errors: `CaseNotFound` for a case out of scope, `CaseTransitionError` for a move the workflow
refuses) and stores nothing: a staged decree file is removed and never placed.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from netra.audit.services import audit_record, audited_read
from netra.cases import deadlines, workflow
from netra.cases import selectors as case_selectors
from netra.cases.choices import CaseState, RemedyOutcome
from netra.cases.choices import Remedy as RemedyKind
from netra.cases.compliance import PpkDecision, Recommendation, check_compliance
from netra.cases.models import Case
from netra.cases.services import CaseError, CaseNotFound, case_transition
from netra.refusals import ErrorCode
from netra.registry.choices import PersonStatus
from netra.rules.models import Sanction
from netra.rules.selectors import sanction_list
from netra.sanctions import storage
from netra.sanctions.choices import (
    OPEN_BLOCK_STATUSES,
    DataBlockStatus,
    DecisionBasis,
    DecisionStatus,
)
from netra.sanctions.errors import FieldErrorCode, SanctionErrorCode
from netra.sanctions.models import DataBlock, Decision, Remedy

S = CaseState
_LEFT_SERVICE = frozenset({PersonStatus.RETIRED, PersonStatus.DISMISSED})
logger = logging.getLogger(__name__)

# States in which the PPK records its (first) decision.
DECIDABLE_STATES = frozenset(
    {S.RECOMMENDATION_TO_PPK, S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED, S.UNBLOCKED}
)
REMEDY_STATES = {RemedyKind.OBJECTION: S.OBJECTION, RemedyKind.APPEAL: S.APPEAL}
DECIDED_STATES = {S.OBJECTION: S.OBJECTION_DECIDED, S.APPEAL: S.APPEAL_DECIDED}
COURT_FROM = frozenset({S.OBJECTION_DECIDED, S.DEEMED_UNDECIDED, S.APPEAL_DECIDED})
CLOSABLE_STATES = frozenset({S.SANCTIONED, *COURT_FROM})
CHANGES_SANCTION = frozenset(
    {RemedyOutcome.LIGHTENED, RemedyOutcome.MADE_HEAVIER, RemedyOutcome.CHANGED}
)
MAX_DECREE_NUMBER = 100
MAX_TEXT = 5000


class SanctionError(CaseError):
    """A refused sanctions operation: `SanctionError(SanctionErrorCode.X, **params)`
    (sanctions/errors.py); `fields` maps form field names to their `FieldErrorCode`."""


class _FirstField:
    """The first refused field's message, rendered in the active language when read."""

    def __init__(self, code: ErrorCode, params: dict):
        self.code, self.params = code, params

    def __str__(self) -> str:
        return self.code.render(self.params)


class _Invalid:
    """Collects per-field refusals and raises them together (`SanctionErrorCode.INVALID`)."""

    def __init__(self):
        self.fields: dict[str, ErrorCode] = {}
        self.params: dict = {}

    def add(self, field: str, code: ErrorCode, **params) -> None:
        if field not in self.fields:
            self.fields[field] = code
            self.params.update(params)

    def raise_if_any(self) -> None:
        if self.fields:
            first = _FirstField(next(iter(self.fields.values())), self.params)
            raise SanctionError(
                SanctionErrorCode.INVALID, fields=self.fields, first=first, **self.params
            )


# --- helpers ---------------------------------------------------------------------------------


def _visible_case(actor, case: Case) -> Case:
    """The case re-read (fresh state) if the actor may see it, else CaseNotFound."""
    if actor is None:
        return Case.objects.select_related("region", "person", "person__agency").get(pk=case.pk)
    found = case_selectors.case_list_for(actor).filter(pk=case.pk).first()
    if found is None:
        raise CaseNotFound()
    return found


def _require_move(actor, case: Case, target: str) -> None:
    """Refuse early (before any file is staged) when the actor's roles cannot make the move."""
    transition = workflow.transition_get(case.state, target)
    if transition is None:
        raise _wrong_state(case)
    if actor is None:
        return
    if not (case_selectors.case_roles_for(actor, case) & transition.roles):
        raise SanctionError(SanctionErrorCode.ROLE_NOT_ALLOWED)


def _wrong_state(case: Case) -> SanctionError:
    return SanctionError(SanctionErrorCode.WRONG_STATE, state=_StateLabel(case.state))


class _StateLabel:
    """A state's label in the active language when read."""

    def __init__(self, state: str):
        self.state = state

    def __str__(self) -> str:
        return str(S(self.state).label) if self.state in S.values else self.state


def _today(case: Case) -> dt.date:
    return deadlines.local_day(timezone.now(), case.region.code)


def _employee_type(case: Case) -> str | None:
    if case.person_id and case.person.employee_type:
        return case.person.employee_type
    return (case.classification or {}).get("employee_type")


def catalogue_for(case: Case) -> dict[str, Sanction]:
    """Sanctions of the rules catalogue open to the case's person (latest version each)."""
    employee_type = _employee_type(case)
    if not employee_type:
        return {}
    return {s.code: s for s in sanction_list(employee_type=employee_type)}


def _check_date(invalid: _Invalid, field: str, value, today: dt.date, *, required=True) -> None:
    if value is None:
        if required:
            invalid.add(field, FieldErrorCode.DATE_REQUIRED)
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        invalid.add(field, FieldErrorCode.DATE_INVALID)
    elif value > today:
        invalid.add(field, FieldErrorCode.DATE_IN_FUTURE)


def _clean_text(value, limit: int = MAX_TEXT) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _check_sanction(invalid: _Invalid, field: str, case: Case, code: str) -> Sanction | None:
    catalogue = catalogue_for(case)
    code = str(code or "").strip()
    if not code:
        invalid.add(field, FieldErrorCode.SANCTION_REQUIRED)
        return None
    sanction = catalogue.get(code)
    if sanction is None:
        employee_type = _employee_type(case) or "-"
        invalid.add(
            field,
            FieldErrorCode.SANCTION_NOT_IN_CATALOGUE,
            sanction=code[:64],
            employee_type=employee_type,
        )
    return sanction


def _check_decree_number(invalid: _Invalid, field: str, number) -> str:
    number = _clean_text(number, 10_000)
    if not number:
        invalid.add(field, FieldErrorCode.DECREE_NUMBER_REQUIRED)
    elif len(number) > MAX_DECREE_NUMBER:
        invalid.add(field, FieldErrorCode.DECREE_NUMBER_TOO_LONG, max_length=MAX_DECREE_NUMBER)
    return number


def _stage_file(decree_file) -> storage.StagedDecree | None:
    if decree_file is None:
        return None
    try:
        return storage.stage(decree_file)
    except storage.DecreeFileRejected as exc:
        raise SanctionError(exc.error, fields={"decree_file": exc.error}, **exc.params) from exc


def _compliance(case: Case, sanction: Sanction, number: str, decree_date: dt.date):
    classification = case.classification or {}
    recommendation = Recommendation(
        employee_type=_employee_type(case) or "",
        level=classification.get("level") or "",
        allowed_sanctions=tuple(s["code"] for s in classification.get("sanctions", [])),
    )
    act_date = None
    try:
        act_date = dt.date.fromisoformat(classification.get("act_date") or "")
    except ValueError:
        act_date = None
    return check_compliance(
        recommendation,
        PpkDecision(sanction_code=sanction.code, decree_number=number, decree_date=decree_date),
        on=act_date,
        catalogue={s.code: s for s in sanction_list()},
    )


def _decision_facts(sanction: Sanction, number: str, decree_date, received_on, compliance):
    return {
        "decision_sanction": sanction.code,
        "decree_number": number,
        "decree_date": decree_date,
        "decision_received_on": received_on,
        "remedy": workflow.remedy_for(sanction.code, sanction.remedy) or "",
        "compliance": compliance.compliance,
    }


def decision_current(case: Case) -> Decision | None:
    """The case's decision that is not superseded (in force or revoked), if any."""
    return (
        Decision.objects.filter(case=case)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .order_by("-recorded_at", "-id")
        .first()
    )


def _decision_create(
    *,
    actor,
    case: Case,
    sanction: Sanction,
    number: str,
    decree_date: dt.date,
    received_on: dt.date | None,
    staged: storage.StagedDecree | None,
    compliance,
    basis: str,
    note: str,
) -> Decision:
    previous = decision_current(case)
    if previous is not None:
        previous.status = DecisionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    decision = Decision.objects.create(
        case=case,
        person=case.person,
        sanction=sanction,
        sanction_code=sanction.code,
        sanction_label_id=sanction.label_id,
        sanction_label_en=sanction.label_en,
        sanction_levels=list(sanction.levels or []),
        remedy=workflow.remedy_for(sanction.code, sanction.remedy) or "",
        decree_number=number,
        decree_date=decree_date,
        received_on=received_on,
        file_sha256=staged.sha256 if staged else "",
        file_size=staged.size if staged else None,
        file_name=staged.name if staged else "",
        compliance=compliance.compliance,
        official_outcome=compliance.official_outcome,
        basis=basis,
        supersedes=previous,
        note=note,
        recorded_by=actor,
    )
    if staged is not None:
        transaction.on_commit(lambda: storage.place(staged))
    return decision


def _with_file(staged, work):
    """Run `work()`; on any refusal or error the staged file is removed."""
    try:
        return work()
    except BaseException:
        if staged is not None:
            staged.discard()
        raise


# --- decisions -------------------------------------------------------------------------------


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
) -> Decision:
    """Record the PPK's decree and move the case to `sanctioned`.

    From `data_blocked` the block is lifted first (`unblocked`), then the case is sanctioned,
    both in this transaction. The compliance with the recommendation is computed and kept.
    """
    case = _visible_case(actor, case)
    if case.state not in DECIDABLE_STATES:
        raise SanctionError(SanctionErrorCode.NOT_AWAITING_DECISION)
    first_move = S.UNBLOCKED if case.state == S.DATA_BLOCKED else S.SANCTIONED
    _require_move(actor, case, first_move)
    today = _today(case)
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
    invalid.raise_if_any()
    staged = _stage_file(decree_file)
    note = _clean_text(note)

    def work() -> Decision:
        compliance = _compliance(case, sanction, number, decree_date)
        facts = _decision_facts(sanction, number, decree_date, received_on, compliance)
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
            },
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


# --- objection and appeal (PP 79/2021) -------------------------------------------------------


def remedy_current(case: Case) -> Remedy | None:
    return Remedy.objects.filter(case=case).order_by("-created_at", "-id").first()


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
    today = _today(case)
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
    today = _today(case)
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
def remedy_court_file(*, actor, case: Case, court_case_number: str, filed_on: dt.date) -> Remedy:
    """The person took the decision to the administrative court (PTUN/PT TUN)."""
    case = _visible_case(actor, case)
    remedy = remedy_current(case)
    if case.state not in COURT_FROM or remedy is None:
        raise _wrong_state(case)
    _require_move(actor, case, S.COURT)
    invalid = _Invalid()
    number = _clean_text(court_case_number, 10_000)
    if not number:
        invalid.add("court_case_number", FieldErrorCode.COURT_CASE_NUMBER_REQUIRED)
    elif len(number) > MAX_DECREE_NUMBER:
        invalid.add(
            "court_case_number",
            FieldErrorCode.COURT_CASE_NUMBER_TOO_LONG,
            max_length=MAX_DECREE_NUMBER,
        )
    _check_date(invalid, "court_filed_on", filed_on, _today(case))
    if (
        isinstance(filed_on, dt.date)
        and "court_filed_on" not in invalid.fields
        and remedy.decided_on
        and filed_on < remedy.decided_on
    ):
        invalid.add("court_filed_on", FieldErrorCode.COURT_FILED_BEFORE_DECISION)
    invalid.raise_if_any()
    case = case_transition(
        actor=actor,
        case=case,
        target=S.COURT,
        facts={"court_case_number": number, "court_filed_on": filed_on},
    )
    remedy.court_case_number = number
    remedy.court_filed_on = filed_on
    remedy.save(update_fields=["court_case_number", "court_filed_on"])
    audit_record(
        actor=actor,
        action="sanctions.court_filed",
        target=remedy,
        payload={"case": case.number, "court_case_number": number},
    )
    return remedy


@transaction.atomic
def remedy_court_ruling(*, actor, case: Case, ruling: str, ruled_on: dt.date) -> Remedy:
    """Record the court's ruling; the case is closed."""
    case = _visible_case(actor, case)
    remedy = remedy_current(case)
    if case.state != S.COURT or remedy is None:
        raise _wrong_state(case)
    _require_move(actor, case, S.CLOSED)
    invalid = _Invalid()
    ruling = _clean_text(ruling)
    if not ruling:
        invalid.add("court_ruling", FieldErrorCode.COURT_RULING_REQUIRED)
    _check_date(invalid, "court_ruled_on", ruled_on, _today(case))
    if (
        isinstance(ruled_on, dt.date)
        and "court_ruled_on" not in invalid.fields
        and remedy.court_filed_on
        and ruled_on < remedy.court_filed_on
    ):
        invalid.add("court_ruled_on", FieldErrorCode.RULED_BEFORE_FILED)
    invalid.raise_if_any()
    case = case_transition(
        actor=actor,
        case=case,
        target=S.CLOSED,
        facts={"court_ruling": ruling, "court_ruled_on": ruled_on},
        note=ruling[:500],
    )
    remedy.court_ruling = ruling
    remedy.court_ruled_on = ruled_on
    remedy.save(update_fields=["court_ruling", "court_ruled_on"])
    audit_record(
        actor=actor,
        action="sanctions.court_ruled",
        target=remedy,
        payload={"case": case.number, "ruled_on": ruled_on.isoformat()},
    )
    return remedy


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
    return (today or _today(case)) > window


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


# --- personnel-data blocks (DESIGN.md §8; DOMAIN.md §2.5) ------------------------------------


def _open_block(case: Case) -> DataBlock | None:
    return (
        DataBlock.objects.select_for_update()
        .filter(case=case, status__in=OPEN_BLOCK_STATUSES)
        .first()
    )


def _block_request(*, actor, case: Case, reason: str) -> DataBlock:
    block = _open_block(case)
    if block is not None:
        return block
    person = case.person
    block = DataBlock.objects.create(
        case=case,
        person=person,
        agency=person.agency if person else None,
        reason=reason,
        requested_at=timezone.now(),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="sanctions.block_requested",
        target=block,
        payload={"case": case.number, "reason": reason},
    )
    return block


def _block_activate(*, actor, case: Case, reason: str) -> DataBlock:
    block = _block_request(actor=actor, case=case, reason=reason)
    if block.status == DataBlockStatus.ACTIVE:
        return block
    block.status = DataBlockStatus.ACTIVE
    block.blocked_at = timezone.now()
    block.blocked_by = actor
    block.save(update_fields=["status", "blocked_at", "blocked_by"])
    audit_record(
        actor=actor,
        action="sanctions.block_activated",
        target=block,
        payload={"case": case.number},
    )
    return block


def _lift_reason(case: Case, facts: dict, target: str) -> str:
    if facts.get("decision_sanction") and facts.get("decree_number"):
        return f"PPK menjatuhkan sanksi (SK {facts['decree_number']})."
    person = case.person
    if facts.get("person_left") or (person is not None and person.status in _LEFT_SERVICE):
        return "Terlapor sudah diberhentikan, pensiun atau mengundurkan diri."
    return f"Kasus berpindah ke status {target}."


def _block_close(*, actor, case: Case, reason: str) -> DataBlock | None:
    block = _open_block(case)
    if block is None:
        return None
    was = block.status
    block.status = (
        DataBlockStatus.LIFTED if was == DataBlockStatus.ACTIVE else DataBlockStatus.WITHDRAWN
    )
    block.lifted_at = timezone.now()
    block.lifted_by = actor
    block.lift_reason = reason
    block.save(update_fields=["status", "lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=actor,
        action="sanctions.block_lifted"
        if was == DataBlockStatus.ACTIVE
        else "sanctions.block_withdrawn",
        target=block,
        payload={"case": case.number, "reason": reason},
    )
    return block


BLOCK_REQUEST_REASON = "PPK tidak menindaklanjuti rekomendasi sanksi dalam batas waktu."


def data_block_follow_transition(*, actor, case: Case, source: str, target: str, facts: dict):
    """Keep the case's data block in step with its state (connected to `case_transitioned`,
    so it runs inside the transition's transaction). Idempotent.

    Entering `ppk_no_follow_up` requests a block (the escalation of DESIGN.md §8); entering
    `data_blocked` makes it active; leaving those states (the PPK acted, or the person left
    service) lifts an active block or withdraws a requested one, with the reason.
    """
    if target == S.PPK_NO_FOLLOW_UP:
        return _block_request(actor=actor, case=case, reason=BLOCK_REQUEST_REASON)
    if target == S.DATA_BLOCKED:
        return _block_activate(actor=actor, case=case, reason=BLOCK_REQUEST_REASON)
    if source in (S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED):
        return _block_close(actor=actor, case=case, reason=_lift_reason(case, facts, target))
    return None


@transaction.atomic
def data_block_confirm(*, actor, case: Case, bkn_verified: bool, note: str = "") -> DataBlock:
    """The task force confirms the block after BKN verification (`ppk_no_follow_up` →
    `data_blocked`); the receiver makes the requested block active. `bkn_verified` is the
    task force's statement that the verification is done (the confirm form's tick box)."""
    case = _visible_case(actor, case)
    if case.state != S.PPK_NO_FOLLOW_UP:
        raise _wrong_state(case)
    _require_move(actor, case, S.DATA_BLOCKED)
    if bkn_verified is not True:
        code = SanctionErrorCode.BKN_VERIFICATION_DONE
        raise SanctionError(code, fields={"bkn_verified": code})
    case_transition(
        actor=actor,
        case=case,
        target=S.DATA_BLOCKED,
        facts={"bkn_verified": True},
        note=_clean_text(note) or "Verifikasi BKN selesai; data kepegawaian diblokir.",
    )
    return DataBlock.objects.get(case=case, status=DataBlockStatus.ACTIVE)
