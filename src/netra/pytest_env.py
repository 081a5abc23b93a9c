"""Test environment, loaded with `-p netra.pytest_env` before pytest-django reads the settings.

A root conftest.py runs too late: pytest-django configures Django first.
"""

import os
import tempfile

os.environ["NETRA_TESTING"] = "1"
os.environ.setdefault("NETRA_VAR_DIR", tempfile.mkdtemp(prefix="netra-test-var-"))
os.environ.setdefault("NETRA_AXES_ENABLED", "0")
