"""What each source object contributes to the rollups, computed from the source, in batches.

`case_facts(ids)`, `report_facts(ids)` and `prevention_facts(kind, ids)` return
{source id: {fact field: value}} for the ids that count (a merged duplicate case, a deleted
activity... is absent). They read other apps' tables but never write them (DESIGN.md §1); a batch
costs a fixed handful of queries whatever its size, so the periodic reconcile can recompute
everything.
"""

import datetime as dt

from django.db.models import Count, Min
from django.utils import timezone

from netra.analytics.choices import Follow, Measure, Outcome, PreventionKind
from netra.cases.choices import CaseState, Compliance, OfficialOutcome
from netra.cases.compliance import LEVEL_RANK
from netra.cases.models import Case, CaseDeadline, CaseEvent
from netra.cases.selectors import PPK_VISIBLE_STATES
from netra.cases.workflow import DeadlineCode, official_outcome
from netra.intake.models import Report
from netra.prevention.models import Activity, Attendance, IntegrityPact, Pledge
from netra.sanctions.choices import DecisionStatus
from netra.sanctions.models import Decision

S = CaseState
RECOMMENDATION_STATES = frozenset(
    {S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY, S.RECOMMENDATION_TO_PPK}
)
# States in which the PPK was asked and has not decided, declared as not followed up.
NOT_FOLLOWED_STATES = frozenset({S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED, S.UNBLOCKED})
FOLLOW_BY_COMPLIANCE = {
    Compliance.COMPLIANT: Follow.FOLLOWED,
    Compliance.HEAVIER: Follow.FOLLOWED,
    Compliance.LIGHTER: Follow.PARTLY,
    Compliance.NOT_IN_CATALOGUE: Follow.PARTLY,
    Compliance.PERSON_LEFT: Follow.PERSON_LEFT,
}


def region_parts(code: str | None) -> tuple[str, str]:
    """(province, regency) of a hierarchical region code: "32.01.05" -> ("32", "32.01")."""
    if not code:
        return "", ""
    parts = code.split(".")
    return parts[0], ".".join(parts[:2]) if len(parts) > 1 else ""


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _days(start: dt.date, end: dt.date | None) -> int | None:
    return None if end is None else max((end - start).days, 0)


def case_facts(ids) -> dict[int, dict]:
    ids = list(ids)
    cases = (
        Case.objects.filter(pk__in=ids, merged_into__isnull=True)
        .select_related("region", "report", "report__act", "person")
        .only(
            "id",
            "state",
            "facts",
            "classification",
            "created_at",
            "election_id",
            "merged_into_id",
            "region__code",
            "report__created_at",
            "report__reported_position",
            "report__act__slug",
            "person__agency_id",
            "person__employee_type",
            "person__position_type",
            "person__functional_group",
            "person__unit_id",
        )
    )
    cases = list(cases)
    live = [case.pk for case in cases]
    recommended_at = dict(
        CaseEvent.objects.filter(case_id__in=live, to_state__in=RECOMMENDATION_STATES)
        .values("case_id")
        .annotate(first=Min("created_at"))
        .values_list("case_id", "first")
    )
    to_ppk = set(
        CaseEvent.objects.filter(case_id__in=live, to_state=S.RECOMMENDATION_TO_PPK).values_list(
            "case_id", flat=True
        )
    )
    first_decree = dict(
        Decision.objects.filter(case_id__in=live)
        .values("case_id")
        .annotate(first=Min("decree_date"))
        .values_list("case_id", "first")
    )
    current = {
        row["case_id"]: row
        for row in Decision.objects.filter(case_id__in=live)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .values("case_id", "status", "compliance", "sanction_levels")
    }
    overdue = set(
        CaseDeadline.objects.filter(
            case_id__in=live,
            code=DeadlineCode.PPK_FOLLOW_UP,
            met_at__isnull=True,
            overdue_since__isnull=False,
        ).values_list("case_id", flat=True)
    )
    out = {}
    for case in cases:
        reported = local_day(case.report.created_at)
        first_rec = recommended_at.get(case.pk)
        decision = current.get(case.pk)
        province, regency = region_parts(case.region.code)
        person = case.person
        classification = case.classification or {}
        out[case.pk] = {
            "election_id": case.election_id or 0,
            "province": province,
            "regency": regency,
            "region_code": case.region.code,
            "agency_id": (person.agency_id or 0) if person else 0,
            "employee_type": (
                person.employee_type if person else classification.get("employee_type") or ""
            ),
            "position_type": person.position_type if person else "",
            "functional_group": (
                person.functional_group
                if person
                else group_from_position(case.report.reported_position)
            ),
            "unit_id": (person.unit_id or 0) if person else 0,
            "act": classification.get("act") or (case.report.act.slug if case.report.act else ""),
            "form": classification.get("form") or "",
            "month": local_day(case.created_at).replace(day=1),
            "ppk_visible": case.state in PPK_VISIBLE_STATES,
            "outcome": _outcome(case, first_rec is not None or case.state in RECOMMENDATION_STATES),
            "sanction_level": _level(decision),
            "compliance": _follow(case, decision, case.pk in to_ppk, case.pk in overdue),
            "recommendation_days": _days(reported, local_day(first_rec) if first_rec else None),
            "decision_days": _days(reported, first_decree.get(case.pk)),
        }
    return out


