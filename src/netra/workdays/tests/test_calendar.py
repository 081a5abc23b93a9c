"""Working-day arithmetic (pure: overrides passed in, no database)."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from netra.workdays.calendar import (
    ADD,
    REMOVE,
    OverrideRule,
    WorkCalendar,
    add_working_days,
    calendar_deadline,
    is_working_day,
    non_working_days,
    working_days_between,
)

D = dt.date
NATIONAL = WorkCalendar(())


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (D(2024, 4, 5), True, "Friday before Lebaran"),
        (D(2024, 4, 8), False, "cuti bersama Idul Fitri"),
        (D(2024, 4, 9), False, "cuti bersama Idul Fitri"),
        (D(2024, 4, 10), False, "Idul Fitri"),
        (D(2024, 4, 11), False, "Idul Fitri day 2"),
        (D(2024, 4, 12), False, "cuti bersama Idul Fitri"),
        (D(2024, 4, 13), False, "Saturday"),
        (D(2024, 4, 14), False, "Sunday"),
        (D(2024, 4, 15), False, "cuti bersama Idul Fitri"),
        (D(2024, 4, 16), True, "first working day after Lebaran"),
        (D(2024, 12, 24), True, "Christmas Eve is worked"),
        (D(2024, 12, 25), False, "Christmas"),
        (D(2024, 12, 26), False, "cuti bersama Christmas"),
        (D(2024, 12, 27), True, "Friday"),
        (D(2024, 12, 31), True, "New Year's Eve is worked"),
        (D(2025, 1, 1), False, "New Year"),
        (D(2025, 1, 2), True, "Thursday"),
        (D(2024, 2, 14), False, "Pemilu 2024 voting day (Keppres 10/2024)"),
        (D(2024, 11, 27), False, "Pilkada 2024 voting day (Keppres 33/2024)"),
        (D(2020, 12, 9), False, "Pilkada 2020 voting day (Keppres 22/2020)"),
        (D(2020, 12, 8), True, "Tuesday before Pilkada 2020"),
    ],
)
def test_is_working_day(day, working, why):
    assert NATIONAL.is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2024, 4, 5), 0, D(2024, 4, 5)),
        (D(2024, 4, 5), 1, D(2024, 4, 16)),  # across the whole Lebaran break
        (D(2024, 4, 5), 5, D(2024, 4, 22)),
        (D(2024, 4, 1), 14, D(2024, 4, 29)),  # PP 79/2021 keberatan window over Lebaran
        (D(2024, 4, 16), -1, D(2024, 4, 5)),  # counting back over the break
        (D(2024, 4, 10), 0, D(2024, 4, 10)),  # day 0 is the start, even on a holiday
        (D(2024, 4, 10), 1, D(2024, 4, 16)),
        (D(2024, 4, 10), -1, D(2024, 4, 5)),
        (D(2024, 12, 24), 1, D(2024, 12, 27)),
        (D(2024, 12, 24), 3, D(2024, 12, 31)),
        (D(2024, 12, 24), 4, D(2025, 1, 2)),  # across the year end and New Year
        (D(2025, 1, 2), -4, D(2024, 12, 24)),
        (D(2024, 2, 13), 1, D(2024, 2, 15)),  # skips Pemilu day
        (D(2024, 11, 26), 1, D(2024, 11, 28)),  # skips Pilkada day
        (D(2024, 6, 1), 1, D(2024, 6, 3)),  # Saturday start
    ],
)
def test_add_working_days(start, n, due):
    assert NATIONAL.add_working_days(start, n) == due
    assert NATIONAL.working_days_between(start, due) == n


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2024, 4, 5), D(2024, 4, 16), 1),
        (D(2024, 4, 5), D(2024, 4, 15), 0),
        (D(2024, 4, 5), D(2024, 4, 5), 0),
        (D(2024, 4, 16), D(2024, 4, 5), -1),
        (D(2024, 12, 23), D(2025, 1, 3), 6),  # 24, 27, 30, 31 Dec, 2, 3 Jan
        (D(2024, 1, 1), D(2024, 12, 31), 238),  # 262 weekdays - 24 weekday holidays
    ],
)
def test_working_days_between(start, end, count):
    assert NATIONAL.working_days_between(start, end) == count


def test_calendar_deadline_counts_calendar_days():
    assert calendar_deadline(D(2024, 4, 5), 7) == D(2024, 4, 12)
    assert calendar_deadline(D(2024, 12, 28), 7) == D(2025, 1, 4)


@given(
    start=st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31)),
    n=st.integers(min_value=-60, max_value=60),
)
@settings(max_examples=300, deadline=None)
def test_add_and_between_agree(start, n):
    due = NATIONAL.add_working_days(start, n)
    assert NATIONAL.working_days_between(start, due) == n
    if n:
        assert NATIONAL.is_working_day(due)
        assert (due > start) == (n > 0)


@given(
    start=st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
    m=st.integers(min_value=0, max_value=40),
)
@settings(max_examples=200, deadline=None)
def test_adding_is_additive_and_reversible(start, n, m):
    due = NATIONAL.add_working_days(start, n)
    assert NATIONAL.add_working_days(due, m) == NATIONAL.add_working_days(start, n + m)
    if n and NATIONAL.is_working_day(start):
        assert NATIONAL.add_working_days(due, -n) == start


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        NATIONAL.add_working_days(D(2024, 1, 1), 100000)
    with pytest.raises(TypeError):
        NATIONAL.add_working_days(D(2024, 1, 1), 1.5)


# --- overrides --------------------------------------------------------------------------------

REGIONAL = OverrideRule(D(2024, 3, 20), ADD, "32", "Hari Jadi Provinsi (uji)")
NATIONAL_ADD = OverrideRule(D(2024, 3, 21), ADD, None, "Libur nasional tambahan (uji)")
NATIONAL_REMOVE = OverrideRule(D(2024, 4, 12), REMOVE, None, "Cuti bersama dibatalkan (uji)")
REGENCY_REMOVE = OverrideRule(D(2024, 3, 20), REMOVE, "32.01", "Tetap masuk (uji)")
RULES = (REGIONAL, NATIONAL_ADD, NATIONAL_REMOVE, REGENCY_REMOVE)


@pytest.mark.parametrize(
    ("region", "day", "working"),
    [
        (None, D(2024, 3, 20), True),  # a province's holiday does not apply nationally
        ("32", D(2024, 3, 20), False),
        ("32.04", D(2024, 3, 20), False),  # ... but to its regencies
        ("32.04.01", D(2024, 3, 20), False),  # ... and districts
        ("3204", D(2024, 3, 20), False),  # codes may be typed without dots
        ("35", D(2024, 3, 20), True),  # not to another province
        ("32.01", D(2024, 3, 20), True),  # the more specific regency override wins
        ("32.01.01", D(2024, 3, 20), True),
        (None, D(2024, 3, 21), False),  # national add
        ("35.78", D(2024, 3, 21), False),
        (None, D(2024, 4, 12), True),  # national remove makes cuti bersama a working day
        ("32", D(2024, 4, 12), True),
    ],
)
def test_overrides(region, day, working):
    assert WorkCalendar(RULES, region).is_working_day(day) is working


def test_remove_override_shifts_the_deadline():
    assert add_working_days(D(2024, 4, 5), 1, overrides=RULES) == D(2024, 4, 12)


def test_module_functions_with_explicit_overrides():
    assert is_working_day(D(2024, 3, 20), "32", overrides=RULES) is False
    assert working_days_between(D(2024, 3, 19), D(2024, 3, 22), "32", overrides=RULES) == 1
    assert working_days_between(D(2024, 3, 19), D(2024, 3, 22), None, overrides=RULES) == 2


def test_non_working_days_lists_holidays_and_overrides_not_weekends():
    days = dict(non_working_days(2024, "32", overrides=RULES))
    assert days[D(2024, 3, 20)] == "Hari Jadi Provinsi (uji)"
    assert days[D(2024, 3, 21)] == "Libur nasional tambahan (uji)"
    assert D(2024, 4, 12) not in days  # removed nationally
    assert days[D(2024, 4, 10)] == "Hari Raya Idul Fitri"
    assert days[D(2024, 4, 8)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert D(2024, 4, 13) not in days  # a plain Saturday
    assert list(days) == sorted(days)
    assert D(2024, 3, 20) not in dict(non_working_days(2024, "35", overrides=RULES))


def test_non_working_day_names_follow_the_language():
    with translation.override("en"):
        days = dict(non_working_days(2024, overrides=()))
    assert days[D(2024, 12, 25)] == "Christmas Day"
    assert dict(non_working_days(2024, overrides=()))[D(2024, 12, 25)] == "Hari Raya Natal"
