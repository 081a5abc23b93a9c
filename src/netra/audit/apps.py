from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "netra.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from netra.accounts.choices import Role
        from netra.audit.describe import choices_labeller, register_values

        register_values("role", choices_labeller(Role))
        register_values("format", lambda code: code.upper() if code in {"csv", "xlsx"} else None)
        # Each app's `audit_scopes.py` registers how its objects map to a reader's scope, to a
        # case, to a name, and how its payload codes read (netra.audit.scoping, .describe).
        autodiscover_modules("audit_scopes")
