"""Reads of the prevention app. Pledge templates are public reference data (no scope)."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from netra.prevention.models import PledgeTemplate


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
