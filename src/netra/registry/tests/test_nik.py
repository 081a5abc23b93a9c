"""NIK validator: table cases, century resolution, region prefix via the region table."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netra.registry.choices import Gender
from netra.registry.nik import parse_nik, resolve_century
from netra.registry.tests.factories import make_nik

TODAY = dt.date(2026, 11, 23)


def ok_checker(digits6):
    return SimpleNamespace(status="ok", message="", province=None, regency=None, district=None)


def parse(value, **kw):
    return parse_nik(value, today=TODAY, prefix_checker=ok_checker, **kw)


def test_typed_nik_is_normalised_and_parsed():
    # Given a woman's NIK (day 15 + 40 = 55) written with dots
    result = parse("3201.01.550895.0001")
    assert result.valid, result.errors
    assert result.normalised == "3201015508950001"
    assert (result.province_code, result.regency_code, result.district_code) == (
        "32",
        "32.01",
        "32.01.01",
    )
    assert result.birth_date == dt.date(1995, 8, 15)
    assert result.gender == Gender.FEMALE
    assert result.sequence == 1


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("320101150895000", "length"),
        ("32010115089500011", "length"),
        ("32010115089500A1", "non_digit"),
        ("3201013208950001", "birth_day_invalid"),  # 32
        ("3201014008950001", "birth_day_invalid"),  # 40
        ("3201017208950001", "birth_day_invalid"),  # 72
        ("3201010008950001", "birth_day_invalid"),
        ("3201011513950001", "birth_month_invalid"),
        ("3201011500950001", "birth_month_invalid"),
        ("3201013102950001", "birth_date_invalid"),  # 31 February
        ("3201011508950000", "sequence_zero"),
    ],
)
def test_invalid_niks_name_the_reason(typed, code):
    result = parse(typed)
    assert code in [i.code for i in result.errors]


def test_century_prefers_adult_not_future():
    assert resolve_century(1, 1, 5, today=TODAY) == dt.date(2005, 1, 1)  # 21 years old
    assert resolve_century(1, 1, 20, today=TODAY) == dt.date(1920, 1, 1)  # 2020 is a child
    assert resolve_century(1, 1, 20, today=TODAY, adult=False) == dt.date(2020, 1, 1)
    assert resolve_century(1, 1, 30, today=TODAY) == dt.date(1930, 1, 1)  # 2030 is future
    # 29 Feb 00 exists only in 2000 (1900 was no leap year)
    assert resolve_century(29, 2, 0, today=TODAY) == dt.date(2000, 2, 29)
    assert resolve_century(29, 2, 1, today=TODAY) is None


def test_unusual_age_is_a_warning():
    result = parse("3201011501200001")  # 1920: 106 years old
    assert result.valid
    assert "age_unusual" in [i.code for i in result.warnings]


@pytest.mark.django_db
def test_region_prefix_against_the_region_table(regions_sample):
    # Given the regions of Jawa Barat loaded
    good = parse_nik("3201011508950001", today=TODAY)
    assert good.valid
    assert good.province_name and good.regency_name == "Kabupaten Bogor"
    assert good.district_name == "Cibinong"
    # An unknown regency or district is only a warning (codes get renumbered)
    regency = parse_nik("3299011508950001", today=TODAY)
    assert regency.valid
    assert [i.code for i in regency.warnings] == ["unknown_regency"]
    district = parse_nik("3201991508950001", today=TODAY)
    assert district.valid
    assert [i.code for i in district.warnings] == ["unknown_district"]
    # An unknown province is an error
    province = parse_nik("9901011508950001", today=TODAY)
    assert [i.code for i in province.errors] == ["province_unknown"]


@given(
    birth=st.dates(min_value=dt.date(1927, 1, 1), max_value=dt.date(2005, 1, 1)),
    gender=st.sampled_from([Gender.MALE, Gender.FEMALE]),
    sequence=st.integers(1, 9999),
)
def test_generated_niks_round_trip(birth, gender, sequence):
    nik = make_nik("320101", birth, gender=gender, sequence=sequence)
    result = parse(f"{nik[:6]} {nik[6:12]} {nik[12:]}")
    assert result.valid, result.errors
    assert (result.birth_date, result.gender, result.sequence) == (birth, gender, sequence)


@given(st.one_of(st.text(max_size=40), st.integers(), st.none()))
def test_garbage_never_raises(value):
    assert isinstance(parse(value).valid, bool)
