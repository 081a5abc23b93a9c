"""Coverage of prevention work: who was reached and who pledged (issue 5). Pure reads.

Definitions (also in docs/prevention.md):

- **Population**: ACTIVE registry people (`registry.Person.status == active`) of an agency, a
  unit or a region (a region covers its children: the person's region code equals it or starts
  with it plus "."). Retired and dismissed people do not count.
- **Attended**: population members with at least one `Attendance` in an `Activity` of the chosen
  election (an activity of any agency counts for the person).
- **Pledged**: population members with a `Pledge` in a `PledgeCampaign` of the chosen election.
- **Shares** are counts divided by the population (None when the population is 0: never a
  division by zero), shown as percentages next to the counts.
- Breakdowns: per agency, per unit, and per employee type (PNS, PPPK, non-ASN) x functional group
  (teacher, health, other, none).
- **Current election**: the one with the nearest vote day on or after today, else the latest.
- **Agencies taking part** in an election: every agency for a general election; for a regional
  election, the agencies whose region is one of the election's regions or lies under one.
- **Units with no activity**: units of the agency none of whose active people attended or
  pledged in the election AND that organised no activity of the election (`Activity.unit`).
- **Chart**: cumulative attended and pledged shares of an agency per week (per month when the
  span is longer than 26 weeks), from the first activity or campaign of the agency in the election
  (or the first attendance of one of its people) to today. A person counts from the day of their
  first attendance (the activity's day) or first pledge. The denominator is today's population
  (the registry keeps no history).

Everything is aggregated in the database (COUNT with FILTER over EXISTS subqueries, GROUP BY):
no loop over people in Python. The registry holds ~4.4 M people nationally; one agency-level
table is one GROUP BY query, the chart two more.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from netra.elections.choices import ElectionKind
from netra.elections.models import Election
from netra.prevention.models import Activity, Attendance, Pledge, PledgeCampaign
from netra.regions.models import Region
from netra.registry.choices import EmployeeType, FunctionalGroup, PersonStatus
from netra.registry.models import Agency, Person, WorkUnit

# Groups smaller than this are not shown with numbers on public pages (re-identification).
PUBLIC_MIN_GROUP = 5
# Longer spans are charted per month instead of per week.
WEEKLY_MAX_DAYS = 26 * 7


@dataclass(frozen=True)
class CoverageRow:
    """Counts of one group; `key` identifies it (an id, a code or a tuple of codes)."""

    key: object
    label: str
    population: int
    attended: int
    pledged: int
    public_id: object = None

    @property
    def attended_share(self) -> float | None:
        return self.attended / self.population if self.population else None

    @property
    def pledged_share(self) -> float | None:
        return self.pledged / self.population if self.population else None

    @property
    def attended_percent(self) -> float | None:
        return _percent(self.attended_share)

    @property
    def pledged_percent(self) -> float | None:
        return _percent(self.pledged_share)

    def suppressed(self, minimum: int = PUBLIC_MIN_GROUP) -> bool:
        """True when the group is too small to show in public."""
        return self.population < minimum


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


@dataclass(frozen=True)
class ChartPoint:
    day: dt.date  # the last day of the period (today for the running one)
    attended: int
    pledged: int
    population: int

    @property
    def attended_share(self) -> float:
        return self.attended / self.population if self.population else 0.0

    @property
    def pledged_share(self) -> float:
        return self.pledged / self.population if self.population else 0.0

    @property
    def attended_percent(self) -> float:
        return round(self.attended_share * 100, 1)

    @property
    def pledged_percent(self) -> float:
        return round(self.pledged_share * 100, 1)


@dataclass(frozen=True)
class Chart:
    period: str  # "week" or "month" ("" when there is nothing to chart)
    points: list[ChartPoint] = field(default_factory=list)


# --- elections and agencies -----------------------------------------------------------------


def election_current(*, today: dt.date | None = None) -> Election | None:
    """The election with the nearest vote day on or after `today`, else the latest one."""
    today = today or timezone.localdate()
    upcoming = Election.objects.filter(vote_date__gte=today).order_by("vote_date", "slug").first()
    return upcoming or Election.objects.order_by("-vote_date", "slug").first()


def election_choices() -> QuerySet[Election]:
    """Elections for the picker, the most recent vote first."""
    return Election.objects.order_by("-vote_date", "slug")


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def agencies_taking_part(election: Election, agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    """`agencies` narrowed to those taking part in `election` (see the module docstring)."""
    if election.kind != ElectionKind.REGIONAL:
        return agencies
    codes = list(election.regions.values_list("code", flat=True))
    if not codes:
        return agencies.none()
    # Agencies are few (hundreds); the region test is done on their codes, not on people.
    rows = agencies.filter(region__isnull=False).values_list("pk", "region__code")
    ids = [pk for pk, code in rows if any(_within(code, c) for c in codes)]
    return agencies.filter(pk__in=ids)


# --- population and its counts --------------------------------------------------------------


def population(
    *,
    agencies: QuerySet[Agency] | None = None,
    agency: Agency | None = None,
    unit: WorkUnit | None = None,
    region_code: str | None = None,
) -> QuerySet[Person]:
    """Active registry people of the given agency/agencies, unit and/or region (all given
    conditions apply)."""
    people = Person.objects.filter(status=PersonStatus.ACTIVE)
    if agencies is not None:
        people = people.filter(agency__in=agencies)
    if agency is not None:
        people = people.filter(agency=agency)
    if unit is not None:
        people = people.filter(unit=unit)
    if region_code:
        people = people.filter(
            Q(region__code=region_code) | Q(region__code__startswith=region_code + ".")
        )
    return people


def _attended(election: Election) -> Exists:
    return Exists(Attendance.objects.filter(person=OuterRef("pk"), activity__election=election))


def _pledged(election: Election) -> Exists:
    return Exists(Pledge.objects.filter(person=OuterRef("pk"), campaign__election=election))


def _counts(people: QuerySet[Person], election: Election, *group_by: str) -> list[dict]:
    """One dict per group: the group fields plus population, attended, pledged (one query)."""
    rows = people.order_by()
    if group_by:
        rows = rows.values(*group_by)
    aggregates = {
        "population": Count("pk"),
        "attended": Count("pk", filter=_attended(election)),
        "pledged": Count("pk", filter=_pledged(election)),
    }
    if not group_by:
        return [rows.aggregate(**aggregates)]
    return list(rows.annotate(**aggregates).order_by(*group_by))


def coverage_total(people: QuerySet[Person], election: Election, *, label: str = "") -> CoverageRow:
    row = _counts(people, election)[0]
    return CoverageRow(
        key=None,
        label=label,
        population=row["population"] or 0,
        attended=row["attended"] or 0,
        pledged=row["pledged"] or 0,
    )


def coverage_by_agency(agencies: QuerySet[Agency], election: Election) -> list[CoverageRow]:
    """One row per agency of `agencies` (agencies without active people get zeros), by name."""
    counts = {r["agency"]: r for r in _counts(population(agencies=agencies), election, "agency")}
    rows = []
    for agency in agencies.order_by("name", "pk"):
        found = counts.get(agency.pk, {})
        rows.append(
            CoverageRow(
                key=agency.pk,
                label=agency.name,
                public_id=agency.public_id,
                population=found.get("population", 0),
                attended=found.get("attended", 0),
                pledged=found.get("pledged", 0),
            )
        )
    return rows


def coverage_by_region(people: QuerySet[Person], election: Election) -> list[CoverageRow]:
    """One row per regency/city (or province, for people registered only at that level) of
    `people`'s regions, by code; people without a region are left out. The database groups by
    the person's region; rolling districts up to their regency happens on those few rows."""
    rows = _counts(people.filter(region__isnull=False), election, "region__code")
    totals: dict[str, list[int]] = {}
    for row in rows:
        code = ".".join(row["region__code"].split(".")[:2])
        total = totals.setdefault(code, [0, 0, 0])
        total[0] += row["population"]
        total[1] += row["attended"]
        total[2] += row["pledged"]
    names = dict(Region.objects.filter(code__in=totals).values_list("code", "name"))
    return [
        CoverageRow(
            key=code,
            label=names.get(code, code),
            population=population_count,
            attended=attended,
            pledged=pledged,
        )
        for code, (population_count, attended, pledged) in sorted(totals.items())
    ]


