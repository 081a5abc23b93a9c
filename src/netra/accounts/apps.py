from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "netra.accounts"
    label = "accounts"
