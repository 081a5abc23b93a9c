"""`cases.filters.CaseFilterSet`: each filter narrows a scoped queryset; bad values make the
form invalid (the API answers 400), never an exception."""

import datetime as dt
import re

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
    # an election that does not exist is a clear error, not an empty list
    fs = CaseFilterSet({"election": "pemilu-1955"}, queryset=cases["qs"])
    assert not fs.is_valid() and fs.errors["election"]
    agency = cases["w"]["agency"]
    assert run(cases, agency=agency.code) == n(cases, "registered")
    # the name picked from the list works too (case and spacing ignored)
    assert run(cases, agency=f"  {agency.name.upper()} ") == n(cases, "registered")
    assert run(cases, agency="Instansi yang tidak ada") == set()
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
        {"agency": "A" * 201},
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
        # (the wording is shared with other apps' catalogs, whichever loads first)
        assert english_messages[0].startswith("The end date")


def test_search_by_nip_and_names_only_for_roles_that_see_them(cases, rf):
    w = cases["w"]
    nip = w["person"].nip
    assert run(cases, q=nip) == n(cases, "registered")
    assert run(cases, q=f"{nip[:8]} {nip[8:]}") == n(cases, "registered")

    def as_user(user, **params):
        request = rf.get("/kasus/daftar/", params)
        request.user = user
        return numbers(CaseFilterSet(params, queryset=case_list_for(user), request=request))

    assert as_user(w["bawaslu"], q="budi santoso") == n(cases, "bandung")
    # the auditor gets no name or NIP search (they are not shown the reported person)
    assert as_user(w["auditor"], q="budi santoso") == set()
    assert as_user(w["auditor"], q=nip) == set()
    assert as_user(w["auditor"], q=cases["bandung"].number) == n(cases, "bandung")


# --- The form a person uses ------------------------------------------------------------------


def rendered_form(user, rf, language="id", **params) -> str:
    request = rf.get("/kasus/daftar/", params)
    request.user = user
    with translation.override(language):
        fs = CaseFilterSet(params or None, queryset=case_list_for(user), request=request)
        return "".join(str(field) + str(field.help_text) for field in fs.form)


def option_texts(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", html)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_filter_form_shows_names_never_codes(cases, rf, language):
    from netra.elections.models import Election

    w = cases["w"]
    html = rendered_form(w["task_force"], rf, language)
    texts = option_texts(html)
    for bad in ("---------", "Unknown", "None", "pilkada-2024", "32.01", "BOGOR01"):
        assert bad not in texts and f">{bad}<" not in html
    assert not [t for t in texts if re.fullmatch(r"[a-z0-9_.-]+", t) and t not in ("",)]
    election = Election.objects.get(slug="pilkada-2024")
    with translation.override(language):
        assert election.name in texts
    # yes/no as choices; the empty choice has a name
    assert ("Ya" if language == "id" else "Yes") in texts
    assert ("Tidak" if language == "id" else "No") in texts
    assert ("Semua" if language == "id" else "All") in texts
    assert ("Semua wilayah" if language == "id" else "All regions") in texts
    # date pickers, a searchable agency list of names, regions grouped by province
    assert html.count('type="date"') == 2
    assert f'<option value="{w["agency"].name}">' in html and 'list="id_agency_options"' in html
    assert '<optgroup label="Jawa Barat">' in html and '<optgroup label="Jambi">' in html
    assert '<option value="32.01">Kabupaten Bogor</option>' in html or ">Bogor<" in html
    # help texts in the page's language
    if language == "en":
        assert "Includes every region under it." in html
    else:
        assert "Termasuk semua wilayah di bawahnya." in html


def test_region_choices_are_scoped(cases, rf):
    w = cases["w"]
    html = rendered_form(w["bawaslu"], rf)
    assert '<optgroup label="Jawa Barat">' in html and "Jambi" not in html
    assert 'value="32.73"' in html  # Kota Bandung, under the officer's province
    # the PPK's people may be reported anywhere: every province
    assert '<optgroup label="Jambi">' in rendered_form(w["ppk"], rf)
    # the agency list holds only agencies of cases the user sees
    assert w["agency"].name in html
    assert w["agency"].name not in rendered_form(w["outsider"], rf)


def test_bound_form_keeps_the_choices(cases, rf):
    w = cases["w"]
    html = rendered_form(
        w["task_force"], rf, region="32.01.01", overdue="true", election="pilkada-2024"
    )
    assert re.search(r'<option value="true" selected>', html)
    assert re.search(r'<option value="pilkada-2024" selected>', html)
    # a district from a link (not in the list) is shown by its name, selected
    assert re.search(r'<option value="32.01.01" selected>[^<]+</option>', html)
    assert ">32.01.01<" not in html
