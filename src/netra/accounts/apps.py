from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "netra.accounts"
    label = "accounts"

    def ready(self):
        from netra.accounts import signals  # noqa: F401  (connects the lockout audit)
