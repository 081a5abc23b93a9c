"""The name index of identity resolution (`registry.name_index`): keys per person and the token
vocabulary, with a pg_trgm GIN index on the vocabulary on PostgreSQL (fuzzy token expansion).

Existing people are indexed here with the normalisation rules of `registry.normalization`
(pure functions, no models: the same single definition the resolver uses).
"""

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_nametoken_trgm_idx "
    "ON registry_nametoken USING gin (token gin_trgm_ops)",
]


def _forward(apps, schema_editor):
    from collections import Counter

    from netra.registry.normalization import index_keys, normalize_name

    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql)
    person_model = apps.get_model("registry", "Person")
    key_model = apps.get_model("registry", "PersonNameKey")
    token_model = apps.get_model("registry", "NameToken")
    counts = Counter()
    keys = []
    for pk, name_plain in person_model.objects.values_list("pk", "name_plain").iterator(5000):
        for key in index_keys(normalize_name(name_plain)):
            keys.append(key_model(key=key, person_id=pk))
            if key.startswith("t:"):
                counts[key[2:]] += 1
        if len(keys) >= 20000:
            key_model.objects.bulk_create(keys, ignore_conflicts=True)
            keys = []
    key_model.objects.bulk_create(keys, ignore_conflicts=True)
    token_model.objects.bulk_create(
        [token_model(token=t, people=n) for t, n in counts.items()], batch_size=5000
    )


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_nametoken_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_import_job"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameToken",
            fields=[
                ("token", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("people", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "name token",
            },
        ),
        migrations.CreateModel(
            name="PersonNameKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "key",
                        "person",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("key", models.CharField(max_length=124)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="registry.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "person name key",
            },
        ),
        migrations.RunPython(_forward, _backward),
    ]
