"""Reads of the prevention app. Pledge templates are public reference data (no scope); every
other record is narrowed to the user's scope through `accounts.scopes.scope_filter`."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from netra.accounts.scopes import scope_filter
from netra.prevention.access import MANAGER_ROLES, VIEWER_ROLES
from netra.prevention.models import (
    Activity,
    IntegrityPact,
    PledgeCampaign,
    PledgeTemplate,
)
from netra.registry.models import Agency


def pledge_template_list() -> QuerySet[PledgeTemplate]:
    """Every template, all versions, newest version first within a code."""
    return PledgeTemplate.objects.order_by("code", "-version")


def pledge_template_current(code: str, *, on: dt.date | None = None) -> PledgeTemplate | None:
    """The latest version of `code` valid on `on` (today by default), or None."""
    on = on or timezone.localdate()
    return (
        PledgeTemplate.objects.filter(code=code, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )


def agencies_managed_by(user) -> QuerySet[Agency]:
    """Agencies whose prevention records `user` may create and change."""
    return scope_filter(
        Agency.objects.select_related("region"),
        user,
        region_field="region",
        agency_field="pk",
        roles=MANAGER_ROLES,
    )


def agencies_viewable_by(user) -> QuerySet[Agency]:
    return scope_filter(
        Agency.objects.select_related("region"),
        user,
        region_field="region",
        agency_field="pk",
        roles=VIEWER_ROLES,
    )


def activities_for(user) -> QuerySet[Activity]:
    return scope_filter(
        Activity.objects.select_related("agency", "unit", "region", "election"),
        user,
        roles=VIEWER_ROLES,
    )


def activity_get_for(user, public_id) -> Activity | None:
    return activities_for(user).filter(public_id=public_id).first()


def campaigns_for(user) -> QuerySet[PledgeCampaign]:
    return scope_filter(
        PledgeCampaign.objects.select_related("agency", "region", "election", "template"),
        user,
        roles=VIEWER_ROLES,
    )


def campaign_get_for(user, public_id) -> PledgeCampaign | None:
    return campaigns_for(user).filter(public_id=public_id).first()


def pacts_for(user) -> QuerySet[IntegrityPact]:
    return scope_filter(
        IntegrityPact.objects.select_related("agency", "unit", "election"),
        user,
        roles=VIEWER_ROLES,
    )


def campaigns_open_for_agency(agency, *, on: dt.date | None = None) -> QuerySet[PledgeCampaign]:
    """The campaigns of `agency` open on `on` (today): what a member of its staff may pledge in."""
    on = on or timezone.localdate()
    return PledgeCampaign.objects.filter(
        agency=agency, starts_on__lte=on, ends_on__gte=on
    ).select_related("template", "election", "agency")
