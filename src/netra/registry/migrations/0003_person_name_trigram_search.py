"""Substring search on `Person.name_key` for 4.4 M rows, per database engine.

PostgreSQL: the pg_trgm extension and a GIN trigram index, so `name_key LIKE '%x%'` (Django's
`__contains`) uses an index. SQLite: an FTS5 table with the trigram tokenizer over `name_key`,
kept in sync by triggers (also fired by bulk upserts), queried by `registry.selectors`.
A later migration that makes SQLite rebuild `registry_person` (e.g. AlterField) drops these
triggers with the old table: such a migration must run SQLITE_FORWARD again.
Other engines get nothing (plain B-tree indexes from 0001/0002 still serve prefix lookups).
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_name_key_trgm_idx "
    "ON registry_person USING gin (name_key gin_trgm_ops)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS person_name_key_trgm_idx"]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_person_name_fts USING fts5("
    "name_key, content='registry_person', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS registry_person_name_fts_ai AFTER INSERT ON registry_person "
    "BEGIN INSERT INTO registry_person_name_fts(rowid, name_key) "
    "VALUES (new.id, new.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS registry_person_name_fts_ad AFTER DELETE ON registry_person "
    "BEGIN INSERT INTO registry_person_name_fts(registry_person_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); END",
    "CREATE TRIGGER IF NOT EXISTS registry_person_name_fts_au "
    "AFTER UPDATE OF name_key ON registry_person "
    "BEGIN INSERT INTO registry_person_name_fts(registry_person_name_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); "
    "INSERT INTO registry_person_name_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    # Rows that existed before this migration.
    "INSERT INTO registry_person_name_fts(registry_person_name_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_person_name_fts_ai",
    "DROP TRIGGER IF EXISTS registry_person_name_fts_ad",
    "DROP TRIGGER IF EXISTS registry_person_name_fts_au",
    "DROP TABLE IF EXISTS registry_person_name_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_person_name_variants_key")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