def group_from_position(position: str | None) -> str:
    """The functional group a report's free-text position names unmistakably (a teacher, a
    health worker: the registry import's own inference), while the person is not matched with
    the registry; "" (not determined) for anything else rather than a guess. (`bulk.py`, the
    set-based reconcile, applies the same rule.)"""
    from netra.registry.choices import FunctionalGroup
    from netra.registry.importer import infer_functional_group

    group = infer_functional_group(position or "", "")
    return group if group in (FunctionalGroup.TEACHER, FunctionalGroup.HEALTH) else ""


def _outcome(case: Case, recommended: bool) -> str:
    official = official_outcome(case.state, case.facts or {})
    if official == OfficialOutcome.NOT_PROVEN:
        return Outcome.NOT_PROVEN
    if recommended:
        return Outcome.PROVEN
    if case.state == S.NOT_REGISTERED or official in (
        OfficialOutcome.REJECTED,
        OfficialOutcome.CANCELLED,
    ):
        return Outcome.DROPPED
    if case.state in (S.STOPPED, S.CLOSED):
        return Outcome.DROPPED
    return Outcome.PENDING


def _level(decision: dict | None) -> str:
    if not decision or decision["status"] != DecisionStatus.IN_FORCE:
        return ""
    levels = [level for level in decision["sanction_levels"] or [] if level in LEVEL_RANK]
    return max(levels, key=LEVEL_RANK.__getitem__) if levels else ""


def _follow(case: Case, decision: dict | None, to_ppk: bool, overdue: bool) -> str:
    if not (to_ppk or case.state == S.RECOMMENDATION_TO_PPK or decision):
        return ""
    if decision:
        return FOLLOW_BY_COMPLIANCE.get(decision["compliance"], Follow.PENDING)
    if (case.facts or {}).get("person_left"):
        return Follow.PERSON_LEFT
    if case.state in NOT_FOLLOWED_STATES:
        return Follow.NOT_FOLLOWED
    if overdue:
        return Follow.OVERDUE
    if case.state == S.CLOSED:
        return Follow.NOT_FOLLOWED
    return Follow.PENDING


def case_contributions(fact: dict | None):
    """(cube name, key, weight) rows a case fact adds (services applies them)."""
    if fact is None:
        return []
    from netra.analytics.models import CASE_DIMS, SUMMARY_DIMS

    dims = tuple(fact[name] for name in CASE_DIMS)
    measures = (fact["outcome"], fact["sanction_level"], fact["compliance"])
    rows = [
        ("case", (*dims, *measures), 1),
        ("summary", (*(fact[name] for name in SUMMARY_DIMS), *measures), 1),
    ]
    if fact["unit_id"]:
        rows.append(("unit", (*dims, fact["unit_id"], fact["outcome"]), 1))
    for measure, field in (
        (Measure.RECOMMENDATION, "recommendation_days"),
        (Measure.DECISION, "decision_days"),
    ):
        if fact[field] is not None:
            rows.append(("duration", (*dims, measure.value, fact[field]), 1))
    return rows


