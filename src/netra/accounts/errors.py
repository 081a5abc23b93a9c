"""The refusals of the accounts app (netra.refusals): each code with its HTTP status and message."""

from django.utils.translation import gettext_lazy as _

from netra.refusals import ErrorCode


class AccountErrorCode(ErrorCode):
    OTP_REQUIRED = "otp_required", 403, _("Verifikasi dua langkah diperlukan.")
