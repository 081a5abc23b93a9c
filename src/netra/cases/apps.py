from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "netra.cases"
    label = "cases"