def report_facts(ids) -> dict[int, dict]:
    reports = Report.objects.filter(pk__in=list(ids)).select_related("region", "act")
    out = {}
    for report in reports.only(
        "id", "created_at", "election_id", "source", "region__code", "act__slug"
    ):
        province, regency = region_parts(report.region.code)
        out[report.pk] = {
            "day": local_day(report.created_at),
            "election_id": report.election_id or 0,
            "province": province,
            "regency": regency,
            "act": report.act.slug if report.act_id else "",
            "source": report.source,
        }
    return out


def report_contributions(fact: dict | None):
    if fact is None:
        return []
    from netra.analytics.models import REPORT_DIMS

    return [("report", tuple(fact[name] for name in REPORT_DIMS), 1)]


def prevention_facts(kind: str, ids) -> dict[int, dict]:
    """Facts of one prevention kind; for attendance `ids` are activity ids."""
    ids = list(ids)
    out: dict[int, dict] = {}
    if kind in (PreventionKind.ACTIVITY, PreventionKind.ATTENDANCE):
        activities = Activity.objects.filter(pk__in=ids).select_related("region")
        weights: dict[int, int] | None = None  # activities weigh 1, attendance its rows
        if kind == PreventionKind.ATTENDANCE:
            weights = dict(
                Attendance.objects.filter(activity_id__in=ids)
                .values("activity_id")
                .annotate(n=Count("id"))
                .values_list("activity_id", "n")
            )
        for activity in activities:
            weight = 1 if weights is None else weights.get(activity.pk, 0)
            if not weight:
                continue
            out[activity.pk] = _prevention_row(
                activity.held_on,
                activity.election_id,
                activity.region.code if activity.region_id else "",
                activity.agency_id,
                weight,
                activity.unit_id,
            )
    elif kind == PreventionKind.PLEDGE:
        pledges = Pledge.objects.filter(pk__in=ids).select_related(
            "campaign", "campaign__region", "person", "person__region"
        )
        for pledge in pledges:
            person, campaign = pledge.person, pledge.campaign
            region = person.region if person.region_id else campaign.region
            out[pledge.pk] = _prevention_row(
                local_day(pledge.pledged_at),
                campaign.election_id,
                region.code if region else "",
                person.agency_id or campaign.agency_id,
                1,
                person.unit_id,
            )
    elif kind == PreventionKind.PACT:
        for pact in IntegrityPact.objects.filter(pk__in=ids).select_related("region"):
            out[pact.pk] = _prevention_row(
                pact.signed_on,
                pact.election_id,
                pact.region.code if pact.region_id else "",
                pact.agency_id,
                1,
                pact.unit_id,
            )
    return out


def _prevention_row(day, election_id, region_code, agency_id, weight, unit_id) -> dict:
    province, regency = region_parts(region_code)
    return {
        "month": day.replace(day=1),
        "election_id": election_id or 0,
        "province": province,
        "regency": regency,
        "agency_id": agency_id or 0,
        "unit_id": unit_id or 0,
        "weight": weight,
    }


def prevention_contributions(kind: str, fact: dict | None):
    if fact is None:
        return []
    key = (kind, fact["month"], fact["election_id"], fact["province"], fact["regency"])
    return [("prevention", (*key, fact["agency_id"], fact["unit_id"]), fact["weight"])]


def source_ids(name: str, kind: str = ""):
    """Every id the reconcile must look at, as a queryset of ids."""
    if name == "case":
        return Case.objects.order_by("pk").values_list("pk", flat=True)
    if name == "report":
        return Report.objects.order_by("pk").values_list("pk", flat=True)
    model = {
        PreventionKind.ACTIVITY: Activity,
        PreventionKind.ATTENDANCE: Activity,
        PreventionKind.PLEDGE: Pledge,
        PreventionKind.PACT: IntegrityPact,
    }[kind]
    return model.objects.order_by("pk").values_list("pk", flat=True)
