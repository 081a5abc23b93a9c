"""Workspace header helpers."""

from django import template
from django.utils.translation import gettext as _

from netra.accounts.selectors import user_memberships

register = template.Library()


@register.simple_tag
def netra_scope_summary(user) -> str:
    """ "Petugas Bawaslu · 32 Jawa Barat" for one membership, a count for several."""
    memberships = list(user_memberships(user)[:2])
    if not memberships:
        return _("Administrator (nasional)") if user.is_superuser else _("Belum ada peran")
    if len(memberships) == 1:
        return str(memberships[0])
    return _("%(count)s peran") % {"count": user_memberships(user).count()}