def coverage_by_unit(agency: Agency, election: Election) -> list[CoverageRow]:
    """One row per unit of `agency` (units without active people get zeros), by name; people
    with no unit are one last row keyed None."""
    counts = {r["unit"]: r for r in _counts(population(agency=agency), election, "unit")}
    rows = []
    for unit in WorkUnit.objects.filter(agency=agency).order_by("name", "pk"):
        found = counts.pop(unit.pk, {})
        rows.append(
            CoverageRow(
                key=unit.pk,
                label=unit.name,
                public_id=unit.public_id,
                population=found.get("population", 0),
                attended=found.get("attended", 0),
                pledged=found.get("pledged", 0),
            )
        )
    loose = counts.get(None)
    if loose:
        rows.append(
            CoverageRow(
                key=None,
                label="",
                population=loose["population"],
                attended=loose["attended"],
                pledged=loose["pledged"],
            )
        )
    return rows


def coverage_by_type_and_group(people: QuerySet[Person], election: Election) -> list[CoverageRow]:
    """One row per employee type x functional group that has people, in the choices' order;
    `key` is (employee_type, functional_group), `label` "PNS · Guru"."""
    counts = {
        (r["employee_type"], r["functional_group"]): r
        for r in _counts(people, election, "employee_type", "functional_group")
    }
    rows = []
    for kind in EmployeeType:
        for group in FunctionalGroup:
            found = counts.get((kind.value, group.value))
            if not found:
                continue
            rows.append(
                CoverageRow(
                    key=(kind.value, group.value),
                    label=f"{kind.label} · {group.label}",
                    population=found["population"],
                    attended=found["attended"],
                    pledged=found["pledged"],
                )
            )
    return rows


