"""SQLite rebuilt `registry_person` in 0006 (new NOT NULL columns), which dropped the FTS5
triggers of 0003 with the old table: substring search then missed every person added or renamed
since. Create them again and rebuild the index from the table (0003's own statements)."""

import importlib

from django.db import migrations

_SEARCH = importlib.import_module("netra.registry.migrations.0003_person_name_trigram_search")


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_person_contact")]

    operations = [
        migrations.RunPython(
            _SEARCH._run({"sqlite": _SEARCH.SQLITE_FORWARD}), migrations.RunPython.noop
        )
    ]
