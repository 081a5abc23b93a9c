"""Reads of the prevention app. Pledge templates are public reference data (no scope); every
other record is narrowed to the user's scope through `accounts.scopes.scope_filter`."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from netra.accounts.scopes import scope_filter
from netra.prevention.access import MANAGER_ROLES, VIEWER_ROLES
from netra.prevention.choices import PledgeMethod
from netra.prevention.models import (
    Activity,
    IntegrityPact,
    Pledge,
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


def activity_for_check_in(token: str) -> Activity | None:
    """The activity whose QR code holds `token`, or None."""
    if not token or len(token) > 64:
        return None
    return (
        Activity.objects.select_related("agency", "election", "region")
        .filter(check_in_token=token)
        .first()
    )


def campaigns_with_counts(queryset: QuerySet[PledgeCampaign]) -> QuerySet[PledgeCampaign]:
    """Annotate `n_individual`, `n_collective` and `n_total` pledges (a read helper; the
    queryset comes from `selectors.campaigns_for`, already scoped)."""
    return queryset.annotate(
        n_individual=Count("pledges", filter=Q(pledges__method=PledgeMethod.INDIVIDUAL)),
        n_collective=Count("pledges", filter=Q(pledges__method=PledgeMethod.COLLECTIVE)),
        n_total=Count("pledges"),
    )


def campaign_pledges(campaign: PledgeCampaign) -> QuerySet[Pledge]:
    """The pledges of a campaign the caller already may see (scope checked by the caller)."""
    return (
        Pledge.objects.filter(campaign=campaign)
        .select_related("person", "person__unit", "template", "activity", "certificate")
        .order_by("-pledged_at", "-id")
    )


def collective_attendees(campaign: PledgeCampaign, activity: Activity) -> list[tuple]:
    """The active staff of the campaign's agency on `activity`'s attendance list, by name, each
    with whether they already pledged in the campaign: [(person, pledged), ...]."""
    from netra.registry.choices import PersonStatus
    from netra.registry.models import Person

    pledged = set(Pledge.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    people = (
        Person.objects.filter(
            prevention_attendances__activity=activity,
            agency_id=campaign.agency_id,
            status=PersonStatus.ACTIVE,
        )
        .select_related("unit")
        .order_by("name_key", "pk")
    )
    return [(person, person.pk in pledged) for person in people]
