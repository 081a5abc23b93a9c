"""Shared parts of the sanctions writes: the refusal type, the per-field checks, the case
re-read in scope and the move check, the compliance computation and the staged-file guard."""

import datetime as dt

from netra.cases import selectors as case_selectors
from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.compliance import PpkDecision, Recommendation, check_compliance
from netra.cases.models import Case
from netra.cases.services import CaseError, CaseNotFound
from netra.refusals import FieldRefusals
from netra.rules.models import Sanction
from netra.rules.selectors import sanction_list
from netra.sanctions import storage
from netra.sanctions.choices import DecisionStatus
from netra.sanctions.errors import FieldErrorCode, SanctionErrorCode
from netra.sanctions.models import Decision
from netra.sanctions.selectors import catalogue_for, decision_current, employee_type_for

S = CaseState
MAX_DECREE_NUMBER = 100
MAX_TEXT = 5000


class SanctionError(CaseError):
    """A refused sanctions operation: `SanctionError(SanctionErrorCode.X, **params)`
    (sanctions/errors.py); `fields` maps form field names to their `FieldErrorCode`."""


class _Invalid(FieldRefusals):
    """Per-field refusals raised together as `SanctionErrorCode.INVALID` (netra.refusals)."""

    def raise_if_any(self) -> None:
        super().raise_if_any(SanctionErrorCode.INVALID, SanctionError)


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
        employee_type = employee_type_for(case) or "-"
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
    # What was recommended (cases/recommendation.py), else what the study classified.
    facts = case.facts or {}
    recommended = tuple(facts.get("recommended_sanctions") or ()) or tuple(
        s["code"] for s in classification.get("sanctions", [])
    )
    recommendation = Recommendation(
        employee_type=employee_type_for(case) or "",
        level=facts.get("recommended_level") or classification.get("level") or "",
        allowed_sanctions=recommended,
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
        "remedy": workflow.remedy_for(sanction) or "",
        "compliance": compliance.compliance,
    }


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
    if staged is not None:
        # In place before the decision commits (content_store.py).
        storage.promote_until_commit(staged)
    decision = Decision.objects.create(
        case=case,
        person=case.person,
        sanction=sanction,
        sanction_code=sanction.code,
        sanction_label_id=sanction.label_id,
        sanction_label_en=sanction.label_en,
        sanction_levels=list(sanction.levels or []),
        remedy=workflow.remedy_for(sanction) or "",
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
    return decision


def _with_file(staged, work):
    """Run `work()`; on any refusal or error the staged file is removed."""
    try:
        return work()
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
