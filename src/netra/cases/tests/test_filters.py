"""`cases.filters.CaseFilterSet`: each filter narrows a scoped queryset; bad values make the
form invalid (the API answers 400), never an exception."""

import datetime as dt

import pytest
from django.utils import translation
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.filters import CaseFilterSet, with_due_dates
from netra.cases.selectors import case_list_for
from netra.cases.services import case_resolve_identity, case_transition

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"


@pytest.fixture
def cases(case_world, make_report):
    """Three Jawa Barat cases (Bogor district, Bogor district, Kota Bandung) and one in Jambi,
    seen through the national task force's scope."""
    from netra.cases.services import case_open_from_report

    w = case_world
    with freeze_time(START):
        bogor = w["open"](reported_name="Ahmad Fauzi")
        registered = w["open"](reported_name="Siti Aminah")
        registered = case_transition(actor=w["bawaslu"], case=registered, target=S.FORMAL_CHECK)
        registered = case_transition(
            actor=w["bawaslu"],
            case=registered,
            target=S.REGISTERED,
            facts={"formal_complete": True},
        )
        case_resolve_identity(actor=w["bawaslu"], case=registered, person=w["person"])
    with freeze_time("2024-10-20 03:00:00"):
        bandung = w["open"](region="32.73", reported_name="Budi Santoso", election=None)
        report, _key = make_report(region="15.03", reported_name="Orang Jambi")
        jambi = case_open_from_report(actor=w["outsider"], report=report)
    return {
        "w": w,
        "bogor": bogor,
        "registered": registered,
        "bandung": bandung,
        "jambi": jambi,
        "qs": case_list_for(w["task_force"]),
    }


def numbers(filterset) -> set[str]:
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("number", flat=True))


def run(cases, **params) -> set[str]:
    return numbers(CaseFilterSet(params, queryset=cases["qs"]))


def n(cases, *names) -> set[str]:
    return {cases[name].number for name in names}


def test_no_filter_keeps_the_scoped_queryset(cases):
    assert run(cases) == n(cases, "bogor", "registered", "bandung", "jambi")
    officer = case_list_for(cases["w"]["bawaslu"])
    assert numbers(CaseFilterSet({}, queryset=officer)) == n(
        cases, "bogor", "registered", "bandung"
    )


def test_state_takes_several_values(cases):
    from django.http import QueryDict

    params = QueryDict("state=registered&state=received")
    assert numbers(CaseFilterSet(params, queryset=cases["qs"])) == n(
        cases, "bogor", "registered", "bandung", "jambi"
    )
    assert run(cases, state=[S.REGISTERED]) == n(cases, "registered")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("32", ("bogor", "registered", "bandung")),
        ("3201", ("bogor", "registered")),
        ("32.01.01", ("bogor", "registered")),
        ("32.73", ("bandung",)),
        ("15", ("jambi",)),
        ("32.02", ()),
    ],
)
def test_region_includes_the_regions_under_it(cases, code, expected):
    assert run(cases, region=code) == n(cases, *expected)


def test_election_agency_and_outcome(cases):
    assert run(cases, election="pilkada-2024") == n(cases, "bogor", "registered")
    assert run(cases, election="pemilu-1955") == set()
    agency = cases["w"]["agency"].code
    assert run(cases, agency=agency) == n(cases, "registered")
    assert run(cases, outcome="not_proven") == set()


def test_created_range(cases):
    assert run(cases, created_from="2024-10-02") == n(cases, "bandung", "jambi")
    assert run(cases, created_to="2024-10-01") == n(cases, "bogor", "registered")
    assert run(cases, created_from="2024-10-01", created_to="2024-10-01") == n(
        cases, "bogor", "registered"
    )


def test_text_search_on_number_tracking_number_and_reported_name(cases):
    assert run(cases, q=cases["bandung"].number) == n(cases, "bandung")
    assert run(cases, q=cases["bogor"].report.tracking_number.lower()) == n(cases, "bogor")
    assert run(cases, q="  budi   santoso ") == n(cases, "bandung")
    assert run(cases, q="Fauzi") == n(cases, "bogor", "registered")  # report or person
    assert run(cases, q="tidak ada") == set()


def test_overdue_and_next_due(cases):
    with freeze_time("2024-10-10 03:00:00"):
        assert run(cases, overdue="true") == n(cases, "registered")
        assert run(cases, overdue="false") == n(cases, "bogor", "bandung", "jambi")
        row = with_due_dates(cases["qs"]).get(pk=cases["registered"].pk)
        assert row.next_due == dt.date(2024, 10, 3) and row.is_overdue


def test_ordering(cases):
    fs = CaseFilterSet({}, queryset=cases["qs"])
    assert fs.is_valid()
    assert list(fs.qs)[0] == cases["registered"]  # the only dated deadline comes first
    fs = CaseFilterSet({"ordering": "-created"}, queryset=cases["qs"])
    assert fs.is_valid()
    first = list(fs.qs)[0]
    assert first in (cases["bandung"], cases["jambi"])
    fs = CaseFilterSet({"ordering": "number"}, queryset=cases["qs"])
    assert fs.is_valid()
    assert [c.number for c in fs.qs] == sorted(c.number for c in fs.qs)


@pytest.mark.parametrize(
    "params",
    [
        {"state": "teleported"},
        {"region": "32.0"},
        {"overdue": "maybe"},
        {"created_from": "kemarin"},
        {"created_from": "2024-10-05", "created_to": "2024-10-01"},
        {"outcome": "menang"},
        {"ordering": "pk"},
        {"agency": "A" * 21},
        {"q": "q" * 101},
    ],
)
def test_bad_values_make_the_form_invalid_in_both_languages(cases, params):
    with translation.override("id"):
        fs = CaseFilterSet(params, queryset=cases["qs"])
        assert not fs.is_valid()
        field = next(iter(fs.errors))
        messages = [str(m) for m in fs.errors[field]]
    with translation.override("en"):
        english = CaseFilterSet(params, queryset=cases["qs"])
        assert not english.is_valid()
        assert english.errors[field]
        english_messages = [str(m) for m in english.errors[field]]
    assert english_messages != messages or field == "region"
    if field == "created_to":
        assert messages == ["Tanggal akhir tidak boleh sebelum tanggal awal."]
        assert english_messages == ["The end date may not be before the start date."]
