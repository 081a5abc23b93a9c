"""Staff must be verified with TOTP before they reach anything but the account pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from netra.accounts.selectors import has_confirmed_totp_device

# Paths a logged-in but not yet OTP-verified staff member may still open.
OTP_EXEMPT_PREFIXES = (
    "/akun/",
    "/static/",
    "/i18n/",
    "/bahasa/",
    "/aturan",
    "/api/schema/",
    "/lapor",
)


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
            if request.path.startswith("/api/"):
                # API clients get a status, not an HTML redirect.
                message = _("Verifikasi dua langkah diperlukan.")
                return JsonResponse({"detail": message}, status=403)
            # Users without a device enrol first; the others enter a code.
            name = (
                "accounts:otp_verify" if has_confirmed_totp_device(user) else "accounts:otp_setup"
            )
            url = resolve_url(name)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(url)
        return self.get_response(request)
