"""Audit helpers for templates: who may read the trail (for the navigation) and event times
in the reader's zone ("27 November 2024 14:05 WITA")."""

from django import template

from netra.audit.access import may_read_audit
from netra.regions.timezones import zone_name
from netra.web.templatetags.netra_format import format_moment

register = template.Library()


@register.filter
def reads_audit(user) -> bool:
    """`{% if user|reads_audit %}`: auditors and administrators."""
    return may_read_audit(user)


@register.filter
def in_zone(moment, zone) -> str:
    """`{{ event.occurred_at|in_zone:zone }}`."""
    return format_moment(moment, zone)


register.filter("zone_name", zone_name)
