"""Test-wide fixtures. The environment (eager Celery, throw-away var/) is set earlier, by the
`netra.pytest_env` plugin named in pyproject.toml's addopts."""

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
