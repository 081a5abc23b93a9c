"""Indonesian working-day arithmetic (pure: no database access inside the arithmetic).

A working day is Monday to Friday that is neither a national holiday nor *cuti bersama* (from the
`holidays` package, categories public + government) unless an override says otherwise. Overrides
are plain `OverrideRule`s: pass them in, or let the module functions load them once per call.

Conventions:
- `add_working_days(start, n)`: start is day 0; the result is the n-th working day after start
  (n = 0 returns start, even on a holiday; negative n counts back).
- `working_days_between(start, end)`: working days in (start, end] when end >= start, and minus
  the working days in [end, start) when end < start; so
  `working_days_between(s, add_working_days(s, n)) == n` for every n.
- Overrides: the most specific region wins (national < province < regency < ...); for the same
  region and date there is only one override (database constraint). `remove` makes the date a
  working day even on a weekend.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays

from netra.language import is_english
from netra.regions.codes import code_covers, normalize_region_code

ADD = "add"
REMOVE = "remove"
HOLIDAY_CATEGORIES = ("public", "government")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday
# Far beyond any legal deadline; stops a typo from looping for years.
MAX_WORKING_DAYS = 5000


@dataclass(frozen=True, slots=True)
class OverrideRule:
    date: dt.date
    action: str  # ADD or REMOVE
    region_code: str | None  # dotted; None = national
    name: str


def _package_language(language: str | None) -> str:
    english = language.split("-")[0] == "en" if language else is_english()
    return "en_US" if english else "id"


@lru_cache(maxsize=128)
def _package_holidays(year: int, language: str) -> dict[dt.date, str]:
    found = holidays.country_holidays(
        "ID", years=year, categories=HOLIDAY_CATEGORIES, language=language
    )
    return dict(found.items())


def package_holidays(year: int, language: str | None = None) -> dict[dt.date, str]:
    """National holidays and cuti bersama of one year from the `holidays` package (cached)."""
    return dict(_package_holidays(year, _package_language(language)))


def _depth(rule: OverrideRule) -> int:
    return 0 if rule.region_code is None else rule.region_code.count(".") + 1


class WorkCalendar:
    """Working days for one region (or national), with its applicable overrides."""

    def __init__(
        self,
        overrides: Iterable[OverrideRule] = (),
        region_code: str | None = None,
        language: str | None = None,
    ) -> None:
        self.region_code = normalize_region_code(region_code) if region_code else None
        self.language = _package_language(language)
        applicable = [
            rule
            for rule in overrides
            if rule.region_code is None
            or (self.region_code is not None and code_covers(rule.region_code, self.region_code))
        ]
        self._overrides: dict[dt.date, OverrideRule] = {}
        # Most specific last so it wins; ADD after REMOVE when two share a depth.
        for rule in sorted(applicable, key=lambda r: (_depth(r), r.action == ADD)):
            self._overrides[rule.date] = rule

    def is_working_day(self, day: dt.date) -> bool:
        rule = self._overrides.get(day)
        if rule is not None:
            return rule.action == REMOVE
        if day.weekday() in WEEKEND:
            return False
        return day not in _package_holidays(day.year, self.language)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        _check_count(n)
        step = 1 if n >= 0 else -1
        day, remaining = start, abs(n)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end >= start:
            return sum(
                self.is_working_day(start + dt.timedelta(days=i))
                for i in range(1, (end - start).days + 1)
            )
        return -sum(
            self.is_working_day(end + dt.timedelta(days=i)) for i in range((start - end).days)
        )

    def non_working_days(self, year: int) -> list[tuple[dt.date, str]]:
        """Holidays, cuti bersama and `add` overrides of a year, sorted; plain weekends left out."""
        days = dict(_package_holidays(year, self.language))
        for day, rule in self._overrides.items():
            if day.year != year:
                continue
            if rule.action == ADD:
                days[day] = rule.name
            else:
                days.pop(day, None)
        return sorted(days.items())


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if abs(n) > MAX_WORKING_DAYS:
        raise ValueError(f"at most {MAX_WORKING_DAYS} working days")


def _calendar(region_code: str | None, overrides: Iterable[OverrideRule] | None) -> WorkCalendar:
    if overrides is None:
        from netra.workdays.selectors import override_rules  # the only database read

        overrides = override_rules(region_code)
    return WorkCalendar(overrides, region_code)


def is_working_day(
    d: dt.date, region_code: str | None = None, *, overrides: Iterable[OverrideRule] | None = None
) -> bool:
    return _calendar(region_code, overrides).is_working_day(d)


def add_working_days(
    start: dt.date,
    n: int,
    region_code: str | None = None,
    *,
    overrides: Iterable[OverrideRule] | None = None,
) -> dt.date:
    return _calendar(region_code, overrides).add_working_days(start, n)


def working_days_between(
    start: dt.date,
    end: dt.date,
    region_code: str | None = None,
    *,
    overrides: Iterable[OverrideRule] | None = None,
) -> int:
    return _calendar(region_code, overrides).working_days_between(start, end)


def calendar_deadline(start: dt.date, n_days: int) -> dt.date:
    """Deadline in calendar days (e.g. Pilkada reporting window, DOMAIN.md §8.4): start + n."""
    return start + dt.timedelta(days=n_days)


def non_working_days(
    year: int,
    region_code: str | None = None,
    *,
    overrides: Iterable[OverrideRule] | None = None,
) -> list[tuple[dt.date, str]]:
    return _calendar(region_code, overrides).non_working_days(year)
