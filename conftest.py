"""Test-wide fixtures. The environment (eager Celery, throw-away var/) is set earlier, by the
`netra.pytest_env` plugin named in pyproject.toml's addopts."""

import pytest
from django.conf import settings
from django.utils import translation

# Each app owns its shared fixtures in <app>/tests/fixtures.py.
pytest_plugins = [
    "netra.regions.tests.fixtures",
    "netra.registry.tests.fixtures",
    "netra.accounts.tests.fixtures",
    "netra.rules.tests.fixtures",
    "netra.elections.tests.fixtures",
    "netra.workdays.tests.fixtures",
    "netra.intake.tests.fixtures",
    "netra.cases.tests.fixtures",
    "netra.sanctions.tests.fixtures",
    "netra.documents.tests.fixtures",
    "netra.prevention.tests.fixtures",
]


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Every test starts in the default language: a request in English must not leak into the
    next test of the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def _real_clock_for_throttles():
    """DRF binds its throttle timer (`time.time`) when `rest_framework.throttling` is first
    imported; import it before any test freezes the clock, or every later throttled request
    calls freezegun's fake."""
    # Likewise openpyxl keys its cell number formats by the datetime classes it sees at import:
    # imported under a frozen clock it knows only freezegun's fakes, and every later XLSX export
    # with a real datetime fails (500 in the access matrix after a sanctions test).
    import openpyxl.cell.cell  # noqa: F401
    import rest_framework.throttling  # noqa: F401
