"""Reads of the cases app, always narrowed by the access chokepoint (`accounts.scopes`).

Who sees a case:
- region-scoped officers (Bawaslu, task force, auditors) see the cases of their region and
  everything under it (`region` is the primary report's region);
- agency-scoped staff (PPK officers, agency HR) see the cases of people of their agency, but
  only once a recommendation has reached their PPK (`PPK_VISIBLE_STATES`): before that the
  case is Bawaslu's study and the agency has no business seeing it (the person could be
  tipped off). A grant with both a region and an agency needs both to match.
"""

import datetime as dt
import uuid

from django.db.models import BooleanField, ExpressionWrapper, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.accounts.choices import Role
from netra.accounts.scopes import scope_filter, user_scope
from netra.cases.choices import CaseState
from netra.cases.identity import ReportedPerson, identity_candidates
from netra.cases.models import Case, CaseDeadline
from netra.cases.workflow import MILESTONE_DEADLINES, TERMINAL_STATES

S = CaseState
PPK_SIDE_ROLES = (Role.PPK_OFFICER.value, Role.AGENCY_HR.value)
PPK_VISIBLE_STATES = frozenset(
    {
        S.RECOMMENDATION_TO_PPK,
        S.SANCTIONED,
        S.PPK_NO_FOLLOW_UP,
        S.DATA_BLOCKED,
        S.UNBLOCKED,
        S.OBJECTION,
        S.OBJECTION_DECIDED,
        S.DEEMED_UNDECIDED,
        S.APPEAL,
        S.APPEAL_DECIDED,
        S.COURT,
        S.CLOSED,
    }
)
_FIELDS = {"region_field": "region", "agency_field": "person__agency"}
# Open deadlines someone owes (a milestone date is not a case's next deadline).
_OPEN_DUTY = Q(deadlines__met_at__isnull=True) & ~Q(deadlines__code__in=MILESTONE_DEADLINES)


def case_list_for(user) -> QuerySet[Case]:
    """Every case `user` may see (see the module docstring for the PPK rule)."""
    base = Case.objects.select_related("region", "report", "person", "person__agency")
    scope = user_scope(user)
    other_roles = [r for r in scope.roles if r not in PPK_SIDE_ROLES]
    if scope.is_superuser:
        return base
    wide = scope_filter(base, user, roles=other_roles, **_FIELDS) if other_roles else base.none()
    ppk_roles = [r for r in scope.roles if r in PPK_SIDE_ROLES]
    if not ppk_roles:
        return wide
    ppk = scope_filter(base, user, roles=ppk_roles, **_FIELDS).filter(state__in=PPK_VISIBLE_STATES)
    return base.filter(Q(pk__in=wide.values("pk")) | Q(pk__in=ppk.values("pk")))


