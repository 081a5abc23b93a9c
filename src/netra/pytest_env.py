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
