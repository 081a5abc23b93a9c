from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "netra.elections"
    label = "elections"
