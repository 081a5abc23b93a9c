"""Lookups by code, by name variants, ancestors and the NIK prefix check."""

import pytest
from django.utils import translation

from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.regions.models import Region
from netra.regions.names import name_key
from netra.regions.selectors import (
    NikPrefixIndex,
    NikPrefixStatus,
    nik_prefix_check,
    region_ancestors,
    region_get,
    region_search,
)


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [
        ("32", "32"),
        ("3201", "32.01"),
        ("32.01", "32.01"),
        (" 32-01 ", "32.01"),
        ("32 01 01", "32.01.01"),
        ("3201012001", "32.01.01.2001"),
        ("32.01.01.2001", "32.01.01.2001"),
    ],
)
def test_normalize_region_code(raw, dotted):
    assert normalize_region_code(raw) == dotted


@pytest.mark.parametrize("raw", ["", "3", "320", "32a1", "32.01.01.20011", None, "３２"])
def test_normalize_region_code_rejects_malformed(raw):
    with pytest.raises(InvalidRegionCode):
        normalize_region_code(raw)


@pytest.mark.parametrize(
    ("name", "level", "key"),
    [
        ("Kabupaten Bogor", 2, "bogor"),
        ("Kota Bogor", 2, "bogor"),
        ("Kota Administrasi Jakarta Pusat", 2, "jakarta pusat"),
        ("Kabupaten Administrasi Kepulauan Seribu", 2, "kepulauan seribu"),
        ("Kota Baru", 3, "kota baru"),  # a district named "Kota Baru" keeps its name
        ("Bu Nuapu’u", 4, "bu nuapuu"),
        ("Pulau-Pulau Aru", 2, "pulau pulau aru"),
    ],
)
def test_name_key(name, level, key):
    assert name_key(name, level) == key


@pytest.mark.parametrize("code", ["3201", "32.01", " 32-01 ", "32 01"])
def test_region_get_accepts_code_variants(regions_sample, code):
    assert region_get(code).name == "Kabupaten Bogor"


@pytest.mark.parametrize("code", ["3299", "99", "abc", ""])
def test_region_get_returns_none_for_unknown_or_malformed(regions_sample, code):
    assert region_get(code) is None


@pytest.mark.parametrize(
    ("query", "first_codes"),
    [
        ("Bogor", {"32.01", "32.71"}),
        ("bogor", {"32.01", "32.71"}),
        ("Kab. Bogor", {"32.01"}),
        ("kab bogor", {"32.01"}),
        ("Kabupaten Bogor", {"32.01"}),
        ("kota bogor", {"32.71"}),
        ("KOTA  BOGOR!", {"32.71"}),
        ("Kota Surabaya", {"35.78"}),
        ("Provinsi Jawa Barat", {"32"}),
        ("jawa barat", {"32"}),
        ("Bógor", {"32.01", "32.71"}),
    ],
)
def test_region_search_name_variants(regions_sample, query, first_codes):
    found = list(region_search(query))
    assert {r.code for r in found[: len(first_codes)]} == first_codes


def test_region_search_prefix_excludes_the_other_kind(regions_sample):
    assert "32.71" not in {r.code for r in region_search("Kab. Bogor")}
    assert "32.01" not in {r.code for r in region_search("Kota Bogor")}


def test_region_search_filters_level_and_parent(regions_sample):
    districts = list(region_search("Bogor", level=3))
    assert districts and all(r.level == 3 for r in districts)
    inside_kota = list(region_search("Bogor", parent=Region.objects.get(code="32.71")))
    assert inside_kota and all(r.code.startswith("32.71.") for r in inside_kota)


def test_region_search_district_starting_with_kota(regions_sample):
    # "Kota Baru" is a district of Kota Jambi; the "kota" word is part of its name
    found = {(r.code, r.name) for r in region_search("Kota Baru", level=3)}
    assert ("15.71.07", "Kota Baru") in found


def test_region_search_empty_query(regions_sample):
    assert list(region_search("  ..  ")) == []


def test_region_ancestors(regions_sample):
    district = Region.objects.get(code="32.01.01")
    assert [r.code for r in region_ancestors(district)] == ["32", "32.01"]
    assert region_ancestors(Region.objects.get(code="32")) == []


@pytest.mark.parametrize(
    ("digits", "status", "is_error", "is_warning"),
    [
        ("320101", NikPrefixStatus.OK, False, False),
        ("990101", NikPrefixStatus.UNKNOWN_PROVINCE, True, False),
        ("329901", NikPrefixStatus.UNKNOWN_REGENCY, False, True),
        ("320199", NikPrefixStatus.UNKNOWN_DISTRICT, False, True),
        ("32010", NikPrefixStatus.INVALID, True, False),
        ("32O101", NikPrefixStatus.INVALID, True, False),
        ("", NikPrefixStatus.INVALID, True, False),
    ],
)
def test_nik_prefix_check_statuses(regions_sample, digits, status, is_error, is_warning):
    result = nik_prefix_check(digits)
    assert (result.status, result.is_error, result.is_warning) == (status, is_error, is_warning)
    assert result.message
    # the bulk index gives the same answer without a query per NIK
    assert NikPrefixIndex().check(digits).status == status


def test_nik_prefix_check_returns_the_regions(regions_sample):
    result = nik_prefix_check("320101")
    assert (result.province.code, result.regency.code, result.district.code) == (
        "32",
        "32.01",
        "32.01.01",
    )
    warning = nik_prefix_check("320199")
    assert warning.regency.code == "32.01" and warning.district is None
    assert "periksa secara manual" in warning.message


def test_nik_prefix_check_message_is_translated(regions_sample):
    with translation.override("en"):
        message = nik_prefix_check("320199").message
    assert "check by hand" in message


def test_nik_prefix_check_uses_one_query(regions_sample, django_assert_num_queries):
    with django_assert_num_queries(1):
        nik_prefix_check("350101")
