"""Shared working-day fixtures."""

import datetime as dt

import pytest


@pytest.fixture
def holiday_override(db):
    """Factory: holiday_override(date, action="add", region=None, name=..., decree=...).

    Writes through the audited service; `region` is a Region, its code or None (national).
    """
    from netra.regions.models import Region
    from netra.workdays.services import holiday_override_add

    def make(
        date: dt.date,
        action: str = "add",
        region=None,
        name: str = "Hari libur daerah",
        decree: str = "Keputusan uji 1/2024",
    ):
        if isinstance(region, str):
            region = Region.objects.get(code=region)
        return holiday_override_add(
            actor=None, date=date, action=action, region=region, name=name, decree=decree
        )

    return make