def case_get_for(user, public_id) -> Case | None:
    """The case if `user` may see it, else None (callers answer 404, never 403)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return case_list_for(user).filter(public_id=public_id).first()


def case_visible_to(user, case: Case) -> bool:
    return case_list_for(user).filter(pk=case.pk).exists()


def case_roles_for(user, case: Case) -> set[str]:
    """The roles under which `user` may act on `case` (grants that cover it)."""
    scope = user_scope(user)
    agency_id = case.person.agency_id if case.person_id else None
    roles = set()
    for grant in scope.grants:
        if grant.role in PPK_SIDE_ROLES and case.state not in PPK_VISIBLE_STATES:
            continue
        if grant.covers(region_code=case.region.code, agency_id=agency_id):
            roles.add(grant.role)
    return roles


def case_moves_for(user, case: Case) -> list:
    """The moves `user` may make on `case` now (`moves.Move`), the one answer the case page,
    the study page, the API's `available_actions` and the sanctions pages give: the workflow
    moves the user's roles allow from the case's state (merging excepted: it has its own page),
    each `ready` unless a guard on the case's data fails (`needs`, `reasons`), the PPK's
    decision that lifts a data block, then identity, classification and merging
    (`capabilities`)."""
    from netra.cases import capabilities, workflow
    from netra.cases.moves import Move, MoveKind, Need
    from netra.cases.services import case_facts

    roles = case_roles_for(user, case)
    state = case.state
    by_target: dict[str, tuple] = {}
    for role in sorted(roles):
        for transition in workflow.allowed_transitions(state, role):
            if set(transition.guards) & workflow.MERGE_GUARDS:
                continue
            _t, allowed = by_target.setdefault(transition.target, (transition, []))
            allowed.append(role)
    facts = case_facts(case) if by_target else {}
    moves = []
    for target, (transition, allowed) in by_target.items():
        recorded = workflow.recorded_move(state, target)
        by_input = workflow.RECORDED_GUARDS if recorded else workflow.FORM_GUARDS
        needs = tuple(
            Need(name, workflow.GUARDS[name].render(facts), name in by_input)
            for name in transition.guards
            if not workflow.GUARDS[name].holds(facts)
        )
        moves.append(
            Move(
                kind=MoveKind.RECORDED if recorded else MoveKind.TRANSITION,
                target=target,
                label=workflow.move_label(state, target),
                roles=tuple(allowed),
                ready=all(need.by_form for need in needs),
                needs=needs,
                form_guards=frozenset(transition.guards) & by_input,
                recorded=recorded,
                page=workflow.recorded_page(recorded) if recorded else None,
                endpoint=workflow.recorded_endpoint(state, target),
            )
        )
    deciders = workflow.decision_after_block_roles(state, roles)
    if deciders and S.SANCTIONED not in by_target:
        guard = workflow.GUARDS["decision_recorded"]
        decision = workflow.RecordedMove.DECISION
        moves.append(
            Move(
                kind=MoveKind.RECORDED,
                target=S.SANCTIONED,
                label=workflow.move_label(S.UNBLOCKED, S.SANCTIONED),
                roles=tuple(sorted(deciders)),
                needs=(Need(guard.name, guard.render(facts), True),),
                form_guards=frozenset({guard.name}),
                recorded=decision,
                page=workflow.recorded_page(decision),
                endpoint=workflow.RECORDED_ENDPOINTS[decision],
            )
        )
    others = (
        (
            MoveKind.RESOLVE_IDENTITY,
            capabilities.RESOLVE_IDENTITY,
            _("Tetapkan identitas terlapor"),
        ),
        (MoveKind.CLASSIFY, capabilities.CLASSIFY, _("Klasifikasikan perbuatan")),
        (MoveKind.MERGE, capabilities.MERGE, _("Gabungkan kasus duplikat ke kasus ini")),
    )
    for kind, capability, label in others:
        holders = capabilities.holders(user, case, capability)
        if holders:
            moves.append(Move(kind=kind, target=None, label=label, roles=tuple(sorted(holders))))
    return moves


def case_identity_candidates(user, case: Case, *, limit: int = 10):
    """Registry suggestions for the person the primary report names (identity.py)."""
    report = case.report
    reported = ReportedPerson(
        name=report.reported_name,
        workplace=report.reported_workplace,
        position=report.reported_position,
        region_code=report.reported_region.code if report.reported_region_id else None,
        nip=report.reported_nip,
        nik=report.reported_nik,
    )
    return identity_candidates(user=user, reported=reported, limit=limit)


def case_identity_person_for(user, case: Case, person_public_id):
    """The registry person `user` may confirm as the reported person of `case`: one of the
    case's identity candidates, or a person the registry's scoped lookup gives the user
    (`registry.selectors.person_get_for`); None otherwise. Pages and the API both ask here."""
    from django.core.exceptions import PermissionDenied

    from netra.registry.selectors import person_get_for

    try:
        candidates = case_identity_candidates(user, case)
    except PermissionDenied:
        candidates = []
    wanted = str(person_public_id)
    found = next((c.person for c in candidates if str(c.person.public_id) == wanted), None)
    return found or person_get_for(user, person_public_id)


def deadlines_open() -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(met_at__isnull=True)


def deadlines_overdue_for(user) -> QuerySet[CaseDeadline]:
    """Open deadlines already marked overdue (by the sweep) on cases `user` may see."""
    return (
        deadlines_open()
        .filter(overdue_since__isnull=False, case__in=case_list_for(user).values("pk"))
        .select_related("case", "case__region")
        .order_by("due_date", "id")
    )


def case_queue_for(user, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Open cases `user` may see, nearest due date first: overdue ones (earliest due dates)
    lead, cases without any dated deadline come last. Each row carries `next_due` and
    `is_overdue` (against `today`, default the national date)."""
    today = today or timezone.localdate()
    open_due = Min("deadlines__due_date", filter=_OPEN_DUTY)
    return (
        case_list_for(user)
        .exclude(state__in=TERMINAL_STATES)
        .annotate(next_due=open_due)
        .annotate(is_overdue=ExpressionWrapper(Q(next_due__lt=today), output_field=BooleanField()))
        .order_by(F("next_due").asc(nulls_last=True), "created_at", "id")
    )


