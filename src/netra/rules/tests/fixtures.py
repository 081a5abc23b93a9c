"""Shared rules fixtures: the catalog loaded from rules/data (and the elections it refers to)."""

import pytest


@pytest.fixture
def rules_loaded(db):
    """The whole rules catalog, loaded through the service (no regions needed)."""
    from netra.rules.services import rules_load_reference

    return rules_load_reference()


@pytest.fixture
def rules_and_elections_loaded(rules_loaded, elections_loaded):
    """What `classify` needs: the rules catalog and the elections with their stage dates."""
    return {"rules": rules_loaded, "elections": elections_loaded}
