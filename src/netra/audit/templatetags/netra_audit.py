"""Audit helpers for templates: who may read the trail (for the navigation) and event times
in the reader's zone ("27 November 2024 14:05 WITA")."""

import datetime as dt

from django import template

from netra.audit.access import may_read_audit

register = template.Library()

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@register.filter
def reads_audit(user) -> bool:
    """`{% if user|reads_audit %}`: auditors and administrators."""
    return may_read_audit(user)


def zoned_time(moment, zone) -> str:
    from netra.web.templatetags.netra_format import format_date

    if not isinstance(moment, dt.datetime) or zone is None:
        return ""
    local = moment.astimezone(zone)
    return f"{format_date(local.date())} {local:%H:%M} {ZONE_NAMES.get(zone.key, '')}".strip()


@register.filter
def in_zone(moment, zone) -> str:
    """`{{ event.occurred_at|in_zone:zone }}`."""
    return zoned_time(moment, zone)


@register.filter
def zone_name(zone) -> str:
    return ZONE_NAMES.get(getattr(zone, "key", ""), "")
