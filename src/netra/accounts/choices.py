from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    BAWASLU_OFFICER = "bawaslu_officer", _("Petugas Bawaslu")
    SATGAS_ANALYST = "satgas_analyst", _("Analis BKN/Satgas")
    AGENCY_HR = "agency_hr", _("Kepegawaian instansi (BKPSDM)")
    PPK_OFFICER = "ppk_officer", _("Staf PPK")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class AuthEvent(models.TextChoices):
    """Audit actions for authentication (no passwords or codes ever go in their payload)."""

    LOGIN_SUCCESS = "accounts.login_success", _("Berhasil masuk")
    LOGIN_FAILURE = "accounts.login_failure", _("Gagal masuk")
    LOCKOUT = "accounts.lockout", _("Akun dikunci sementara")
    LOGOUT = "accounts.logout", pgettext_lazy("event", "Keluar")
    OTP_SUCCESS = "accounts.otp_success", _("Verifikasi dua langkah berhasil")
    OTP_FAILURE = "accounts.otp_failure", _("Verifikasi dua langkah gagal")
    PASSWORD_RESET = "accounts.password_reset", _("Kata sandi diatur ulang")
