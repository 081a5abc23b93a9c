from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Set-up tooling: loading reference data and the newcomer's demo. Imports the other apps'
    services; nothing imports it."""

    name = "netra.demo"
    label = "demo"
    verbose_name = "Netra set-up"
