"""Shared elections fixtures."""

import pytest


@pytest.fixture
def elections_loaded(db):
    """The three elections of elections.toml with stages; no regions linked (region table empty
    unless the test also asks for `regions_sample`, which must then come first)."""
    from netra.elections.services import elections_load_reference

    return elections_load_reference()


@pytest.fixture
def elections_with_regions(regions_sample, elections_loaded):
    """Elections loaded after the regions sample, so regional elections link what exists."""
    return elections_loaded
