from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SanctionsConfig(AppConfig):
    name = "netra.sanctions"
    label = "sanctions"
    verbose_name = pgettext_lazy("plural", "Sanksi")

    def ready(self) -> None:
        from netra.cases.signals import case_transitioned
        from netra.sanctions import receivers

        case_transitioned.connect(
            receivers.data_block_on_transition, dispatch_uid="sanctions.data_block_on_transition"
        )
