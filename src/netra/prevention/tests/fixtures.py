"""Shared prevention fixtures."""

import pytest


@pytest.fixture
def pledges_loaded(db):
    """The pledge templates of pledge_templates.toml."""
    from netra.prevention.services import prevention_load_reference

    return prevention_load_reference()
