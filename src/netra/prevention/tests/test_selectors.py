"""Pledge template reads: the version valid on a date."""

import datetime as dt

import pytest

from netra.prevention.selectors import pledge_template_current, pledge_template_list
from netra.prevention.services import prevention_load_reference

pytestmark = pytest.mark.django_db

TEMPLATE = """
[[pledge]]
code = "ikrar-uji"
version = {version}
title_id = "Ikrar uji v{version}"
points = [{{ id = "Butir v{version}" }}]
source = "https://example.org/ikrar"
valid_from = {valid_from}
"""


@pytest.fixture
def two_versions(tmp_path):
    path = tmp_path / "pledges.toml"
    path.write_text(
        TEMPLATE.format(version=1, valid_from="2020-01-01")
        + TEMPLATE.format(version=2, valid_from="2024-01-01"),
        encoding="utf-8",
    )
    prevention_load_reference(path=path)


def test_list_holds_every_version(pledges_loaded, two_versions):
    rows = [(t.code, t.version) for t in pledge_template_list()]
    assert rows == [
        ("ikrar-netralitas-asn", 1),
        ("ikrar-netralitas-sarolangun", 1),
        ("ikrar-uji", 2),
        ("ikrar-uji", 1),
    ]


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (dt.date(2019, 12, 31), None),
        (dt.date(2020, 1, 1), 1),
        (dt.date(2023, 12, 31), 1),
        (dt.date(2024, 1, 1), 2),
        (dt.date(2026, 6, 1), 2),
    ],
)
def test_current_version_on_a_date(two_versions, on, version):
    template = pledge_template_current("ikrar-uji", on=on)
    assert (template.version if template else None) == version


def test_current_defaults_to_today_and_unknown_code(two_versions):
    assert pledge_template_current("ikrar-uji").version == 2
    assert pledge_template_current("tidak-ada") is None


def test_shipped_templates_current(pledges_loaded):
    assert pledge_template_current("ikrar-netralitas-asn", on=dt.date(2024, 2, 1)).version == 1
    assert pledge_template_current("ikrar-netralitas-sarolangun", on=dt.date(2020, 11, 15)) is None
