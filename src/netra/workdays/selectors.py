"""Reads of holiday overrides (public reference data)."""

from django.db.models import Q, QuerySet

from netra.regions.codes import ancestor_codes, normalize_region_code
from netra.workdays.calendar import OverrideRule
from netra.workdays.models import HolidayOverride


def holiday_override_list() -> QuerySet[HolidayOverride]:
    return HolidayOverride.objects.select_related("region", "created_by").order_by(
        "date", "region__code"
    )


def override_rules(region_code: str | None = None) -> tuple[OverrideRule, ...]:
    """Overrides that apply to `region_code` (national ones, and those of it and its
    ancestors), as plain rules for `workdays.calendar`. One query."""
    condition = Q(region__isnull=True)
    if region_code:
        code = normalize_region_code(region_code)
        condition |= Q(region__code__in=[*ancestor_codes(code), code])
    rows = HolidayOverride.objects.filter(condition).values_list(
        "date", "action", "region__code", "name"
    )
    return tuple(OverrideRule(date=d, action=a, region_code=r, name=n) for d, a, r, n in rows)
