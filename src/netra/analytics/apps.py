from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "netra.analytics"
    label = "analytics"
    verbose_name = _("Analitik")

    def ready(self) -> None:
        # Listens to the other apps' saves (they never import analytics, DESIGN.md §1).
        from netra.analytics import receivers

        receivers.connect()
