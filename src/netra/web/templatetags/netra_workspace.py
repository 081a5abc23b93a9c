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


@register.simple_tag
def netra_admin_usable(request) -> bool:
    """Whether `/admin/` would let this user in and show them something: the admin site's own
    decision (staff, active, TOTP-verified) and at least one model they may view or change."""
    from django.contrib import admin

    if request is None or not getattr(request.user, "is_staff", False):
        return False
    return admin.site.has_permission(request) and bool(admin.site.get_app_list(request))
