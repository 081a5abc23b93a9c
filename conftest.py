"""Test-wide setup: eager Celery, a throw-away var/ directory, no network."""

import os
import tempfile

os.environ.setdefault("NETRA_TESTING", "1")
os.environ.setdefault("NETRA_VAR_DIR", tempfile.mkdtemp(prefix="netra-test-var-"))
os.environ.setdefault("NETRA_AXES_ENABLED", "0")

# Each app owns its shared fixtures in <app>/tests/fixtures.py.
pytest_plugins = [
    "netra.regions.tests.fixtures",
    "netra.registry.tests.fixtures",
    "netra.accounts.tests.fixtures",
    "netra.rules.tests.fixtures",
    "netra.elections.tests.fixtures",
    "netra.workdays.tests.fixtures",
]
