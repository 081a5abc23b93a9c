"""The set-based import's run table becomes a model (it was created by the importer at run time,
so a database that already has it keeps it), and `Person.import_digest` lets a re-import skip
unchanged rows. Adding a column makes SQLite rebuild the person table, which drops the FTS5 name
search triggers (see 0007): they are created again and the index rebuilt."""

import importlib

from django.db import migrations, models

_SEARCH = importlib.import_module("netra.registry.migrations.0003_person_name_trigram_search")

RUN_FIELDS = [
    (
        "id",
        models.BigAutoField(
            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
        ),
    ),
    ("sha256", models.TextField()),
    ("options", models.TextField()),
    ("stage", models.TextField()),
    ("batches_done", models.IntegerField(default=0)),
    ("summary", models.JSONField(default=dict)),
    ("started_at", models.DateTimeField(auto_now_add=True)),
    ("updated_at", models.DateTimeField(auto_now=True)),
]
RUN_OPTIONS = {
    "verbose_name": "import run",
    "db_table": "netra_registry_import_run",
    "indexes": [models.Index(fields=["sha256", "stage"], name="import_run_file_stage_idx")],
}


def create_run_table(apps, schema_editor):
    model = apps.get_model("registry", "ImportRun")
    table = model._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        existing = schema_editor.connection.introspection.table_names(cursor)
    if table not in existing:
        schema_editor.create_model(model)
        return
    # Created earlier by the importer itself (same columns): keep its rows, add the index.
    for index in model._meta.indexes:
        schema_editor.add_index(model, index)


def drop_run_table(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("registry", "ImportRun"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_restore_name_search_triggers")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="import_digest",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(name="ImportRun", fields=RUN_FIELDS, options=RUN_OPTIONS)
            ],
        ),
        # After the state has the model (a RunPython inside database_operations would not).
        migrations.RunPython(create_run_table, drop_run_table),
        migrations.RunPython(
            _SEARCH._run({"sqlite": _SEARCH.SQLITE_FORWARD}), migrations.RunPython.noop
        ),
    ]
