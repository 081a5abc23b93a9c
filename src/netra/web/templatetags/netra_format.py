"""Dates the Indonesian way: `{{ d|tanggal }}` gives "27 November 2024" (DESIGN.md §10)."""

import datetime as dt

from django import template
from django.utils import timezone

from netra.language import is_english

register = template.Library()

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: dt.date | dt.datetime, language: str | None = None) -> str:
    """Day, month name, year; aware datetimes are shown in the current time zone first."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    english = language.split("-")[0] == "en" if language else is_english()
    months = MONTHS_EN if english else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_moment(moment, zone=None) -> str:
    """ "27 November 2024 14:05 WITA": `moment` in `zone` (WIB when none), with the zone's name
    (DESIGN.md §10); empty for anything that is not a datetime."""
    from netra.regions.timezones import WIB, zone_name

    if not isinstance(moment, dt.datetime):
        return ""
    zone = zone or WIB
    local = moment.astimezone(zone)
    return f"{format_date(local.date())} {local:%H:%M} {zone_name(zone)}".strip()


@register.filter
def region_time(moment, region_code: str | None) -> str:
    """`{{ job.created_at|region_time:job.agency.region.code }}`: the moment in the region's own
    zone, "27 November 2024 14:05 WITA"."""
    from netra.regions.timezones import region_timezone

    return format_moment(moment, region_timezone(region_code))


@register.filter(name="tanggal")
def tanggal(value):
    """`{{ value|tanggal }}`; empty or non-date values render as an empty string."""
    if not isinstance(value, dt.date):
        return ""
    return format_date(value)
