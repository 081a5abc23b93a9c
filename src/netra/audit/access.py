"""Who reads the audit trail: auditors and administrators (DESIGN.md §5: auditors read
everything in their scope and write nothing). Which events each of them reads is
`scoping` (per object type, through the owning app's chokepoint) plus, for a national grant
or a superuser, every event."""

from netra.accounts.choices import Role
from netra.accounts.scopes import Scope, user_scope
from netra.regions.timezones import WIB, region_timezone

AUDIT_ROLES = (Role.AUDITOR.value, Role.ADMIN.value)


def audit_scope(user) -> Scope:
    return user_scope(user, roles=AUDIT_ROLES)


def may_read_audit(user) -> bool:
    return not audit_scope(user).is_empty


def viewer_timezone(user):
    """The zone of the reader's region (WIB, WITA or WIT); WIB for a national reader or one
    whose grants span zones."""
    scope = audit_scope(user)
    if scope.is_national:
        return WIB
    zones = {region_timezone(g.region_code) for g in scope.grants if g.region_code}
    return zones.pop() if len(zones) == 1 else WIB
