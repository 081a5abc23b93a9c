"""Writes of the cases app: the deadline rules (DESIGN.md §7) and the case workflow (§8)."""

import datetime as dt
import logging
import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from netra.accounts.scopes import user_scope
from netra.audit.services import audit_record
from netra.cases import capabilities, deadlines, recommendation, selectors, workflow
from netra.cases import facts as fact_registry
from netra.cases.choices import CaseEventKind, CaseState, DeadlineScope, DeadlineUnit, Remedy
from netra.cases.errors import CaseErrorCode
from netra.cases.models import Case, CaseDeadline, CaseEvent, CaseReport, DeadlineRule
from netra.cases.numbers import case_number_new
from netra.cases.signals import case_transitioned
from netra.documents.choices import DocumentKind
from netra.documents.selectors import document_current_exists
from netra.intake.choices import PublicStatus
from netra.intake.models import Report
from netra.intake.services import (
    correction_deadline,
    report_message_to_reporter,
    report_status_set,
)
from netra.reference_upsert import ReferenceRow, reference_upsert
from netra.refusals import Refusal
from netra.registry.choices import PersonStatus
from netra.registry.models import Person
from netra.rules.classification import ClassificationError, classify
from netra.rules.models import Sanction
from netra.rules.selectors import sanction_list

S = CaseState
logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent / "data" / "deadlines.toml"
_TEXT_FIELDS = ("label_id", "label_en", "legal_basis", "source", "note")


class DeadlineDataError(ValueError):
    """The deadlines data file is malformed; nothing is stored."""


