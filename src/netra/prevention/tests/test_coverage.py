"""Coverage arithmetic on the known `prevention_world` fixture (coverage.py)."""

import datetime as dt

import pytest

from netra.elections.models import Election
from netra.prevention import coverage
from netra.prevention.tests.coverage_world import coverage_world, make_activity
from netra.registry.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(prevention_world):
    w = prevention_world
    w.update(coverage_world(w))
    return w


def _counts(row):
    return (row.population, row.attended, row.pledged)


def test_agency_totals_exclude_retired_other_agencies_and_other_elections(world):
    rows = coverage.coverage_by_agency(
        Agency.objects.filter(pk__in=[world["agency"].pk, world["other_agency"].pk]),
        world["election"],
    )
    by_name = {row.label: row for row in rows}
    # Bogor: 9 active people; attended teacher1, teacher2 (at Sarolangun's event), teacher3,
    # nurse1; pledged teacher1 and nurse2. The retired clerk and clerk1/clerk2 (other election)
    # are not counted.
    bogor = by_name["Pemerintah Kabupaten Bogor"]
    assert _counts(bogor) == (9, 4, 2)
    assert bogor.attended_share == pytest.approx(4 / 9)
    assert bogor.pledged_percent == 22.2
    assert bogor.public_id == world["agency"].public_id
    # Sarolangun: saro1 attended Bogor's apel.
    assert _counts(by_name["Pemerintah Kabupaten Sarolangun"]) == (2, 1, 0)


def test_by_unit(world):
    rows = coverage.coverage_by_unit(world["agency"], world["election"])
    assert [(row.label, *_counts(row)) for row in rows] == [
        ("Dinas Pendidikan", 4, 3, 1),
        ("Puskesmas Cibinong", 3, 1, 1),
        ("Sekretariat Daerah", 2, 0, 0),
    ]
    assert rows[0].attended_percent == 75.0
    assert rows[2].attended_share == 0.0


def test_by_type_and_group(world):
    people = coverage.population(agency=world["agency"])
    rows = coverage.coverage_by_type_and_group(people, world["election"])
    assert [(row.key, *_counts(row)) for row in rows] == [
        (("PNS", "teacher"), 2, 2, 1),
        (("PNS", "health"), 1, 1, 0),
        (("PNS", "none"), 2, 0, 0),
        (("PPPK", "teacher"), 1, 1, 0),
        (("PPPK", "health"), 2, 0, 1),
        (("NON_ASN", "teacher"), 1, 0, 0),
    ]
    by_type = {
        row.key: _counts(row) for row in coverage.coverage_by_type(people, world["election"])
    }
    assert by_type == {"PNS": (5, 3, 1), "PPPK": (3, 1, 1), "NON_ASN": (1, 0, 0)}
    by_group = {
        row.key: _counts(row) for row in coverage.coverage_by_group(people, world["election"])
    }
    assert by_group == {"teacher": (4, 3, 1), "health": (3, 1, 1), "none": (2, 0, 0)}


def test_region_population_covers_children(world):
    assert coverage.population(region_code="32").count() == 9
    assert coverage.population(region_code="32.01").count() == 9
    assert coverage.population(region_code="15").count() == 2
    assert coverage.population(region_code="3").count() == 0  # a prefix is not a parent
    total = coverage.coverage_total(coverage.population(region_code="32"), world["election"])
    assert _counts(total) == (9, 4, 2)


def test_by_region_rolls_districts_up_to_their_regency(world):
    from netra.regions.models import Region
    from netra.registry.models import Person

    # Move one Bogor teacher's registration to a district of Bogor: still counted in 32.01
    district = Region.objects.filter(code__startswith="32.01.").order_by("code").first()
    Person.objects.filter(pk=world["people"]["teacher3"].pk).update(region=district)
    rows = coverage.coverage_by_region(coverage.population(), world["election"])
    assert [(row.key, _counts(row)) for row in rows] == [
        ("15.03", (2, 1, 0)),
        ("32.01", (9, 4, 2)),
    ]
    assert rows[1].label == Region.objects.get(code="32.01").name


def test_no_division_by_zero(world):
    empty = coverage.coverage_total(coverage.population(region_code="11"), world["election"])
    assert _counts(empty) == (0, 0, 0)
    assert empty.attended_share is None
    assert empty.pledged_percent is None


def test_other_election_counts_only_its_own_records(world):
    rows = coverage.coverage_by_unit(world["agency"], world["other_election"])
    assert [_counts(row) for row in rows] == [(4, 0, 0), (3, 0, 0), (2, 1, 1)]


