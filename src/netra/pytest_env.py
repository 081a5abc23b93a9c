"""Test environment, loaded with `-p netra.pytest_env` before pytest-django reads the settings.

A root conftest.py runs too late: pytest-django configures Django first.
"""

import os
import tempfile

os.environ["NETRA_TESTING"] = "1"
os.environ.setdefault("NETRA_VAR_DIR", tempfile.mkdtemp(prefix="netra-test-var-"))
os.environ.setdefault("NETRA_AXES_ENABLED", "0")
# The audit tables refuse TRUNCATE except in a test database whose session asks (the flush
# between transactional tests; netra.audit.db_guards).
os.environ.setdefault("PGOPTIONS", "-c netra.allow_audit_truncate=on")


def pytest_configure(config):
    """Django's flush (between transactional tests) may empty the audit tables on SQLite."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        from netra.audit.db_guards import flush_allowed

        with flush_allowed():
            return original(self, *args, **options)

    flush.Command.handle = handle


# PostgreSQL servers configured for CI may run without autovacuum; every test rolls back its
# reference data, so the rows it wrote stay as dead tuples and later tests scan ever more of them.
# Vacuum the worker's test database every so often (best effort: never fails a test).
VACUUM_EVERY = int(os.environ.get("NETRA_TEST_VACUUM_EVERY", "250"))
_finished = 0


def pytest_runtest_logfinish(nodeid, location):
    global _finished
    _finished += 1
    if _finished % VACUUM_EVERY:
        return
    try:
        from django.db import connection

        if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].startswith(
            "test_"
        ):
            return
        import psycopg

        params = connection.get_connection_params()
        with psycopg.connect(**params, autocommit=True, connect_timeout=5) as raw:
            raw.execute("SET lock_timeout = '2s'")
            raw.execute("VACUUM")
    except Exception:  # noqa: S110, BLE001 (housekeeping only)
        pass
