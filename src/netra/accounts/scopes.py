"""The access chokepoint (DESIGN.md §5): what part of the country and which agencies a user sees.

Every app's `selectors.<thing>_for(user)` narrows its queryset with `scope_filter`; views and
APIs never filter by hand. A region scope covers everything under it (codes are hierarchical:
"32" covers "32.01" and "32.01.05"); an agency scope covers that agency's units and people.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from netra.accounts.choices import Role


@dataclass(frozen=True)
class Grant:
    role: str
    region_code: str | None
    agency_id: int | None

    @property
    def is_national(self) -> bool:
        return self.region_code is None and self.agency_id is None


@dataclass(frozen=True)
class Scope:
    grants: tuple[Grant, ...]
    is_superuser: bool = False

    def for_roles(self, roles: Iterable[str] | None) -> "Scope":
        if roles is None:
            return self
        wanted = set(roles)
        return Scope(tuple(g for g in self.grants if g.role in wanted), self.is_superuser)

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    @property
    def is_national(self) -> bool:
        return self.is_superuser or any(g.is_national for g in self.grants)

    @property
    def is_empty(self) -> bool:
        return not self.is_superuser and not self.grants

    def covers_region(self, code: str | None) -> bool:
        if self.is_national:
            return True
        if not code:
            return False
        return any(
            g.agency_id is None and g.region_code and _within(code, g.region_code)
            for g in self.grants
        )

    def q(self, *, region_field: str | None, agency_field: str | None) -> Q | None:
        """A Q object selecting what this scope covers; None means everything."""
        if self.is_national:
            return None
        condition = Q(pk__in=[])
        for grant in self.grants:
            part = Q()
            if grant.region_code and region_field:
                part &= Q(**{f"{region_field}__code": grant.region_code}) | Q(
                    **{f"{region_field}__code__startswith": grant.region_code + "."}
                )
            elif grant.region_code:
                continue
            if grant.agency_id and agency_field:
                part &= Q(**{f"{agency_field}_id": grant.agency_id})
            elif grant.agency_id:
                continue
            condition |= part
        return condition


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def user_scope(user, *, roles: Iterable[str] | None = None) -> Scope:
    """The user's grants (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(())
    cached = getattr(user, "_netra_scope", None)
    if cached is None:
        rows = user.memberships.select_related("region").values_list(
            "role", "region__code", "agency_id"
        )
        cached = Scope(tuple(Grant(*row) for row in rows), user.is_superuser)
        user._netra_scope = cached
    return cached.for_roles(roles)


def scope_filter(
    queryset: QuerySet,
    user,
    *,
    region_field: str | None = "region",
    agency_field: str | None = "agency",
    roles: Iterable[str] | None = None,
) -> QuerySet:
    """Narrow `queryset` to what `user` may see; an empty scope sees nothing."""
    scope = user_scope(user, roles=roles)
    if scope.is_empty:
        return queryset.none()
    condition = scope.q(region_field=region_field, agency_field=agency_field)
    return queryset if condition is None else queryset.filter(condition)


ALL_STAFF_ROLES = tuple(Role.values)