# --- Pages of the back office (views.py) ------------------------------------------------------

_OPENING_ROLES = (Role.BAWASLU_OFFICER.value,)  # only they start the formal check


def reports_new_for(user) -> QuerySet:
    """Reports in the user's region scope that are not yet in a case, oldest first (only for
    the roles that may open a case from a report)."""
    from netra.cases.models import CaseReport
    from netra.intake.models import Report

    qs = Report.objects.select_related("region", "election")
    if not user_scope(user).is_superuser:
        qs = scope_filter(qs, user, region_field="region", agency_field=None, roles=_OPENING_ROLES)
    return qs.exclude(pk__in=CaseReport.objects.values("report_id")).order_by("created_at", "id")


def report_new_get_for(user, public_id):
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return reports_new_for(user).filter(public_id=public_id).first()


def case_open_deadlines(cases) -> dict[int, list[CaseDeadline]]:
    """The open deadlines of `cases` (already scoped), by case id, nearest due date first."""
    ids = [c.pk for c in cases]
    rows: dict[int, list[CaseDeadline]] = {pk: [] for pk in ids}
    for row in (
        deadlines_open()
        .filter(case_id__in=ids)
        .select_related("rule")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    ):
        rows[row.case_id].append(row)
    return rows


def deadlines_late_for(user, *, today: dt.date | None = None) -> QuerySet[CaseDeadline]:
    """Open deadlines past their due date on cases `user` may see (whether or not the sweep
    has marked them yet), the longest overdue first."""
    today = today or timezone.localdate()
    return (
        deadlines_open()
        .filter(due_date__lt=today, case__in=case_list_for(user).values("pk"))
        .select_related("case", "case__region", "rule")
        .order_by("due_date", "id")
    )


def case_events(case: Case):
    return case.events.select_related("actor").order_by("created_at", "id")


def case_reports(case: Case) -> list:
    """The reports handled in `case` (primary first), with their evidence and links."""
    links = case.case_reports.select_related(
        "report", "report__region", "report__act", "report__election"
    ).prefetch_related("report__evidence", "report__links")
    return [link.report for link in links]


def case_evidence_get(case: Case, evidence_public_id):
    """Evidence of a report handled in `case` (the case was already looked up in scope)."""
    from netra.intake.models import Evidence

    try:
        evidence_public_id = uuid.UUID(str(evidence_public_id))
    except ValueError:
        return None
    return (
        Evidence.objects.select_related("report")
        .filter(public_id=evidence_public_id, report__in=case.case_reports.values("report_id"))
        .first()
    )


def case_report_get(case: Case, report_public_id):
    try:
        report_public_id = uuid.UUID(str(report_public_id))
    except ValueError:
        return None
    link = (
        case.case_reports.select_related("report", "report__region")
        .filter(report__public_id=report_public_id)
        .first()
    )
    return link.report if link else None


