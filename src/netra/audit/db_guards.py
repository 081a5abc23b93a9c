"""Database-side guards of the audit chain, on both engines (docs/adr/0003, docs/audit.md).

- Events: no UPDATE, no DELETE (row triggers), no TRUNCATE (PostgreSQL statement trigger).
- Head: no DELETE, no TRUNCATE, and an UPDATE may only move it forward onto an existing event
  with the same hash (so "delete the tail and rewind the head" needs the triggers disabled).

These stop the application role, a mistaken script and anyone who cannot alter the schema. An
owner or superuser can disable triggers; what catches that is the checkpoint file outside the
database (`audit/anchor.py`).

Test suites flush tables between transactional tests, so the guards let a flush through only in a
test run: on PostgreSQL when the session sets `netra.allow_audit_truncate=on` (the test
environment's PGOPTIONS) in a database whose name starts with `test`; on SQLite while
`flush_allowed()` is entered under NETRA_TESTING (the triggers ask the `netra_audit_guard_off()`
function each connection registers; without it, as in the sqlite3 shell, they refuse).
`install` is idempotent; it runs from migration 0004 and after every migrate, because SQLite drops
a table's triggers when a migration rebuilds the table.
"""

from contextlib import contextmanager

from django.conf import settings

PG_INSTALL = r"""
CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('netra.allow_audit_truncate', true) = 'on'
       AND current_database() LIKE 'test%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are insert-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF NEW.seq <= OLD.seq OR NOT EXISTS (
        SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash
    ) THEN
        RAISE EXCEPTION 'the audit head only moves forward to an existing event';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE OR REPLACE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();
CREATE OR REPLACE TRIGGER audit_head_no_delete
    BEFORE DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE OR REPLACE TRIGGER audit_head_no_truncate
    BEFORE TRUNCATE ON audit_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();
CREATE OR REPLACE TRIGGER audit_head_forward
    BEFORE UPDATE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""

PG_DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_audithead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead;
DROP TRIGGER IF EXISTS audit_head_forward ON audit_audithead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
"""

SQLITE_TRIGGERS = {
    "audit_event_no_update": """
        CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
        WHEN NOT netra_audit_guard_off()
        BEGIN SELECT RAISE(ABORT, 'audit events are insert-only (UPDATE refused)'); END""",
    "audit_event_no_delete": """
        CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
        WHEN NOT netra_audit_guard_off()
        BEGIN SELECT RAISE(ABORT, 'audit events are insert-only (DELETE refused)'); END""",
    "audit_head_no_delete": """
        CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_audithead
        WHEN NOT netra_audit_guard_off()
        BEGIN SELECT RAISE(ABORT, 'audit events are insert-only (DELETE refused)'); END""",
    "audit_head_forward": """
        CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_audithead
        WHEN NOT netra_audit_guard_off() AND (NEW.seq <= OLD.seq OR NOT EXISTS (
            SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash))
        BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward to an existing event'); END""",
}

# SQLite only, and only under NETRA_TESTING: set while the test runner flushes tables
# (`flush_allowed`, wrapped around Django's flush command by netra.pytest_env).
_flush_allowed_in_tests = False


def _sqlite_guard_off() -> int:
    return int(bool(getattr(settings, "TESTING", False)) and _flush_allowed_in_tests)


@contextmanager
def flush_allowed():
    global _flush_allowed_in_tests
    previous, _flush_allowed_in_tests = _flush_allowed_in_tests, True
    try:
        yield
    finally:
        _flush_allowed_in_tests = previous


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created: the function the SQLite triggers ask (deterministic per process)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("netra_audit_guard_off", 0, _sqlite_guard_off)


def install(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_INSTALL)
        elif connection.vendor == "sqlite":
            for sql in SQLITE_TRIGGERS.values():
                cursor.execute(sql)


def drop(connection) -> None:
    """Remove the guards added by migration 0004 (the row trigger of 0002 stays on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_DROP)
            cursor.execute(
                "CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit events are insert-only'; END; $$ LANGUAGE plpgsql"
            )
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def installed(connection) -> set[str]:
    """Names of the guard triggers present (for `netra audit verify` and tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid IN ('audit_auditevent'::regclass, 'audit_audithead'::regclass)"
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


GUARDS_MIGRATION = ("audit", "0004_guard_truncate_and_head")


def post_migrate_install(sender, using="default", **kwargs) -> None:
    """Re-install after a migrate, if migration 0004 is applied: after `migrate audit zero` (or
    back to before 0004) the tables or the guards are meant to be gone."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if GUARDS_MIGRATION in MigrationRecorder(connection).applied_migrations():
        install(connection)
