"""The refusals of the intake app (netra.refusals): each code with its HTTP status and message.

A report that breaks a validity rule (intake/validation.py) is refused as a whole with
`INVALID`, whose message repeats the first field's, and a message per field. The messages are
Indonesian gettext sources; the English texts live in the app's catalog (ADR 0005).
"""

from django.utils.translation import gettext_lazy as _

from netra.refusals import ErrorCode, Refusal


class ReportErrorCode(ErrorCode):
    INVALID = "invalid", 400, _("Periksa isian: %(first)s")
    WRONG_KEY = "wrong_key", 400, _("Nomor laporan atau kunci rahasia salah.")


class ReportRefused(Refusal):
    """A report that was not stored (`ReportErrorCode`); nothing was kept."""