def _record_of(case: Case):
    from netra.cases.duplicates import ReportRecord

    report = case.report
    hashes, urls = [], []
    for link in case.case_reports.all():  # prefetched for the pool (case_duplicate_suggestions)
        hashes += [e.sha256 for e in link.report.evidence.all()]
        urls += [u.url for u in link.report.links.all()]
    return ReportRecord.build(
        str(case.public_id),
        evidence_hashes=hashes,
        urls=urls,
        person_id=case.person_id,
        act=report.act.slug if report.act_id else None,
        event_date=report.event_date,
        region_code=case.region.code,
        description=report.description,
    )


DUPLICATE_POOL = 200
_RECORD_PREFETCH = (
    "case_reports__report__evidence",
    "case_reports__report__links",
)


def case_duplicate_suggestions(user, case: Case, *, limit: int = 10) -> list[tuple]:
    """Cases `user` may see that may be duplicates of `case` and can still be merged into it
    (Bawaslu handling states, same province), best first: `(suggestion, other_case)` pairs."""
    from netra.cases.duplicates import suggest_duplicates
    from netra.cases.workflow import MERGEABLE_STATES

    province = case.region.code.split(".")[0]
    pool = list(
        case_list_for(user)
        .filter(state__in=MERGEABLE_STATES, region__code__startswith=province)
        .exclude(pk=case.pk)
        .select_related("report__act")
        .prefetch_related(*_RECORD_PREFETCH)
        .order_by("-created_at", "-id")[:DUPLICATE_POOL]
    )
    by_key = {str(c.public_id): c for c in pool}
    found = suggest_duplicates(_record_of(case), [_record_of(c) for c in pool], limit=limit)
    return [(s, by_key[s.record.key]) for s in found]


# --- The queue: what needs the user's move, what waits on others (views/queue.py) ---------------

NEEDS_ACTION, WAITING = "needs_action", "waiting"
QUEUE_SECTIONS = (NEEDS_ACTION, WAITING)
NIP_LENGTH = 18


def case_needs_action_q(user) -> Q:
    """Cases on which one of the user's grants allows a move out of the case's state
    (`workflow.states_with_moves_for`; guards not evaluated). The grants are those of
    `case_roles_for`: the PPK side only in `PPK_VISIBLE_STATES`. Auditors never have one."""
    from netra.accounts.scopes import Scope
    from netra.cases.workflow import states_with_moves_for

    condition = Q(pk__in=[])
    for grant in user_scope(user).grants:
        states = states_with_moves_for([grant.role])
        if grant.role in PPK_SIDE_ROLES:
            states &= PPK_VISIBLE_STATES
        if not states:
            continue
        covers = Scope((grant,)).q(**_FIELDS)
        condition |= (covers if covers is not None else Q()) & Q(state__in=sorted(states))
    return condition


def case_personal_data_visible(user) -> bool:
    """May `user` see (and so search) who is reported on at least part of their cases? The
    per-case answer is `exports.reported_person_visible`."""
    from netra.cases.exports import PERSONAL_DATA_ROLES

    scope = user_scope(user)
    return scope.is_superuser or bool(scope.roles & PERSONAL_DATA_ROLES)


def case_search(queryset: QuerySet[Case], text: str, *, personal: bool = True) -> QuerySet[Case]:
    """Cases matching one search box: the case or report number (any part); with `personal`,
    also an 18-digit NIP (the resolved person's, or the one a report gave; spaces ignored) or
    a name (the resolved person's or the one a report gave, any part, case ignored)."""
    from django.db.models import Exists, OuterRef

    from netra.cases.models import CaseReport

    text = " ".join(str(text or "").replace("\x00", "").split())
    if not text:
        return queryset
    compact = text.replace(" ", "")
    if personal and len(compact) == NIP_LENGTH and compact.isascii() and compact.isdigit():
        reports = CaseReport.objects.filter(case=OuterRef("pk"), report__reported_nip=compact)
        return queryset.filter(Q(person__nip=compact) | Exists(reports))
    match = Q(number__icontains=text)
    in_reports = Q(report__tracking_number__icontains=text)
    if personal:
        match |= Q(person__name__icontains=text) | Q(person__name_plain__icontains=text)
        in_reports |= Q(report__reported_name__icontains=text)
    reports = CaseReport.objects.filter(in_reports, case=OuterRef("pk"))
    return queryset.filter(match | Exists(reports))