def test_units_without_activity(world):
    units = coverage.units_without_activity(world["agency"], world["election"])
    assert [u.name for u in units] == ["Sekretariat Daerah"]
    # An activity organised by the secretariat for the election takes it off the list...
    make_activity(world, agency=world["agency"], unit=world["units"]["secretariat"], days_ago=1)
    assert list(coverage.units_without_activity(world["agency"], world["election"])) == []


def test_units_without_activity_ignores_other_elections_and_retired(world):
    # clerk1 attended and clerk2 pledged in the other election, the retired clerk pledged in
    # this one: none of it is activity of active staff in this election.
    assert world["people"]["retired"].unit == world["units"]["secretariat"]
    names = [u.name for u in coverage.units_without_activity(world["agency"], world["election"])]
    assert names == ["Sekretariat Daerah"]
    other = coverage.units_without_activity(world["agency"], world["other_election"])
    assert [u.name for u in other] == ["Dinas Pendidikan", "Puskesmas Cibinong"]


def test_units_below_threshold(world):
    below = coverage.units_below(world["agency"], world["election"], threshold=0.8)
    assert [row.label for row in below] == [
        "Dinas Pendidikan",  # attended 75%
        "Puskesmas Cibinong",
        "Sekretariat Daerah",
    ]
    assert coverage.units_below(world["agency"], world["election"], threshold=0.0) == []


def test_current_election(world):
    today = world["today"]
    assert coverage.election_current(today=today) == world["election"]
    later = world["election"].vote_date + dt.timedelta(days=1)
    # No vote ahead: the latest election.
    assert coverage.election_current(today=later) == world["election"]
    early = Election.objects.create(
        slug="pilkada-uji",
        name_id="Pilkada Uji",
        kind="regional",
        vote_date=today + dt.timedelta(days=30),
    )
    assert coverage.election_current(today=today) == early


def test_regional_election_takes_part_by_region(world):
    from netra.regions.models import Region

    regional = Election.objects.create(
        slug="pilkada-jabar-uji",
        name_id="Pilkada Jawa Barat Uji",
        kind="regional",
        vote_date=world["today"] + dt.timedelta(days=60),
    )
    agencies = Agency.objects.filter(pk__in=[world["agency"].pk, world["other_agency"].pk])
    assert list(coverage.agencies_taking_part(regional, agencies)) == []
    regional.regions.add(Region.objects.get(code="32"))
    assert list(coverage.agencies_taking_part(regional, agencies)) == [world["agency"]]
    assert coverage.agencies_taking_part(world["election"], agencies).count() == 2


def test_chart_weekly_cumulative_points(world):
    today = world["today"]
    chart = coverage.coverage_chart(world["agency"], world["election"], today=today)
    assert chart.period == "week"
    days = [point.day for point in chart.points]
    start = today - dt.timedelta(days=20)  # the apel, the first activity
    assert days[-1] == today
    assert all(day.weekday() == 6 for day in days[:-1])  # Sundays
    assert days[0] == start + dt.timedelta(days=6 - start.weekday())
    assert days == sorted(days) and len(days) == len(set(days))

    def expected(day):
        attended = (3 if day >= start else 0) + (1 if day >= today - dt.timedelta(days=10) else 0)
        pledged = (1 if day >= today - dt.timedelta(days=12) else 0) + (
            1 if day >= today - dt.timedelta(days=5) else 0
        )
        return attended, pledged

    assert [(p.attended, p.pledged) for p in chart.points] == [expected(d) for d in days]
    last = chart.points[-1]
    assert (last.population, last.attended_percent, last.pledged_percent) == (9, 44.4, 22.2)


def test_chart_monthly_for_long_spans(world):
    today = world["today"]
    make_activity(world, agency=world["agency"], days_ago=300, title="Surat edaran")
    chart = coverage.coverage_chart(world["agency"], world["election"], today=today)
    assert chart.period == "month"
    days = [point.day for point in chart.points]
    assert days[-1] == today
    assert all((day + dt.timedelta(days=1)).day == 1 for day in days[:-1])  # month ends
    assert chart.points[0].attended == 0  # the circular letter took no attendance
    assert chart.points[-1].attended == 4


def test_chart_empty_before_anything(prevention_world):
    chart = coverage.coverage_chart(prevention_world["agency"], prevention_world["election"])
    assert chart.period == "" and chart.points == []