def coverage_by_type(people: QuerySet[Person], election: Election) -> list[CoverageRow]:
    return _by_one(people, election, "employee_type", EmployeeType)


def coverage_by_group(people: QuerySet[Person], election: Election) -> list[CoverageRow]:
    return _by_one(people, election, "functional_group", FunctionalGroup)


def _by_one(people, election, field_name, choices) -> list[CoverageRow]:
    counts = {r[field_name]: r for r in _counts(people, election, field_name)}
    return [
        CoverageRow(
            key=choice.value,
            label=str(choice.label),
            population=counts[choice.value]["population"],
            attended=counts[choice.value]["attended"],
            pledged=counts[choice.value]["pledged"],
        )
        for choice in choices
        if choice.value in counts
    ]


def units_without_activity(agency: Agency, election: Election) -> QuerySet[WorkUnit]:
    """Units of `agency` whose active people neither attended nor pledged in `election` and
    that organised no activity of it, by name."""
    active = Q(person__status=PersonStatus.ACTIVE, person__unit=OuterRef("pk"))
    return (
        WorkUnit.objects.filter(agency=agency)
        .exclude(Exists(Attendance.objects.filter(active, activity__election=election)))
        .exclude(Exists(Pledge.objects.filter(active, campaign__election=election)))
        .exclude(Exists(Activity.objects.filter(unit=OuterRef("pk"), election=election)))
        .order_by("name", "pk")
    )


def units_below(agency: Agency, election: Election, *, threshold: float) -> list[CoverageRow]:
    """Units with people whose attended or pledged share is below `threshold` (0..1)."""
    return [
        row
        for row in coverage_by_unit(agency, election)
        if row.key is not None
        and row.population
        and (row.attended_share < threshold or row.pledged_share < threshold)
    ]


# --- chart ------------------------------------------------------------------------------------


def _first_days(people: QuerySet[Person], election: Election) -> tuple[dict, dict]:
    """{day: how many people attended for the first time that day}, and the same for pledges
    (GROUP BY the first day; the rows are days, not people)."""
    first_attendance = Subquery(
        Attendance.objects.filter(person=OuterRef("pk"), activity__election=election)
        .order_by("activity__held_on")
        .values("activity__held_on")[:1]
    )
    first_pledge = Subquery(
        Pledge.objects.filter(person=OuterRef("pk"), campaign__election=election)
        .annotate(day=TruncDate("pledged_at"))
        .order_by("pledged_at")
        .values("day")[:1]
    )
    result = []
    for expression in (first_attendance, first_pledge):
        rows = (
            people.order_by()
            .annotate(first=expression)
            .filter(first__isnull=False)
            .values("first")
            .annotate(n=Count("pk"))
        )
        result.append({_as_date(r["first"]): r["n"] for r in rows})
    return result[0], result[1]


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _chart_start(agency: Agency, election: Election, first_days: list[dict]) -> dt.date | None:
    starts = [
        Activity.objects.filter(agency=agency, election=election).aggregate(d=Min("held_on"))["d"],
        PledgeCampaign.objects.filter(agency=agency, election=election).aggregate(
            d=Min("starts_on")
        )["d"],
    ]
    starts += [min(days) for days in first_days if days]
    starts = [d for d in starts if d]
    return min(starts) if starts else None


def _period_ends(start: dt.date, end: dt.date) -> tuple[str, list[dt.date]]:
    """The last day of each week (Sunday) or month from `start` to `end` (the last is `end`)."""
    ends = []
    if (end - start).days <= WEEKLY_MAX_DAYS:
        period = "week"
        day = start + dt.timedelta(days=6 - start.weekday())
        while day < end:
            ends.append(day)
            day += dt.timedelta(days=7)
    else:
        period = "month"
        day = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        while day < end:
            ends.append(day)
            following = day + dt.timedelta(days=1)
            day = following.replace(day=calendar.monthrange(following.year, following.month)[1])
    ends.append(end)
    return period, ends


def coverage_chart(agency: Agency, election: Election, *, today: dt.date | None = None) -> Chart:
    """Cumulative attended and pledged counts (and shares) of `agency` at the end of each
    period; an empty chart when nothing started yet."""
    today = today or timezone.localdate()
    people = population(agency=agency)
    total = people.count()
    attended_days, pledged_days = _first_days(people, election)
    start = _chart_start(agency, election, [attended_days, pledged_days])
    if start is None or start > today:
        return Chart(period="")
    period, ends = _period_ends(start, today)
    points = []
    for end in ends:
        points.append(
            ChartPoint(
                day=end,
                attended=sum(n for d, n in attended_days.items() if d <= end),
                pledged=sum(n for d, n in pledged_days.items() if d <= end),
                population=total,
            )
        )
    return Chart(period=period, points=points)
