"""The user's scope (accounts.scopes) as lookups on the rollups: the same rules as the case
list (`cases.selectors.case_list_for`), on columns instead of joins.

- a superuser or a national grant sees everything;
- a region grant (province "32" or regency "32.01") sees that region's rows; a grant on a finer
  region (a district) cannot be answered from regency rollups and sees nothing there (such
  grants are not given to staff, DESIGN.md §5);
- an agency grant sees that agency's rows; both region and agency must match when both are set;
- PPK officers and agency HR see only cases already recommended to a PPK (`ppk_visible`),
  and nothing of reports (reports are Bawaslu's until then);
- no grant: nothing.
"""

from django.db.models import Q

from netra.accounts.scopes import Grant, user_scope
from netra.cases.selectors import PPK_SIDE_ROLES

NOTHING = Q(pk__in=[])


def _region(grant: Grant) -> Q | None:
    code = grant.region_code
    if not code:
        return Q()
    depth = code.count(".")
    if depth == 0:
        return Q(province=code)
    if depth == 1:
        return Q(regency=code)
    return None


def _q(user, *, agency: bool, ppk_visible: bool | None, ppk_side_allowed: bool) -> Q | None:
    """None: everything; otherwise the rows the user may count."""
    scope = user_scope(user)
    if scope.is_superuser:
        return None
    condition = NOTHING
    for grant in scope.grants:
        ppk_side = grant.role in PPK_SIDE_ROLES
        if ppk_side and not ppk_side_allowed:
            continue
        if grant.is_national and not ppk_side:
            return None
        part = _region(grant)
        if part is None:
            continue
        if grant.agency_id:
            if not agency:
                continue
            part &= Q(agency_id=grant.agency_id)
        if ppk_side and ppk_visible:
            part &= Q(ppk_visible=True)
        condition |= part
    return condition


def case_scope_q(user) -> Q | None:
    """For CaseCube, DurationCube, CaseFact."""
    return _q(user, agency=True, ppk_visible=True, ppk_side_allowed=True)


def report_scope_q(user) -> Q | None:
    """For ReportCube (no agency dimension: agency-limited grants see nothing)."""
    return _q(user, agency=False, ppk_visible=None, ppk_side_allowed=False)


def prevention_scope_q(user) -> Q | None:
    """For PreventionCube and Headcount (prevention records are their agency's own)."""
    return _q(user, agency=True, ppk_visible=None, ppk_side_allowed=True)


def scoped(queryset, condition: Q | None):
    return queryset if condition is None else queryset.filter(condition)


def narrow(user) -> bool:
    """Whether everything the user may count lies in one agency or regencies: then a list of
    work units is short enough to show (the per-unit table). National and province-wide
    scopes choose an agency or a regency in the filters first."""
    scope = user_scope(user)
    if scope.is_superuser or not scope.grants:
        return False
    for grant in scope.grants:
        if grant.is_national and not grant.agency_id:
            return False
        if not grant.agency_id and (grant.region_code or "").count(".") < 1:
            return False
    return True
