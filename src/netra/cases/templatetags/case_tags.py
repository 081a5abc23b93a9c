"""Case page helpers: deadline countdowns in words ("3 hari kerja lagi", "terlambat 2 hari")."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netra.cases.choices import DeadlineUnit

register = template.Library()


@register.filter
def countdown_label(countdown) -> str:
    """Words for a `deadlines.Countdown`; empty for None."""
    if countdown is None:
        return ""
    working = countdown.unit != DeadlineUnit.CALENDAR
    if countdown.overdue:
        n = abs(countdown.left) or 1
        if working:
            return ngettext("terlambat %(n)s hari kerja", "terlambat %(n)s hari kerja", n) % {
                "n": n
            }
        return ngettext("terlambat %(n)s hari", "terlambat %(n)s hari", n) % {"n": n}
    if countdown.left == 0:
        return _("batas waktunya hari ini")
    n = countdown.left
    if working:
        return ngettext("%(n)s hari kerja lagi", "%(n)s hari kerja lagi", n) % {"n": n}
    return ngettext("%(n)s hari lagi", "%(n)s hari lagi", n) % {"n": n}


@register.filter
def state_badge(state: str) -> str:
    """A CSS modifier for a state: open, closed or PPK side."""
    from netra.cases.selectors import PPK_VISIBLE_STATES
    from netra.cases.workflow import TERMINAL_STATES

    if state in TERMINAL_STATES:
        return "case-state--closed"
    if state in PPK_VISIBLE_STATES:
        return "case-state--ppk"
    return "case-state--open"
