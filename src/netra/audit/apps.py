from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "netra.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from netra.audit import db_guards

        # The SQLite triggers call a function each connection registers; the guards are
        # re-installed after every migrate (SQLite drops triggers when it rebuilds a table).
        connection_created.connect(db_guards.register_sqlite_function, dispatch_uid="audit-fn")
        post_migrate.connect(db_guards.post_migrate_install, sender=self, dispatch_uid="audit-g")

        from netra.accounts.choices import Role
        from netra.audit.describe import choices_labeller, register_values

        register_values("role", choices_labeller(Role))
        register_values("format", lambda code: code.upper() if code in {"csv", "xlsx"} else None)
        # Each app's `audit_scopes.py` registers how its objects map to a reader's scope, to a
        # case, to a name, and how its payload codes read (netra.audit.scoping, .describe).
        autodiscover_modules("audit_scopes")
