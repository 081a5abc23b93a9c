from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "netra.rules"
    label = "rules"
