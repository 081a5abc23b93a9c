"""Staff must be verified with TOTP before they reach anything but the account pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url

from netra.accounts.errors import AccountErrorCode
from netra.accounts.selectors import has_confirmed_totp_device
from netra.refusals import Refusal
from netra.web.api_errors import refusal_body

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
                # API clients get the one error body, not an HTML redirect.
                refusal = Refusal(AccountErrorCode.OTP_REQUIRED)
                return JsonResponse(refusal_body(refusal), status=refusal.status)
            # Users without a device enrol first; the others enter a code.
            name = (
                "accounts:otp_verify" if has_confirmed_totp_device(user) else "accounts:otp_setup"
            )
            url = resolve_url(name)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(url)
        return self.get_response(request)
