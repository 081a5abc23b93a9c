from django.conf import settings
from rest_framework.permissions import BasePermission


class IsVerifiedStaff(BasePermission):
    """Logged in, and (unless switched off) verified with a TOTP device."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return not settings.NETRA_REQUIRE_STAFF_OTP or user.is_verified()
