"""NIP and NI PPPK validators: table cases and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netra.registry.choices import Gender
from netra.registry.nip import cross_check, parse_nip, parse_nipppk
from netra.registry.tests.factories import make_nik, make_nip, make_nipppk

TODAY = dt.date(2026, 11, 23)


def codes(result):
    return [i.code for i in result.errors], [i.code for i in result.warnings]


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 1 001",
        "198609262015051001",
        "19860926.201505.1.001",
        " 19860926-201505-1-001 ",
    ],
)
def test_written_groupings_normalise_and_parse(typed):
    # Given a NIP as people type it; when parsed; then the fields come out
    result = parse_nip(typed, today=TODAY)
    assert result.valid, result.errors
    assert result.normalised == "198609262015051001"
    assert result.birth_date == dt.date(1986, 9, 26)
    assert (result.appointment_year, result.appointment_month) == (2015, 5)
    assert result.gender == Gender.MALE
    assert result.sequence == 1
    assert result.formatted == "19860926 201505 1 001"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("1986092620150510", "length"),
        ("1986092620150510011", "length"),
        ("19860926201505100X", "non_digit"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "non_digit"),  # Arabic-Indic digits are not accepted
        ("198602302015051001", "birth_date_invalid"),  # 30 February
        ("189912312015051001", "birth_date_invalid"),
        ("203001012050051001", "birth_date_future"),
        ("198609262015131001", "appointment_month_invalid"),
        ("198609262015001001", "appointment_month_invalid"),
        ("198609262000051001", "appointment_too_young"),  # 13 years old
        ("198609261980051001", "appointment_before_birth"),
        ("198609262015053001", "gender_invalid"),
        ("198609262015050001", "gender_invalid"),
        ("198609262015051000", "sequence_zero"),
    ],
)
def test_invalid_nips_name_the_reason(typed, code):
    result = parse_nip(typed, today=TODAY)
    assert not result.valid
    assert code in codes(result)[0]
    assert all(i.message for i in result.errors)


def test_appointment_after_sixty_is_only_a_warning():
    result = parse_nip("195001012015051001", today=TODAY)
    assert result.valid
    assert "appointment_age_unusual" in codes(result)[1]


def test_nipppk_code_is_not_a_month():
    # Given the part-time example of DOMAIN.md §4.2 (code 24)
    result = parse_nipppk("19900913 2025 24 2 014", today=TODAY)
    assert result.valid, result.errors
    assert result.pppk_code == "24"
    assert result.appointment_year == 2025
    assert result.gender == Gender.FEMALE
    assert result.sequence == 14
    assert result.formatted == "19900913 2025 24 2 014"
    # ...while the same digits are no PNS NIP
    assert "appointment_month_invalid" in codes(parse_nip("199009132025242014", today=TODAY))[0]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("199009132030242014", "appointment_year_invalid"),
        ("199009131980242014", "appointment_before_birth"),
        ("201009132025242014", "appointment_too_young"),
        ("199009132025243014", "gender_invalid"),
        ("199009132025242000", "sequence_zero"),
    ],
)
def test_invalid_nipppk(typed, code):
    assert code in codes(parse_nipppk(typed, today=TODAY))[0]


def test_nipppk_before_2019_is_a_warning():
    result = parse_nipppk("198001012015211001", today=TODAY)
    assert result.valid
    assert "appointment_before_pppk" in codes(result)[1]


def test_cross_check_agreement_and_disagreement():
    nip = "19860926 201505 2 001"  # a woman born 26-09-1986
    assert cross_check(nip, "3201016609860001") == []
    mismatch = {i.code for i in cross_check(nip, "3201012609860001")}  # NIK says male
    assert mismatch == {"gender_mismatch"}
    mismatch = {i.code for i in cross_check(nip, "3201016709860001")}
    assert mismatch == {"birth_date_mismatch"}


births = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31))


@given(
    birth=births,
    offset=st.integers(18, 40),
    month=st.integers(1, 12),
    gender=st.sampled_from([Gender.MALE, Gender.FEMALE]),
    sequence=st.integers(1, 999),
)
def test_generated_nips_round_trip(birth, offset, month, gender, sequence):
    year = birth.year + offset + 1
    nip = make_nip(birth, appointed=(year, month), gender=gender, sequence=sequence)
    result = parse_nip(nip, today=dt.date(2100, 1, 1))
    assert result.valid, result.errors
    assert (result.birth_date, result.gender, result.sequence) == (birth, gender, sequence)
    assert (result.appointment_year, result.appointment_month) == (year, month)
    # Any of the written groupings gives the same digits back.
    assert parse_nip(result.formatted, today=dt.date(2100, 1, 1)).normalised == nip


@given(birth=births, code=st.integers(0, 99), gender=st.sampled_from(["M", "F"]))
def test_generated_nipppk_round_trip(birth, code, gender):
    year = max(birth.year + 20, 2019)
    number = make_nipppk(birth, year=year, code=f"{code:02d}", gender=gender, sequence=7)
    result = parse_nipppk(number, today=dt.date(2100, 1, 1))
    assert result.valid, result.errors
    assert (result.birth_date, result.appointment_year, result.pppk_code) == (
        birth,
        year,
        f"{code:02d}",
    )


@given(st.one_of(st.text(max_size=40), st.integers(), st.none(), st.binary(max_size=20)))
def test_garbage_never_raises(value):
    for parse in (parse_nip, parse_nipppk):
        result = parse(value)
        assert isinstance(result.valid, bool)
        result.as_dict()


def test_make_nik_matches_cross_check():
    birth = dt.date(1986, 9, 26)
    nik = make_nik("320101", birth, gender=Gender.FEMALE)
    nip = make_nip(birth, appointed=(2015, 5), gender=Gender.FEMALE)
    assert cross_check(nip, nik) == []


def test_messages_are_translated_to_english():
    from django.utils import translation

    with translation.override("en"):
        result = parse_nip("198609262015131001", today=TODAY)
    assert result.errors[0].message.startswith("The TMT CPNS month")
    with translation.override("id"):
        assert parse_nip("1", today=TODAY).errors[0].message.startswith("NIP harus 18 angka")
