"""Reads about accounts. Everything that lists people goes through `scope_filter`."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts.models import Membership, User
from netra.accounts.scopes import scope_filter, user_scope


def user_memberships(user) -> QuerySet[Membership]:
    """The user's own memberships (role and scope), for display."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("region", "agency")
        .order_by("role", "region__code", "agency__name")
    )


def users_for(viewer, *, roles: Iterable[str] | None = None) -> QuerySet[User]:
    """Accounts the viewer may see: those holding a membership inside the viewer's scope.

    A national viewer also sees accounts without any membership.
    """
    scope = user_scope(viewer, roles=roles)
    if scope.is_empty:
        return User.objects.none()
    if scope.is_national:
        return User.objects.all().order_by("username")
    memberships = scope_filter(Membership.objects.all(), viewer, roles=roles)
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("username").distinct()


def confirmed_totp_devices(user) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("created_at")


def has_confirmed_totp_device(user) -> bool:
    return confirmed_totp_devices(user).exists()


def backup_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    return device.token_set.count() if device else 0
