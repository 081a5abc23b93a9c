from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "netra.regions"
    label = "regions"
