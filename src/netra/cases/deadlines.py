"""Which deadlines a transition starts and when they fall due (DESIGN.md §8).

Durations are data (`DeadlineRule` rows); working-day arithmetic is `netra.workdays.calendar`
with the case region's holiday overrides. A due date is the last day on which the step is still
on time: start day + n working days (start = day 0) or + n calendar days. A rule without a
duration (the PPK follow-up, DOMAIN.md §8.1) has no due date unless operators set its rules
setting to a number of days.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from netra.cases import workflow
from netra.cases.choices import DeadlineScope, DeadlineUnit
from netra.cases.models import DeadlineRule
from netra.regions.timezones import region_timezone
from netra.rules.selectors import setting_value
from netra.workdays import calendar
from netra.workdays.calendar import OverrideRule


def local_day(moment: dt.datetime | dt.date, region_code: str | None = None) -> dt.date:
    """The calendar day a moment falls on in the region's own time zone."""
    if isinstance(moment, dt.datetime):
        if timezone.is_naive(moment):
            raise ValueError("start moment must be timezone-aware")
        return moment.astimezone(region_timezone(region_code)).date()
    return moment


def _scopes(election_kind: str | None) -> list[str]:
    if election_kind in (DeadlineScope.GENERAL, DeadlineScope.REGIONAL):
        return [election_kind, DeadlineScope.ANY]
    return [DeadlineScope.ANY]


def rule_get(
    code: str, election_kind: str | None = None, *, on: dt.date | None = None
) -> DeadlineRule | None:
    """The rule for `code` that applies to an election of `election_kind` on `on`: a row for
    that kind wins over an "any" row; within one, the newest version in force."""
    rows = list(DeadlineRule.objects.filter(code=code, election_kind__in=_scopes(election_kind)))
    for scope in _scopes(election_kind):
        versions = sorted((r for r in rows if r.election_kind == scope), key=lambda r: -r.version)
        for rule in versions:
            if on is None or rule.valid_from is None or rule.valid_from <= on:
                return rule
    return None


def rule_days(rule: DeadlineRule, *, on: dt.date | None = None) -> int | None:
    """The rule's duration: its `days`, else its rules setting when that holds a number."""
    if rule.days is not None:
        return rule.days
    if rule.setting_code:
        setting = setting_value(rule.setting_code, on)
        value = (setting.value if setting else "").strip()
        if value.isdigit():
            return int(value)
    return None


def due_date(
    rule: DeadlineRule,
    start: dt.datetime | dt.date,
    *,
    region_code: str | None = None,
    overrides: Iterable[OverrideRule] | None = None,
) -> dt.date | None:
    """Last on-time day of `rule` started at `start` in `region_code`; None without a duration."""
    day = local_day(start, region_code)
    days = rule_days(rule, on=day)
    if days is None:
        return None
    if rule.unit == DeadlineUnit.CALENDAR:
        return calendar.calendar_deadline(day, days)
    return calendar.add_working_days(day, days, region_code, overrides=overrides)


@dataclass(frozen=True)
class Due:
    """A deadline started by a transition; `due` is None when the law sets no duration."""

    code: str
    rule: DeadlineRule | None
    started_on: dt.date
    due: dt.date | None

    @property
    def unverified(self) -> bool:
        return bool(self.rule and self.rule.unverified)


# Case facts a rule may count from (`counts_from` in data/deadlines.toml): the dates of the
# PPK's decree and of its receipt by the employee (PP 94/2021 Pasal 37-38, PP 79/2021).
START_FACTS = frozenset({"decree_date", "decision_received_on"})


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def rule_start(rule: DeadlineRule | None, facts: Mapping | None) -> dt.date | None:
    """The day `rule` counts from when it names one (the first of its `counts_from` facts
    the case has), else None (from the move itself)."""
    if rule is None or not rule.counts_from:
        return None
    for name in rule.counts_from.split(","):
        day = _as_date((facts or {}).get(name.strip()))
        if day is not None:
            return day
    return None


def deadlines_for_transition(
    source: str,
    target: str,
    *,
    election_kind: str | None,
    region_code: str | None,
    start: dt.datetime | dt.date,
    overrides: Iterable[OverrideRule] | None = None,
    facts: Mapping | None = None,
) -> list[Due]:
    """The deadlines entering `target` from `source` starts, with their due dates. A code with
    no rule for this election kind (e.g. none loaded) is returned with `rule=None, due=None`.
    A rule that names the date it counts from (`counts_from`) runs from that date in `facts`
    (the decree's date, its receipt), not from the day the move was recorded."""
    transition = workflow.transition_get(source, target)
    if transition is None:
        raise ValueError(f"no transition {source} -> {target}")
    day = local_day(start, region_code)
    if overrides is None and region_code is not None:
        from netra.workdays.selectors import override_rules

        overrides = override_rules(region_code)  # one query for every deadline below
    result = []
    for code in transition.starts:
        rule = rule_get(code, election_kind, on=day)
        begins = rule_start(rule, facts) or day
        due = due_date(rule, begins, region_code=region_code, overrides=overrides) if rule else None
        result.append(Due(code=code, rule=rule, started_on=begins, due=due))
    return result


def remedy_window(
    remedy: str,
    decision_received_on: dt.date,
    *,
    region_code: str | None = None,
    overrides: Iterable[OverrideRule] | None = None,
) -> dt.date | None:
    """Last day to file an objection or appeal (14 working days from receipt, PP 79/2021)."""
    rule = rule_get(workflow.remedy_filing_deadline(remedy), on=decision_received_on)
    if rule is None:
        return None
    return due_date(rule, decision_received_on, region_code=region_code, overrides=overrides)


@dataclass(frozen=True)
class Countdown:
    """For display: `left` days of `unit` until `due` (0 on the due day), negative when late."""

    due: dt.date
    unit: str
    left: int
    overdue: bool


def countdown(
    due: dt.date,
    *,
    unit: str = DeadlineUnit.WORKING,
    today: dt.date | None = None,
    region_code: str | None = None,
    overrides: Iterable[OverrideRule] | None = None,
) -> Countdown:
    """How much time is left until `due`, counted in the rule's unit; overdue after `due`."""
    today = today or timezone.now().astimezone(region_timezone(region_code)).date()
    if unit == DeadlineUnit.CALENDAR:
        left = (due - today).days
    elif today > due:
        # Working days elapsed since the due day: a weekend after it adds nothing.
        left = -calendar.working_days_between(due, today, region_code, overrides=overrides)
    else:
        left = calendar.working_days_between(today, due, region_code, overrides=overrides)
    overdue = today > due
    if overdue and left == 0:
        left = -1  # late over a weekend or holiday still reads as late
    return Countdown(due=due, unit=unit, left=left, overdue=overdue)