def _read(path: Path) -> list[dict]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise DeadlineDataError(f"{path.name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DeadlineDataError(f"{path.name}: {exc}") from exc
    rows = data.get("deadline", [])
    if not isinstance(rows, list):
        raise DeadlineDataError(f"{path.name}: [[deadline]] must be a list of tables")
    return rows


def _values(row: dict, where: str) -> dict:
    for key in ("code", "unit", "label_id"):
        if not str(row.get(key) or "").strip():
            raise DeadlineDataError(f"{where}: {key} is required")
    kind = row.get("election_kind", DeadlineScope.ANY)
    if kind not in DeadlineScope.values:
        raise DeadlineDataError(f"{where}: election_kind must be one of {DeadlineScope.values}")
    if row["unit"] not in DeadlineUnit.values:
        raise DeadlineDataError(f"{where}: unit must be one of {DeadlineUnit.values}")
    days = row.get("days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise DeadlineDataError(f"{where}: days must be a whole number >= 0 or omitted")
    if days is None and not (row.get("setting") or row.get("unverified")):
        raise DeadlineDataError(f"{where}: without days, give a setting or mark it unverified")
    valid_from = row.get("valid_from")
    if valid_from is not None and (
        not isinstance(valid_from, dt.date) or isinstance(valid_from, dt.datetime)
    ):
        raise DeadlineDataError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    version = row.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DeadlineDataError(f"{where}: version must be a whole number >= 1")
    counts_from = row.get("counts_from", [])
    counts_from = [counts_from] if isinstance(counts_from, str) else counts_from
    if not isinstance(counts_from, list) or not set(counts_from) <= deadlines.START_FACTS:
        raise DeadlineDataError(
            f"{where}: counts_from must list facts among {sorted(deadlines.START_FACTS)}"
        )
    return {
        "unit": row["unit"],
        "days": days,
        "setting_code": str(row.get("setting") or "").strip(),
        "unverified": bool(row.get("unverified", False)),
        "valid_from": valid_from,
        "counts_from": ",".join(counts_from),
        **{key: str(row.get(key) or "").strip() for key in _TEXT_FIELDS},
    }


@transaction.atomic
def cases_load_reference(*, actor=None, path: Path | None = None) -> dict:
    """Upsert `data/deadlines.toml` keyed by (code, election_kind, version); all or nothing.

    Idempotent: unchanged rows are not written, and one audit event with the counts is recorded
    only when something was created or updated. Rows missing from the file are kept.
    """
    path = path or DATA_FILE

    def rows():
        for number, row in enumerate(_read(path), start=1):
            where = f"{path.name}: deadline #{number} ({row.get('code', '?')})"
            values = _values(row, where)
            key = (row["code"], row.get("election_kind", DeadlineScope.ANY), row.get("version", 1))
            yield ReferenceRow(where, key, values)

    return reference_upsert(
        model=DeadlineRule,
        key_fields=("code", "election_kind", "version"),
        rows=rows(),
        error=DeadlineDataError,
        actor=actor,
        action="cases.reference_loaded",
    )


# --- Cases -------------------------------------------------------------------------------------


class CaseError(Refusal):
    """A refused case operation: `CaseError(CaseErrorCode.X, **params)` (cases/errors.py)."""


class CaseNotFound(CaseError):
    """The case (or report) is outside the actor's scope or does not exist: answer 404."""

    def __init__(self):
        super().__init__(CaseErrorCode.NOT_FOUND)


class CaseTransitionError(CaseError):
    """`workflow.check_transition` refused the move; `reason` is its reason or guard name."""

    def __init__(self, decision: workflow.Decision):
        self.reason = decision.reason
        super().__init__(decision.error, **decision.params)


# What the reporter sees for each case state (intake.PublicStatus); None leaves it unchanged.
PUBLIC_STATUS = {
    S.RECEIVED: PublicStatus.RECEIVED,
    S.FORMAL_CHECK: None,
    S.NEEDS_CORRECTION: PublicStatus.NEEDS_CORRECTION,
    S.NOT_REGISTERED: PublicStatus.NOT_REGISTERED,
    S.REGISTERED: PublicStatus.REGISTERED,
    S.TASK_FORCE_VERIFICATION: PublicStatus.IN_STUDY,
    S.STUDY: PublicStatus.IN_STUDY,
    S.NOT_A_VIOLATION: PublicStatus.CLOSED,
    S.STOPPED: PublicStatus.CLOSED,
    S.RECOMMENDED: PublicStatus.RECOMMENDED,
    S.RECOMMENDATION_TO_AUTHORITY: PublicStatus.RECOMMENDED,
    S.RECOMMENDATION_TO_PPK: PublicStatus.RECOMMENDED,
    S.PPK_NO_FOLLOW_UP: None,
    S.DATA_BLOCKED: None,
    S.UNBLOCKED: None,
    S.SANCTIONED: PublicStatus.DECIDED,
    S.OBJECTION: None,
    S.OBJECTION_DECIDED: None,
    S.DEEMED_UNDECIDED: None,
    S.APPEAL: None,
    S.APPEAL_DECIDED: None,
    S.COURT: None,
    S.CLOSED: PublicStatus.CLOSED,
}

# Deadlines that outlive the state that started them: the statutory follow-up limits run from
# registration until Bawaslu's handling ends (UU 7/2017 Pasal 454; DOMAIN.md §8.4).
_BAWASLU_HANDLING = frozenset({S.REGISTERED, S.TASK_FORCE_VERIFICATION, S.STUDY})
_RUNS_WHILE = {
    workflow.D.BAWASLU_FOLLOW_UP: _BAWASLU_HANDLING,
    workflow.D.BAWASLU_FOLLOW_UP_EXTENDED: _BAWASLU_HANDLING,
}
# What the scheduler does when a deadline passes with the case still waiting: the PPK that
# did not follow up (DOMAIN.md §2.5), and an objection the PPK did not decide in 21 working
# days, which counts as undecided (PP 79/2021; DOMAIN.md §8.2).
_MOVES_WHEN_OVERDUE = {
    (workflow.D.PPK_FOLLOW_UP, S.RECOMMENDATION_TO_PPK): (
        S.PPK_NO_FOLLOW_UP,
        "Batas waktu tindak lanjut PPK terlewati.",
    ),
    (workflow.D.OBJECTION_DECISION, S.OBJECTION): (
        S.DEEMED_UNDECIDED,
        "Keberatan tidak diputus PPK dalam %(days)s hari kerja.",  # the rule's days
    ),
}
_LEFT_SERVICE = frozenset({PersonStatus.RETIRED, PersonStatus.DISMISSED})


def _states_from(start: str) -> frozenset[str]:
    """`start` and every state the workflow leads to from it, not going on past a terminal
    state (a merge undone leaves `closed` again; that does not make a case "later")."""
    seen, todo = {str(start)}, [str(start)]
    while todo:
        state = todo.pop()
        if state in workflow.TERMINAL_STATES:
            continue
        for transition in workflow.transitions_from(state):
            if transition.target not in seen:
                seen.add(transition.target)
                todo.append(transition.target)
    return frozenset(seen)


# The study has started / the recommendation is made: the case is in that state or later
# (ADR 0012: the reported person changes with a reason, then not at all).
STUDY_STARTED_STATES = _states_from(S.STUDY)
RECOMMENDED_STATES = _states_from(S.RECOMMENDED)


def _json_ready(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_ready(v) for v in value]
    return value


def _local_today(case: Case, now: dt.datetime | None = None) -> dt.date:
    return deadlines.local_day(now or timezone.now(), case.region.code)


def _open_deadline_overdue(case: Case, code: str, today: dt.date) -> bool:
    return case.deadlines.filter(
        code=code, met_at__isnull=True, due_date__isnull=False, due_date__lt=today
    ).exists()


def case_facts(case: Case, explicit: dict | None = None) -> dict:
    """The facts the workflow guards read: what was recorded on the case, then the explicit
    facts of this move, then what the data itself says (which the caller cannot override)."""
    today = _local_today(case)
    person = case.person
    classification = case.classification or {}
    derived = {
        "person_resolved": bool(case.person_id),
        "not_in_registry": case.person_not_in_registry,
        "classification": classification or None,
        "recommending_authority": classification.get("recommending_authority"),
        "ppk_known": bool(person and person.agency_id and person.agency.ppk_title),
        "correction_overdue": _open_deadline_overdue(case, workflow.D.CORRECTION, today),
        "ppk_overdue": _open_deadline_overdue(case, workflow.D.PPK_FOLLOW_UP, today),
        "objection_overdue": _open_deadline_overdue(case, workflow.D.OBJECTION_DECISION, today),
        "merged_into": case.merged_into.number if case.merged_into_id else None,
        "merge_undone": _merge_undone(case),
        "recommendation_letter_issued": document_current_exists(
            case, DocumentKind.RECOMMENDATION_LETTER
        ),
    }
    if person is not None and person.status in _LEFT_SERVICE:
        derived["person_left"] = True
    facts = {**fact_registry.read(case), **fact_registry.typed(explicit)}
    if facts.get("decision_sanction") and not facts.get("remedy"):
        # Objection or appeal follows from the sanction imposed (PP 79/2021): the catalog's.
        catalog = {s.code: s for s in sanction_list()}
        facts["remedy"] = workflow.remedy_for(catalog.get(facts["decision_sanction"]))
    if not facts.get("recommended_sanctions"):
        facts["recommended_sanctions"] = [s["code"] for s in classification.get("sanctions", [])]
    # The durations the guards' messages name ("... 3 hari ..."), from the deadline rules.
    kind = case.election.kind if case.election_id else None
    derived["correction_days"] = _rule_days(workflow.D.CORRECTION, kind, today)
    derived["objection_decision_days"] = _rule_days(workflow.D.OBJECTION_DECISION, kind, today)
    derived["remedy_filing_days"] = _rule_days(
        workflow.remedy_filing_deadline(facts.get("remedy")), kind, today
    )
    return {**facts, **derived}


def _rule_days(code: str, election_kind: str | None, today: dt.date) -> int | str:
    rule = deadlines.rule_get(code, election_kind, on=today)
    days = deadlines.rule_days(rule, on=today) if rule else None
    return "?" if days is None else days


def _merge_undone(case: Case) -> bool:
    """A closed duplicate whose merge `case_unmerge` is undoing (its last timeline row)."""
    if case.state != S.CLOSED or case.merged_into_id:
        return False
    last = case.events.order_by("-created_at", "-id").values_list("kind", flat=True).first()
    return last == CaseEventKind.UNMERGED


# The moves that state the recommendation (level and sanctions, cases/recommendation.py).
_STATES_RECOMMENDATION = frozenset({S.RECOMMENDED, S.RECOMMENDATION_TO_PPK})
_RECOMMENDATION_ERRORS = {
    "sanction_not_valid": CaseErrorCode.SANCTION_NOT_VALID,
    "level_not_valid": CaseErrorCode.LEVEL_NOT_VALID,
    "sanction_level_mismatch": CaseErrorCode.SANCTION_LEVEL_MISMATCH,
}


def _recommendation_stated(case: Case, explicit: dict) -> dict:
    """The recommended level and sanctions this move records, checked against the catalogue
    sanctions valid for the person on the act's date; what the move does not state is taken
    from what the study recorded, else from the classification."""
    keys = (recommendation.LEVEL_FACT, recommendation.SANCTIONS_FACT)
    recorded = {k: (case.facts or {})[k] for k in keys if (case.facts or {}).get(k)}
    stated = {**recorded, **{k: explicit[k] for k in keys if k in explicit}}
    if recommendation.SANCTIONS_FACT in explicit and recommendation.LEVEL_FACT not in explicit:
        stated.pop(recommendation.LEVEL_FACT, None)  # the level follows the sanctions chosen
    try:
        return recommendation.recommendation_check(case, stated)
    except recommendation.RecommendationInvalid as exc:
        error = _RECOMMENDATION_ERRORS[exc.code]
        raise CaseError(error, fields={exc.field: error}) from exc


def _facts_clean(updates: dict) -> dict:
    """What a move records, checked and normalised by the facts registry (cases/facts.py)
    before any guard reads it: a value of the wrong type is refused (400), nothing stored."""
    try:
        return fact_registry.clean(updates)
    except fact_registry.FactInvalid as exc:
        # The recommendation's own refusals where they say more (cases/recommendation.py).
        if exc.fact.kind == fact_registry.Kind.SANCTION:
            error = CaseErrorCode.SANCTION_NOT_VALID
        elif exc.key == recommendation.LEVEL_FACT:
            error = CaseErrorCode.LEVEL_NOT_VALID
        else:
            error = CaseErrorCode.FACT_INVALID
        raise CaseError(
            error, fields={exc.key: error}, fact=exc.fact.label, expected=exc.expected
        ) from exc


def _lock(case: Case) -> Case:
    """The case, locked for a change; a case purged under the retention policy (ADR 0014)
    changes no more (`case_purged`, 409)."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("region", "election", "person", "person__agency", "report", "merged_into")
        .get(pk=case.pk)
    )
    if locked.purged_at is not None:
        raise CaseError(CaseErrorCode.PURGED)
    return locked


def _require_visible(actor, case: Case) -> None:
    if actor is not None and not selectors.case_visible_to(actor, case):
        raise CaseNotFound()


def _require_role(actor, case: Case, capability: frozenset[str]) -> str:
    """The role under which `actor` uses `capability` (cases/capabilities.py) on `case`."""
    _require_visible(actor, case)
    if actor is None:
        return workflow.SYSTEM
    held = capabilities.roles_of(actor, case) & capability
    if not held:
        raise CaseError(CaseErrorCode.ROLE_NOT_ALLOWED)
    return sorted(held)[0]


def _decide(actor, case: Case, target: str, facts: dict) -> workflow.Decision:
    """Check the move under each role the actor holds on the case; the first that passes
    wins, else the most specific refusal (a failed guard beats a role refusal)."""
    roles = [workflow.SYSTEM] if actor is None else sorted(selectors.case_roles_for(actor, case))
    decisions = [workflow.check_transition(case.state, target, role, facts) for role in roles]
    for decision in decisions:
        if decision.ok:
            return decision
    for decision in decisions:
        if decision.reason in workflow.GUARDS:
            return decision
    if decisions:
        return decisions[0]
    return workflow.check_transition(case.state, target, "", facts)


def _role_of(actor, case: Case, transition: workflow.Transition) -> str:
    if actor is None:
        return workflow.SYSTEM
    return sorted(selectors.case_roles_for(actor, case) & transition.roles)[0]


def _move_deadlines(case: Case, source: str, target: str, now: dt.datetime) -> list[CaseDeadline]:
    """Close the open deadlines this move ends and create the ones it starts."""
    terminal = target in workflow.TERMINAL_STATES
    for row in case.deadlines.filter(met_at__isnull=True):
        runs_while = _RUNS_WHILE.get(row.code, frozenset({row.state}))
        if terminal or target not in runs_while:
            row.met_at = now
            row.save(update_fields=["met_at"])
    started = []
    for due in deadlines.deadlines_for_transition(
        source,
        target,
        election_kind=case.election_kind or None,
        region_code=case.region.code,
        start=now,
        facts=case.facts,
    ):
        started.append(
            CaseDeadline.objects.create(
                case=case,
                code=due.code,
                rule=due.rule,
                state=target,
                started_at=now,
                due_date=due.due,
                unit=due.rule.unit if due.rule else "",
            )
        )
    if target == S.SANCTIONED:
        started += case_remedy_window_start(case=case, now=now)
    return started


def case_remedy_window_start(*, case: Case, now: dt.datetime | None = None) -> list:
    """The objection or appeal window in the case's deadline table, once the decision's
    receipt date is known: the filing rule of the decision's remedy (PP 79/2021), counted from
    that date (its `counts_from`). Started once; nothing without a remedy or a receipt date."""
    facts = case.facts or {}
    remedy = facts.get("remedy")
    if remedy not in Remedy.values or case.state != S.SANCTIONED:
        return []
    code = workflow.remedy_filing_deadline(remedy)
    rule = deadlines.rule_get(code, case.election_kind or None)
    start = deadlines.rule_start(rule, facts)
    if rule is None or start is None or case.deadlines.filter(code=code).exists():
        return []
    row = CaseDeadline.objects.create(
        case=case,
        code=code,
        rule=rule,
        state=case.state,
        started_at=now or timezone.now(),
        due_date=deadlines.due_date(rule, start, region_code=case.region.code),
        unit=rule.unit,
    )
    return [row]


def _tell_reporters(actor, case: Case, target: str, note: str, started: list) -> None:
    """The reporters' public status and timeline, through intake's services only."""
    status = PublicStatus.MERGED if target == S.CLOSED and case.merged_into_id else None
    status = status or PUBLIC_STATUS.get(target)
    reports = [link.report for link in case.case_reports.select_related("report")]
    for report in reports:
        if target == S.NEEDS_CORRECTION:
            correction = next((d for d in started if d.code == workflow.D.CORRECTION), None)
            reply_by = correction.due_date if correction else None
            report_message_to_reporter(
                actor=actor,
                report=report,
                body=note or "Mohon lengkapi laporan Anda.",
                reply_by=reply_by or correction_deadline(),
            )
        note_id, note_en = _public_outcome_note(case, target, note) if status else ("", "")
        if status and (status != report.public_status or note_id):
            report_status_set(
                actor=actor,
                report=report,
                status=status,
                public_note=note_id,
                public_note_en=note_en,
            )


def _public_outcome_note(case: Case, target: str, note: str) -> tuple[str, str]:
    """What the reporter reads about how the case ended, in plain words. Only fixed texts and
    the catalogue's sanction name: officers' internal notes stay internal, except the reason a
    report was not registered, which the triage form tells the officer the reporter will read."""
    if target == S.NOT_REGISTERED:
        return note, note
    if target == S.NOT_A_VIOLATION:
        return (
            "Hasil kajian: perbuatan yang dilaporkan bukan pelanggaran netralitas ASN.",
            "Study result: the reported act is not a breach of civil-service neutrality.",
        )
    if target == S.STOPPED:
        return (
            "Penanganan dihentikan; laporan tidak dapat ditindaklanjuti.",
            "Handling stopped; the report cannot be taken further.",
        )
    if target == S.RECOMMENDATION_TO_PPK:
        return (
            "Rekomendasi sanksi telah dikirim kepada Pejabat Pembina Kepegawaian (PPK).",
            "A sanction recommendation has been sent to the staffing authority (PPK).",
        )
    if target == S.SANCTIONED:
        code = (case.facts or {}).get("decision_sanction", "")
        sanction = Sanction.objects.filter(code=code).order_by("-version").first()
        if sanction is None:
            return (
                "Pejabat Pembina Kepegawaian telah menjatuhkan sanksi.",
                "The staffing authority (PPK) has imposed a sanction.",
            )
        return (
            f"Pejabat Pembina Kepegawaian telah menjatuhkan sanksi: {sanction.label_id}.",
            f"The staffing authority (PPK) has imposed a sanction: "
            f"{sanction.label_en or sanction.label_id}.",
        )
    return "", ""


def case_event_record(
    *,
    actor,
    case: Case,
    kind: str,
    details: dict | None = None,
    role: str = "",
    note: str = "",
) -> CaseEvent:
    """Add a row to the case's timeline for a change that is not a state change (identity,
    merge, classification, a letter issued, a decree recorded), in the caller's transaction.

    `details` holds what changed in plain values (`cases/timeline.py` writes the line); the
    caller records its own audit event. `role` defaults to the actor's first role on the case.
    """
    if kind == CaseEventKind.TRANSITION or kind not in CaseEventKind.values:
        raise ValueError(f"not a timeline event kind: {kind!r}")
    if not role and actor is not None:
        roles = sorted(selectors.case_roles_for(actor, case))
        role = roles[0] if roles else ""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_state=case.state,
        to_state=case.state,
        actor=actor,
        role=role,
        note=note,
        details=_json_ready(details or {}),
    )


def _person_ref(person: Person | None) -> dict | None:
    """A person as the timeline keeps them (public id, name, NIP); None: not in registry."""
    if person is None:
        return None
    return {"id": str(person.public_id), "name": person.name, "nip": person.nip or ""}


def _notify(case: Case, what: str) -> None:
    from netra.cases.tasks import case_notify

    public_id = str(case.public_id)
    transaction.on_commit(lambda: case_notify.delay(public_id, what))


@transaction.atomic
def case_transition(
    *, actor, case: Case, target: str, facts: dict | None = None, note: str = ""
) -> Case:
    """Move `case` to `target`: the only writer of `Case.state` (DESIGN.md §8).

    `actor` None is the scheduler (workflow role `system`). Out of the actor's scope:
    CaseNotFound. Refused by the workflow: CaseTransitionError, and nothing is written.
    `facts` are what the officer records with this move (findings, decision, remedy...);
    they are kept on the case for later guards.
    """
    case = _lock(case)
    _require_visible(actor, case)
    explicit = dict(facts or {})
    if note and "reason" not in explicit:
        explicit["reason"] = note
    explicit = _facts_clean(explicit)
    all_facts = case_facts(case, explicit)
    decision = _decide(actor, case, str(target), all_facts)
    if not decision.ok:
        raise CaseTransitionError(decision)
    if decision.transition.target in _STATES_RECOMMENDATION:
        stated = _recommendation_stated(case, explicit)
        explicit.update(stated)
        all_facts.update(stated)
    role = _role_of(actor, case, decision.transition)
    source, now = case.state, timezone.now()
    case.state = decision.transition.target
    case.facts = fact_registry.merge(case.facts, explicit)  # the one place facts are stored
    case.outcome = workflow.official_outcome(case.state, all_facts) or ""
    if case.state in workflow.TERMINAL_STATES:
        case.closed_at = now
    elif source in workflow.TERMINAL_STATES:
        case.closed_at = None  # a merge undone: the duplicate is handled again
    case.save(update_fields=["state", "facts", "outcome", "closed_at", "updated_at"])
    started = _move_deadlines(case, source, case.state, now)
    CaseEvent.objects.create(
        case=case, from_state=source, to_state=case.state, actor=actor, role=role, note=note
    )
    audit_record(
        actor=actor,
        action="cases.transition",
        target=case,
        payload={
            "from": source,
            "to": case.state,
            "role": role,
            "facts": sorted(explicit),
            "deadlines": [{"code": d.code, "due": _json_ready(d.due_date)} for d in started],
        },
    )
    _tell_reporters(actor, case, case.state, note, started)
    case_transitioned.send(
        sender=Case,
        case=case,
        source=source,
        target=case.state,
        actor=actor,
        role=role,
        facts=explicit,
    )
    _notify(case, f"state:{case.state}")
    return case


@transaction.atomic
def case_open_from_report(*, actor, report: Report) -> Case:
    """Register `report` as a case (state `received`); a report already in a case returns
    that case. Only Bawaslu and task-force officers whose region covers the report may."""
    scope = user_scope(actor, roles=capabilities.OPEN_CASE)
    if not (getattr(actor, "is_superuser", False) or scope.covers_region(report.region.code)):
        raise CaseNotFound()
    existing = CaseReport.objects.filter(report=report).select_related("case").first()
    if existing is not None:
        return existing.case
    election = report.election
    case = Case.objects.create(
        number=_new_case_number(timezone.now().year),
        report=report,
        region=report.region,
        election=election,
    )
    CaseReport.objects.create(case=case, report=report, is_primary=True)
    CaseEvent.objects.create(case=case, from_state="", to_state=case.state, actor=actor)
    audit_record(
        actor=actor,
        action="cases.opened",
        target=case,
        payload={"number": case.number, "report": report.tracking_number},
    )
    return case


def _new_case_number(year: int) -> str:
    for _attempt in range(20):
        number = case_number_new(year)
        if not Case.objects.filter(number=number).exists():
            return number
    raise RuntimeError("could not draw a free case number")


@transaction.atomic
def case_resolve_identity(
    *,
    actor,
    case: Case,
    person: Person | None = None,
    not_in_registry: bool = False,
    reason: str = "",
) -> Case:
    """Record who the reported person is (a registry person) or that they are not in it.

    The identity.py suggestions are computed for the audit record (was the choice among them,
    at which rank), so a reviewer can see when an officer went against the ranking.

    ADR 0012: once the study has started, changing an identity already recorded needs a
    `reason` (kept on the timeline and in the audit); from the recommendation on it is refused
    (`identity_after_recommendation`). Confirming the same choice again changes nothing.
    """
    case = _lock(case)
    _require_role(actor, case, capabilities.RESOLVE_IDENTITY)
    if (person is None) == (not not_in_registry):
        raise CaseError(CaseErrorCode.IDENTITY_CHOICE)
    if case.state in workflow.TERMINAL_STATES:
        raise CaseError(CaseErrorCode.CLOSED)
    rank = None
    if person is not None:
        suggestions = selectors.case_identity_candidates(actor, case) if actor else []
        ids = [c.person.pk for c in suggestions]
        rank = ids.index(person.pk) + 1 if person.pk in ids else None
    was_resolved = bool(case.person_id or case.person_not_in_registry)
    old_person = case.person
    if was_resolved and old_person == person and case.person_not_in_registry == not_in_registry:
        return case  # the same choice again: nothing changes
    reason = str(reason or "").replace("\x00", "").strip()[:4000]
    if was_resolved and case.state in RECOMMENDED_STATES:
        raise CaseError(CaseErrorCode.IDENTITY_AFTER_RECOMMENDATION)
    if was_resolved and case.state in STUDY_STARTED_STATES and not reason:
        raise CaseError(
            CaseErrorCode.IDENTITY_REASON_REQUIRED,
            fields={"reason": CaseErrorCode.IDENTITY_REASON_REQUIRED},
        )
    case.person = person
    case.person_not_in_registry = bool(not_in_registry)
    case.save(update_fields=["person", "person_not_in_registry", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.identity_resolved",
        target=case,
        payload={
            "person": str(person.public_id) if person else None,
            "not_in_registry": case.person_not_in_registry,
            "suggestion_rank": rank,
            "previous": str(old_person.public_id) if old_person else None,
            "reason": reason,
        },
    )
    details = {"new": _person_ref(person)}
    if was_resolved:
        details.update(old=_person_ref(old_person), reason=reason)
    case_event_record(
        actor=actor,
        case=case,
        kind=CaseEventKind.IDENTITY_CHANGED if was_resolved else CaseEventKind.IDENTITY_RESOLVED,
        details=details,
    )
    return case


@transaction.atomic
def case_classify(
    *,
    actor,
    case: Case,
    act: str,
    act_date: dt.date,
    phase: str | None = None,
    employee_type: str | None = None,
) -> Case:
    """Classify the act (rules.classification) and keep the result as the case's snapshot.

    The employee type comes from the resolved person; for someone not in the registry the
    officer gives it.
    """
    case = _lock(case)
    _require_role(actor, case, capabilities.CLASSIFY)
    if case.state in workflow.TERMINAL_STATES:
        raise CaseError(CaseErrorCode.CLOSED)
    employee_type = employee_type or (case.person.employee_type if case.person else None)
    if not employee_type:
        raise CaseError(CaseErrorCode.EMPLOYEE_TYPE)
    if case.election is None:
        raise CaseError(CaseErrorCode.ELECTION)
    try:
        result = classify(
            act=act,
            employee_type=employee_type,
            act_date=act_date,
            election=case.election,
            phase=phase,
        )
    except ClassificationError as exc:
        # The rules app's refusal (rules/errors.py), as the case's.
        raise CaseError(exc.error, **exc.params) from exc
    previous = case.classification or {}
    case.classification = _json_ready(result.as_dict())
    case.save(update_fields=["classification", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.classified",
        target=case,
        payload={
            "act": result.act.slug,
            "form": case.classification.get("form"),
            "level": result.level,
            "warnings": result.warning_codes,
        },
    )
    details = {"act": result.act.slug, "level": result.level}
    if previous:
        details["old"] = {"act": previous.get("act"), "level": previous.get("level")}
    case_event_record(
        actor=actor,
        case=case,
        kind=CaseEventKind.CLASSIFICATION_CHANGED if previous else CaseEventKind.CLASSIFIED,
        details=details,
    )
    return case


@transaction.atomic
def case_merge(*, actor, target: Case, duplicate: Case, reason: str = "") -> Case:
    """Handle `duplicate` inside `target`: its reports are linked to `target` (nothing is
    deleted), the duplicate is closed as merged through `case_transition`, and its reporters
    see the public status `merged`."""
    if target.pk == duplicate.pk:
        raise CaseError(CaseErrorCode.SAME_CASE)
    target = _lock(target)
    _require_role(actor, target, capabilities.MERGE)
    duplicate = _lock(duplicate)
    _require_visible(actor, duplicate)
    if target.state in workflow.TERMINAL_STATES:
        raise CaseError(CaseErrorCode.TARGET_CLOSED)
    reason = str(reason or "").replace("\x00", "").strip()[:4000]
    if not reason:
        raise CaseError(
            CaseErrorCode.MERGE_REASON_REQUIRED,
            fields={"reason": CaseErrorCode.MERGE_REASON_REQUIRED},
        )
    # Kept to reopen them if the merge is undone (`case_unmerge`).
    open_deadlines = list(
        duplicate.deadlines.filter(met_at__isnull=True).values_list("pk", flat=True)
    )
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into", "updated_at"])
    linked = []
    for link in duplicate.case_reports.select_related("report"):
        _row, created = CaseReport.objects.get_or_create(case=target, report=link.report)
        if created:
            linked.append(link.report.tracking_number)
    audit_record(
        actor=actor,
        action="cases.merged",
        target=target,
        payload={"duplicate": duplicate.number, "reports": linked},
    )
    case_event_record(
        actor=actor,
        case=target,
        kind=CaseEventKind.MERGED,
        details={
            "side": "target",
            "other": duplicate.number,
            "reports": linked,
            "reason": reason,
        },
    )
    case_event_record(
        actor=actor,
        case=duplicate,
        kind=CaseEventKind.MERGED,
        details={
            "side": "duplicate",
            "other": target.number,
            "restore_state": duplicate.state,
            "open_deadlines": open_deadlines,
            "reason": reason,
        },
    )
    case_transition(
        actor=actor,
        case=duplicate,
        target=S.CLOSED,
        note=f"Digabung ke {target.number}",
    )
    return target


def _last_merge_row(case: Case, kind: str, other: str) -> CaseEvent | None:
    rows = case.events.filter(kind=kind).order_by("-created_at", "-id")
    return next((row for row in rows if (row.details or {}).get("other") == other), None)


@transaction.atomic
def case_unmerge(*, actor, duplicate: Case, reason: str) -> Case:
    """Undo a merge while the target case has not reached the recommendation: the reports the
    merge linked to the target are unlinked, the duplicate returns (through `case_transition`,
    the workflow's `merge_undone` move) to the state it was merged from, with the deadlines
    the merge closed open again. Both timelines and the audit trail say so, with the reason.

    After the recommendation: `unmerge_after_recommendation` (409); a case not merged:
    `not_merged` (409). Returns the duplicate."""
    duplicate = _lock(duplicate)
    _require_visible(actor, duplicate)
    if duplicate.state != S.CLOSED or not duplicate.merged_into_id:
        raise CaseError(CaseErrorCode.NOT_MERGED)
    target = _lock(duplicate.merged_into)
    _require_visible(actor, target)
    if target.state in RECOMMENDED_STATES:
        raise CaseError(CaseErrorCode.UNMERGE_AFTER_RECOMMENDATION, number=target.number)
    _require_role(actor, target, capabilities.MERGE)
    reason = str(reason or "").replace("\x00", "").strip()[:4000]
    if not reason:
        raise CaseError(
            CaseErrorCode.UNMERGE_REASON_REQUIRED,
            fields={"reason": CaseErrorCode.UNMERGE_REASON_REQUIRED},
        )
    merged = _last_merge_row(duplicate, CaseEventKind.MERGED, target.number)
    linked_row = _last_merge_row(target, CaseEventKind.MERGED, duplicate.number)
    details = (merged.details if merged else {}) or {}
    restore = details.get("restore_state")
    if restore not in workflow.MERGEABLE_STATES:
        raise CaseError(CaseErrorCode.NOT_MERGED)
    linked = list(((linked_row.details if linked_row else {}) or {}).get("reports") or [])
    unlinked = CaseReport.objects.filter(
        case=target, is_primary=False, report__tracking_number__in=linked
    )
    unlinked_numbers = sorted(unlinked.values_list("report__tracking_number", flat=True))
    unlinked.delete()
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    for case, other, side in ((duplicate, target, "duplicate"), (target, duplicate, "target")):
        case_event_record(
            actor=actor,
            case=case,
            kind=CaseEventKind.UNMERGED,
            details={"side": side, "other": other.number, "reason": reason},
        )
    audit_record(
        actor=actor,
        action="cases.unmerged",
        target=target,
        payload={"duplicate": duplicate.number, "reports": unlinked_numbers, "reason": reason},
    )
    duplicate = case_transition(
        actor=actor,
        case=duplicate,
        target=restore,
        note=f"Penggabungan ke {target.number} dibatalkan",
    )
    reopen = [pk for pk in details.get("open_deadlines") or [] if isinstance(pk, int)]
    duplicate.deadlines.filter(pk__in=reopen).update(met_at=None)
    return duplicate


@transaction.atomic
def deadline_mark_overdue(*, deadline: CaseDeadline, now: dt.datetime | None = None) -> bool:
    """Mark one open deadline overdue (by its region's local day) and escalate it once.

    Escalation notifies the next level; a PPK follow-up deadline moves the case to
    `ppk_no_follow_up` as the scheduler (the data-blocking request follows per the workflow).
    Returns True when something changed; running it again changes nothing.
    """
    now = now or timezone.now()
    row = (
        CaseDeadline.objects.select_for_update(of=("self",))
        .select_related("case", "case__region")
        .get(pk=deadline.pk)
    )
    if row.met_at is not None or row.due_date is None:
        return False
    today = _local_today(row.case, now)
    if today <= row.due_date:
        return False
    if row.code in workflow.MILESTONE_DEADLINES:
        # A date that arrives rather than a step someone owes: reached, never overdue.
        row.met_at = now
        row.save(update_fields=["met_at"])
        audit_record(
            actor=None,
            action="cases.milestone_reached",
            target=row.case,
            payload={"code": row.code, "due": row.due_date.isoformat()},
        )
        return True
    changed = False
    if row.overdue_since is None:
        row.overdue_since = today
        row.save(update_fields=["overdue_since"])
        audit_record(
            actor=None,
            action="cases.deadline_overdue",
            target=row.case,
            payload={"code": row.code, "due": row.due_date.isoformat()},
        )
        changed = True
    if row.escalated_at is None:
        row.escalated_at = now
        row.save(update_fields=["escalated_at"])
        audit_record(
            actor=None,
            action="cases.deadline_escalated",
            target=row.case,
            payload={"code": row.code, "due": row.due_date.isoformat()},
        )
        _notify(row.case, f"overdue:{row.code}")
        automatic = _MOVES_WHEN_OVERDUE.get((row.code, row.case.state))
        if automatic:
            target, note = automatic
            days = deadlines.rule_days(row.rule) if row.rule else None
            note = note % {"days": "?" if days is None else days}
            try:
                with transaction.atomic():
                    case_transition(actor=None, case=row.case, target=target, note=note)
            except CaseTransitionError as exc:
                # The mark and the escalation stand; the move is left to the officers.
                logger.warning("case %s: automatic move refused (%s)", row.case.number, exc.code)
        changed = True
    return changed


def deadlines_mark_overdue(*, now: dt.datetime | None = None) -> int:
    """The periodic sweep: every open dated deadline whose due date may have passed (a day of
    margin for the eastern time zones), each in its own transaction. Returns how many changed."""
    now = now or timezone.now()
    horizon = now.date() + dt.timedelta(days=1)
    candidates = (
        CaseDeadline.objects.filter(met_at__isnull=True, due_date__lt=horizon)
        .filter(Q(overdue_since__isnull=True) | Q(escalated_at__isnull=True))
        .order_by("due_date", "id")
    )
    return sum(deadline_mark_overdue(deadline=row, now=now) for row in candidates.iterator())


@transaction.atomic
def case_start_check(*, actor, report: Report) -> Case:
    """Open the case of a new report and start the formal and material check (the queue's
    "start the check" action): `case_open_from_report`, then `received -> formal_check`
    through `case_transition`. A report already in a case past `received` is left as it is."""
    case = case_open_from_report(actor=actor, report=report)
    if case.state == S.RECEIVED:
        case = case_transition(actor=actor, case=case, target=S.FORMAL_CHECK)
    return case
