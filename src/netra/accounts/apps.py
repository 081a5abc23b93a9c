from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "netra.accounts"
    label = "accounts"
    verbose_name = _("Akun dan akses")

    def ready(self):
        from netra.accounts import otp_seal, signals  # noqa: F401  (signals: lockout audit)

        otp_seal.install()
