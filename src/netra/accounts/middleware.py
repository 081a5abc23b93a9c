"""Staff must be verified with TOTP before they reach anything but the account pages."""

from django.conf import settings
from django.shortcuts import redirect

# Paths a logged-in but not yet OTP-verified staff member may still open.
OTP_EXEMPT_PREFIXES = ("/akun/", "/static/", "/i18n/", "/aturan", "/api/schema/")


class StaffOTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.NETRA_REQUIRE_STAFF_OTP
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path != "/"
            and not request.path.startswith(OTP_EXEMPT_PREFIXES)
        ):
            return redirect("accounts:otp_verify")
        return self.get_response(request)
