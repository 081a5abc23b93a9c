from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "netra.intake"
    label = "intake"
