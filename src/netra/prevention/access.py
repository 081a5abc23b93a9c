"""Who may do what with prevention records (issue 5, DESIGN.md §5).

Agency HR (and admins) manage their own agency's activities, campaigns and pacts; Bawaslu,
BKN/task-force analysts, PPK staff and auditors read what their scope covers. The public sees
only aggregate coverage per agency (no names) and its own pledge.
"""

from netra.accounts.choices import Role
from netra.accounts.scopes import user_scope

MANAGER_ROLES = frozenset({Role.AGENCY_HR, Role.ADMIN})
VIEWER_ROLES = frozenset(
    {
        Role.AGENCY_HR,
        Role.ADMIN,
        Role.BAWASLU_OFFICER,
        Role.SATGAS_ANALYST,
        Role.PPK_OFFICER,
        Role.AUDITOR,
    }
)


def _agency_region(agency) -> str | None:
    return agency.region.code if agency.region_id else None


def may_manage(user, agency) -> bool:
    """May `user` create and change prevention records of `agency`?"""
    scope = user_scope(user, roles=MANAGER_ROLES)
    if scope.is_empty:
        return False
    return scope.covers(region_code=_agency_region(agency), agency_id=agency.pk)


def may_view(user, agency) -> bool:
    """May `user` see `agency`'s prevention records with names (not only aggregates)?"""
    scope = user_scope(user, roles=VIEWER_ROLES)
    if scope.is_empty:
        return False
    return scope.covers(region_code=_agency_region(agency), agency_id=agency.pk)


def is_prevention_staff(user) -> bool:
    return not user_scope(user, roles=VIEWER_ROLES).is_empty
