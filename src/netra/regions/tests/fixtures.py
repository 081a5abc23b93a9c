"""Shared region fixtures for every app's tests."""

import pytest

# Jambi, Jawa Barat, Jawa Timur, NTT, Kalimantan Timur, DKI Jakarta.
SAMPLE_PROVINCES = ["15", "32", "35", "53", "64", "31"]


@pytest.fixture
def regions_sample(db):
    """Six provinces down to districts (about 2,000 rows), loaded through the service."""
    from netra.regions.services import regions_load_reference

    return regions_load_reference(provinces=SAMPLE_PROVINCES, include_villages=False)
