"""Shared registry fixtures for every app's tests."""

import pytest


@pytest.fixture
def agency(db):
    """A central agency with no region (national)."""
    from netra.registry.tests.factories import AgencyFactory

    return AgencyFactory(code="KEMENTEST", name="Kementerian Contoh")


@pytest.fixture
def work_unit(agency):
    from netra.registry.tests.factories import WorkUnitFactory

    return WorkUnitFactory(agency=agency, name="Biro Umum")


@pytest.fixture
def person(agency, work_unit):
    """A PNS teacher with a valid NIP in `agency`."""
    from netra.registry.tests.factories import PersonFactory

    return PersonFactory(agency=agency, unit=work_unit)


@pytest.fixture
def registry_regional(regions_sample):
    """Kabupaten Bogor and Kabupaten Sarolangun with one person each (needs regions_sample)."""
    from netra.regions.models import Region
    from netra.registry.choices import AgencyKind
    from netra.registry.tests.factories import AgencyFactory, PersonFactory

    bogor = AgencyFactory(
        code="3201",
        name="Pemerintah Kabupaten Bogor",
        kind=AgencyKind.REGENCY,
        region=Region.objects.get(code="32.01"),
    )
    sarolangun = AgencyFactory(
        code="1503",
        name="Pemerintah Kabupaten Sarolangun",
        kind=AgencyKind.REGENCY,
        region=Region.objects.get(code="15.03"),
    )
    return {
        "bogor": bogor,
        "sarolangun": sarolangun,
        "bogor_person": PersonFactory(agency=bogor),
        "sarolangun_person": PersonFactory(agency=sarolangun),
    }


# The web import's world (two agencies, their HR, an admin, users without an import grant).
from netra.registry.tests.import_world import import_world  # noqa: E402, F401