def case_queue_section(
    user,
    section: str,
    *,
    search: str = "",
    state: str = "",
    election: str = "",
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """One section of the user's queue (`NEEDS_ACTION` or `WAITING`): open cases the user may
    see, overdue first, then by the nearest due date; cases without a dated deadline last.
    Rows carry `next_due`, `is_overdue` and `needs_action`. One query per page."""
    from django.db.models import Case as CaseWhen
    from django.db.models import Value, When

    from netra.cases.filters import with_due_dates

    if section not in QUEUE_SECTIONS:
        raise ValueError(f"unknown queue section {section!r}")
    qs = with_due_dates(case_list_for(user).exclude(state__in=TERMINAL_STATES), today=today)
    qs = qs.annotate(
        needs_action=CaseWhen(
            When(case_needs_action_q(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).filter(needs_action=section == NEEDS_ACTION)
    if state:
        qs = qs.filter(state=state)
    if election:
        qs = qs.filter(election__slug=election)
    if overdue:
        qs = qs.filter(is_overdue=True)
    if search:
        qs = case_search(qs, search, personal=case_personal_data_visible(user))
    return qs.select_related("election", "report__act").order_by(
        F("next_due").asc(nulls_last=True), "created_at", "id"
    )


def case_region_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Provinces and regencies/cities the user's region grants cover, grouped by province:
    `[(province name, [(code, name), ...]), ...]`; every region for a grant not limited by
    region (national, or an agency's staff, whose people may be reported anywhere). One query."""
    from netra.regions.models import Region

    scope = user_scope(user)
    rows = Region.objects.filter(level__lte=2).select_related("parent").order_by("code")
    if not scope.is_superuser and all(g.region_code for g in scope.grants):
        covered = Q(pk__in=[])
        for grant in scope.grants:
            code = grant.region_code
            covered |= Q(code=code) | Q(code__startswith=code + ".")
        rows = rows.filter(covered)
    groups: dict[str, tuple[str, list]] = {}
    for region in rows:
        province = region if region.level == 1 else region.parent
        key = province.code if province else region.code.split(".")[0]
        label, options = groups.setdefault(key, (province.name if province else key, []))
        options.append((region.code, region.name))
    return [(label, options) for label, options in groups.values()]


def case_agency_choices(user) -> list[str]:
    """Names of the agencies of the people on the cases the user may see (one query)."""
    from netra.registry.models import Agency

    agencies = Agency.objects.filter(pk__in=case_list_for(user).values("person__agency"))
    return list(agencies.order_by("name").values_list("name", flat=True).distinct())


def holiday_overrides_by_region(region_codes) -> dict:
    """`workdays` override rules for each region code (national ones and those of the region
    and its ancestors), as `override_rules` gives them, for many regions in one query."""
    from netra.regions.codes import ancestor_codes
    from netra.workdays.calendar import OverrideRule
    from netra.workdays.models import HolidayOverride

    codes = set(region_codes)
    if not codes:
        return {}
    wanted = {c for code in codes for c in (*ancestor_codes(code), code)}
    rows = HolidayOverride.objects.filter(
        Q(region__isnull=True) | Q(region__code__in=sorted(wanted))
    ).values_list("date", "action", "region__code", "name")
    rules = [OverrideRule(date=d, action=a, region_code=r, name=n) for d, a, r, n in rows]
    return {
        code: tuple(
            r
            for r in rules
            if r.region_code is None or r.region_code in {*ancestor_codes(code), code}
        )
        for code in codes
    }
