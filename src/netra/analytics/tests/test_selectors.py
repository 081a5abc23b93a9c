"""Selectors: scoped per role like the case list, filters refused clearly, percentiles exact."""

import datetime as dt
import statistics

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from netra.analytics import selectors
from netra.analytics.errors import FilterError
from netra.analytics.filters import Filters
from netra.cases.selectors import case_list_for
from netra.sanctions.tests.fixtures import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(sanctions_world, django_capture_on_commit_callbacks, make_staff):
    """Two cases in Kabupaten Bogor: one still in Bawaslu's hands, one recommended to the PPK;
    and one in Kota Bogor (32.71) recommended nowhere yet."""
    w = sanctions_world
    with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
        w["early"] = w["open"]()
    with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
        w["at_ppk"] = w["to_ppk"]()
    with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
        w["city"] = w["open"](region="32.71")
    w["regency_officer"] = make_staff(role="bawaslu_officer", region="32.01")
    w["other_regency"] = make_staff(role="bawaslu_officer", region="32.02")
    w["nobody"] = make_staff(role=None)
    from netra.registry.tests.factories import AgencyFactory

    w["other_ppk"] = make_staff(role="ppk_officer", agency=AgencyFactory(code="LAIN01"))
    w["hr"] = make_staff(role="agency_hr", agency=w["agency"])
    return w


def counted(user) -> int:
    return selectors.case_totals(user, Filters())["cases"]


def test_each_role_counts_what_its_case_list_shows(world):
    w = world
    expected = {
        "task_force": 3,  # national
        "bawaslu": 3,  # Jawa Barat
        "auditor": 3,
        "regency_officer": 2,  # Kabupaten Bogor only
        "other_regency": 0,
        "outsider": 0,  # Jambi
        "ppk": 1,  # its agency, only once recommended to the PPK
        "hr": 1,
        "other_ppk": 0,
        "nobody": 0,
    }
    for role, n in expected.items():
        user = w[role]
        assert counted(user) == n, role
        assert case_list_for(user).count() == n, role  # the same rule as the case list


def test_agency_side_sees_no_reports_and_regions_see_theirs(world):
    w = world
    assert sum(r["total"] for r in selectors.reports_over_time(w["ppk"], Filters())) == 0
    assert sum(r["total"] for r in selectors.reports_over_time(w["bawaslu"], Filters())) == 3
    officer = selectors.reports_over_time(w["regency_officer"], Filters(), period="day")
    assert officer == [{"period": dt.date(2024, 10, 1), "public": 2, "finding": 0, "total": 2}]


def test_breakdowns_compliance_and_overdue_list(world):
    w = world
    regions = selectors.breakdown(w["task_force"], Filters(), "regency")
    assert [(r["key"], r["cases"]) for r in regions] == [("32.01", 2), ("32.71", 1)]
    assert regions[0]["label"] and "32" not in regions[0]["label"]
    agencies = selectors.compliance(w["task_force"], Filters(), by="ppk")
    assert agencies[0]["key"] == w["agency"].code and agencies[0]["pending"] == 1
    assert "Bupati Bogor" in agencies[0]["label"] and agencies[0]["rate"] is None
    assert list(selectors.overdue_cases(w["task_force"], Filters())) == []
    level = selectors.sanctions_by_level(w["task_force"], Filters())
    assert [r["key"] for r in level][:2] == ["moral", "light"] and sum(r["n"] for r in level) == 0
    durations = selectors.durations(w["task_force"], Filters())
    assert durations["recommendation"]["n"] == 1 and durations["recommendation"]["median"] == 0
    assert durations["decision"]["n"] == 0 and durations["decision"]["median"] is None
    options = selectors.filter_options(w["regency_officer"])
    assert [code for code, _label in options["regency"]] == ["32.01"]


