"""The access chokepoint (DESIGN.md §5): what part of the country and which agencies a user sees.

Every app's `selectors.<thing>_for(user)` narrows its queryset with `scope_filter`; views and
APIs never filter by hand (docs/development/access.md). A region scope covers everything under
it (codes are hierarchical: "32" covers "32.01" and "32.01.05", ADR 0004); an agency scope covers
that agency's units and people; a grant with both a region and an agency needs both to match.
A user with no grant sees nothing; a superuser or a grant with neither region nor agency is
national.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from netra.accounts.choices import Role

# `region_field="self"` scopes a queryset of regions.Region itself by its own code.
SELF = "self"


@dataclass(frozen=True)
class Grant:
    role: str
    region_code: str | None
    agency_id: int | None

    @property
    def is_national(self) -> bool:
        return self.region_code is None and self.agency_id is None

    def covers(self, *, region_code: str | None, agency_id: int | None) -> bool:
        if self.is_national:
            return True
        if self.region_code and not (region_code and _within(region_code, self.region_code)):
            return False
        return not (self.agency_id and agency_id != self.agency_id)


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

    def covers(self, *, region_code: str | None = None, agency_id: int | None = None) -> bool:
        """Object-level check in Python, with the same meaning as `q()`."""
        if self.is_national:
            return True
        return any(g.covers(region_code=region_code, agency_id=agency_id) for g in self.grants)

    def covers_region(self, code: str | None) -> bool:
        """True if some grant limited only by region (no agency) covers `code`."""
        if self.is_national:
            return True
        if not code:
            return False
        return any(
            g.agency_id is None and g.region_code and _within(code, g.region_code)
            for g in self.grants
        )

    def q(self, *, region_field: str | None, agency_field: str | None) -> Q | None:
        """A Q object selecting what this scope covers; None means everything.

        A grant on a dimension the model does not have (e.g. an agency grant on a model without
        an agency field) selects nothing rather than everything.
        """
        if self.is_national:
            return None
        condition = Q(pk__in=[])
        for grant in self.grants:
            part = Q()
            if grant.region_code:
                if not region_field:
                    continue
                code = "code" if region_field == SELF else f"{region_field}__code"
                part &= Q(**{code: grant.region_code}) | Q(
                    **{f"{code}__startswith": grant.region_code + "."}
                )
            if grant.agency_id:
                if not agency_field:
                    continue
                part &= Q(**{agency_field: grant.agency_id})
            condition |= part
        return condition


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def user_scope(user, *, roles: Iterable[str] | None = None) -> Scope:
    """The user's grants, cached on the user object (one query per request).

    Services that change memberships call `forget_scope(user)`.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(())
    cached = getattr(user, "_netra_scope", None)
    if cached is None:
        rows = user.memberships.values_list("role", "region__code", "agency_id")
        cached = Scope(tuple(Grant(*row) for row in rows), user.is_superuser)
        user._netra_scope = cached
    return cached.for_roles(roles)


def forget_scope(user) -> None:
    if user is not None and hasattr(user, "_netra_scope"):
        del user._netra_scope


def scope_filter(
    queryset: QuerySet,
    user,
    *,
    region_field: str | None = "region",
    agency_field: str | None = "agency",
    roles: Iterable[str] | None = None,
) -> QuerySet:
    """Narrow `queryset` to what `user` may see; an empty scope sees nothing.

    `region_field` names a ForeignKey to regions.Region (or "self" for a Region queryset),
    `agency_field` a ForeignKey to registry.Agency ("pk" for an Agency queryset,
    "unit__agency" through a work unit); pass None when the model has no such dimension.
    `roles` keeps only the grants of those roles.
    """
    scope = user_scope(user, roles=roles)
    if scope.is_empty:
        return queryset.none()
    condition = scope.q(region_field=region_field, agency_field=agency_field)
    return queryset if condition is None else queryset.filter(condition)


ALL_STAFF_ROLES = tuple(Role.values)
