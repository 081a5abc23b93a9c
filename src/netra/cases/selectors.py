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

from netra.accounts.choices import Role
from netra.accounts.scopes import scope_filter, user_scope
from netra.cases.choices import CaseState
from netra.cases.identity import ReportedPerson, identity_candidates
from netra.cases.models import Case, CaseDeadline
from netra.cases.workflow import TERMINAL_STATES

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
    open_due = Min("deadlines__due_date", filter=Q(deadlines__met_at__isnull=True))
    return (
        case_list_for(user)
        .exclude(state__in=TERMINAL_STATES)
        .annotate(next_due=open_due)
        .annotate(is_overdue=ExpressionWrapper(Q(next_due__lt=today), output_field=BooleanField()))
        .order_by(F("next_due").asc(nulls_last=True), "created_at", "id")
    )
