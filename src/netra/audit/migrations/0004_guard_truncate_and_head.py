"""Block TRUNCATE of the audit tables on PostgreSQL, refuse UPDATE/DELETE of events on SQLite
too, and let the head only move forward onto an existing event (audit/db_guards.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from netra.audit import db_guards

    db_guards.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from netra.audit import db_guards

    db_guards.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_check")]

    operations = [migrations.RunPython(forwards, backwards)]