def test_filters_narrow_and_refuse_unknown_values(world):
    w = world
    user = w["task_force"]
    assert counted(user) == 3
    assert selectors.case_totals(user, Filters.from_query({"regency": "32.71"}))["cases"] == 1
    assert selectors.case_totals(user, Filters.from_query({"agency": "BOGOR01"}))["cases"] == 1
    by_election = Filters.from_query({"election": "pilkada-2024"})
    assert selectors.case_totals(user, by_election)["cases"] == 3
    later = Filters.from_query({"start": "2024-11-01"})
    assert selectors.case_totals(user, later)["cases"] == 0
    for bad in (
        {"election": "pemilu-1900"},
        {"agency": "NOPE"},
        {"employee_type": "ALIEN"},
        {"start": "27-11-2024"},
        {"start": "2024-12-01", "end": "2024-11-01"},
        {"regency": "32"},
        {"period": "week"},
    ):
        with pytest.raises(FilterError) as refused:
            Filters.from_query(bad)
        assert refused.value.status == 400 and refused.value.message
    with pytest.raises(FilterError):
        selectors.breakdown(user, Filters(), "shoe_size")


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_percentiles_from_the_histogram_equal_the_raw_values(values):
    from collections import Counter

    histogram = sorted(Counter(values).items())
    raw = sorted(values)
    assert selectors.percentile(histogram, 0.5) == pytest.approx(statistics.median(raw))
    if len(raw) > 1:
        p90 = statistics.quantiles(raw, n=10, method="inclusive")[-1]
        assert selectors.percentile(histogram, 0.9) == pytest.approx(p90)


@pytest.fixture
def in_unit(world, django_capture_on_commit_callbacks):
    """The recommended case's person placed in a work unit through the registry's service (the
    receivers move the case's facts and the unit's headcount on commit)."""
    from netra.registry.services import person_upsert, work_unit_upsert

    w = world
    unit = work_unit_upsert(actor=None, agency=w["agency"], name="SD Negeri 1 Cibinong")
    p = w["person"]
    with django_capture_on_commit_callbacks(execute=True):
        person_upsert(
            actor=None,
            employee_type=p.employee_type,
            name=p.name,
            nip=p.nip,
            position=p.position,
            position_type=p.position_type,
            functional_group=p.functional_group,
            agency=p.agency,
            unit=unit,
            region=p.region,
        )
    w["unit"] = unit
    return w


def test_prevention_per_unit_equals_direct_counts_within_each_scope(in_unit):
    from netra.analytics import scoping
    from netra.registry.models import Person

    w = in_unit
    f = Filters(agency=w["agency"].code).resolve()
    for role in ("task_force", "bawaslu", "regency_officer", "ppk", "hr", "other_ppk", "nobody"):
        user = w[role]
        rows = selectors.prevention_by_unit(user, f)
        shown = case_list_for(user).filter(person__unit=w["unit"], merged_into__isnull=True)
        assert sum(r["cases"] for r in rows) == shown.count(), role
        if shown.exists():
            (row,) = rows
            assert row["label"] == "SD Negeri 1 Cibinong" and row["agency"] == w["agency"].name
            assert row["proven"] == 1
            assert row["headcount"] == Person.objects.filter(unit=w["unit"]).count() == 1
            assert row["proven_per_1000"] == 1000
    # Who gets the table without choosing an agency or a regency first.
    assert scoping.narrow(w["hr"]) and scoping.narrow(w["ppk"])
    assert scoping.narrow(w["regency_officer"])
    assert not scoping.narrow(w["task_force"]) and not scoping.narrow(w["bawaslu"])
    assert not scoping.narrow(w["nobody"])


def test_the_unit_table_on_the_dashboard(in_unit, staff_client):
    w = in_unit
    page = staff_client(w["hr"]).get("/analitik/").content.decode()
    assert "SD Negeri 1 Cibinong" in page
    client = staff_client(w["task_force"])
    page = client.get("/analitik/").content.decode()
    assert "SD Negeri 1 Cibinong" not in page
    assert "Pilih satu instansi (nama instansi pada tabel di atas)" in page
    assert f"agency={w['agency'].code}#units-title" in page  # one click to its units
    page = client.get(f"/analitik/?agency={w['agency'].code}").content.decode()
    assert "SD Negeri 1 Cibinong" in page
