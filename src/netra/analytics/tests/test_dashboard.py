"""Staff dashboards and their exports: who sees what (the selectors' scope, end to end through
the pages and the downloads), bad filters, and the charts' markup.

The cube rows are written directly (the rollups' own tests prove they equal direct counts);
here the question is what each role's page and export contain.
"""

import csv
import datetime as dt
import io

import pytest
from django.db import models
from openpyxl import load_workbook

from netra.analytics.choices import Follow, Outcome
from netra.analytics.models import CaseCube, ReportCube
from netra.regions.choices import RegionKind, RegionLevel
from netra.regions.models import Region
from netra.registry.choices import AgencyKind
from netra.registry.models import Agency

pytestmark = pytest.mark.django_db

MONTH = dt.date(2024, 10, 1)


def _region(code, name, level, parent=None):
    kind = RegionKind.PROVINCE if level == RegionLevel.PROVINCE else RegionKind.REGENCY
    return Region.objects.create(
        code=code,
        name=name,
        name_key=name.lower(),
        level=level,
        kind=kind,
        parent=parent,
        edition="2025",
    )


@pytest.fixture
def world(make_staff):
    jabar = _region("32", "JAWA BARAT", RegionLevel.PROVINCE)
    bogor = _region("32.01", "KABUPATEN BOGOR", RegionLevel.REGENCY, jabar)
    sukabumi = _region("32.02", "KABUPATEN SUKABUMI", RegionLevel.REGENCY, jabar)
    jateng = _region("33", "JAWA TENGAH", RegionLevel.PROVINCE)
    _region("33.01", "KABUPATEN CILACAP", RegionLevel.REGENCY, jateng)
    bogor_gov = Agency.objects.create(
        code="3201",
        name="Pemerintah Kabupaten Bogor",
        kind=AgencyKind.REGENCY,
        region=bogor,
        ppk_title="Bupati Bogor",
    )
    sukabumi_gov = Agency.objects.create(
        code="3202",
        name="Pemerintah Kabupaten Sukabumi",
        kind=AgencyKind.REGENCY,
        region=sukabumi,
        ppk_title="Bupati Sukabumi",
    )
    cilacap_gov = Agency.objects.create(
        code="3301",
        name="Pemerintah Kabupaten Cilacap",
        kind=AgencyKind.REGENCY,
        ppk_title="Bupati Cilacap",
    )

    def cube(
        regency,
        agency,
        n,
        *,
        outcome=Outcome.PROVEN,
        compliance="",
        visible=True,
        group="teacher",
        level="",
    ):
        CaseCube.objects.create(
            province=regency[:2],
            regency=regency,
            agency_id=agency.pk,
            employee_type="PNS",
            functional_group=group,
            act="social-media-engagement",
            month=MONTH,
            ppk_visible=visible,
            outcome=outcome,
            compliance=compliance,
            sanction_level=level,
            n=n,
        )

    # Bogor: 7 followed, 3 overdue, 2 still with Bawaslu (not visible to the PPK side)
    cube("32.01", bogor_gov, 7, compliance=Follow.FOLLOWED, level="light")
    cube("32.01", bogor_gov, 3, compliance=Follow.OVERDUE)
    cube("32.01", bogor_gov, 2, outcome=Outcome.PENDING, visible=False, group="health")
    # Sukabumi: 11 not proven; Cilacap (another province): 13 followed
    cube("32.02", sukabumi_gov, 11, outcome=Outcome.NOT_PROVEN)
    cube("33.01", cilacap_gov, 13, compliance=Follow.FOLLOWED, level="moderate")
    ReportCube.objects.create(
        day=dt.date(2024, 9, 3), province="32", regency="32.01", source="public", n=5
    )
    ReportCube.objects.create(
        day=dt.date(2024, 11, 3), province="33", regency="33.01", source="finding", n=4
    )
    from netra.analytics.tests.helpers import summary_from_cube

    summary_from_cube()  # the coarse queries read CaseSummary
    return {
        "national": make_staff(role="satgas_analyst"),
        "jabar": make_staff(role="bawaslu_officer", region="32"),
        "bogor": make_staff(role="bawaslu_officer", region="32.01"),
        "ppk_bogor": make_staff(role="ppk_officer", agency=bogor_gov),
        "nobody": make_staff(role=None),
    }


def _total(page: str) -> int:
    """The first summary figure (cases)."""
    start = page.index('class="figure-value">') + len('class="figure-value">')
    return int(page[start : page.index("<", start)].replace(".", ""))


@pytest.mark.parametrize(
    ("who", "cases"),
    [("national", 36), ("jabar", 23), ("bogor", 12), ("ppk_bogor", 10)],
)
def test_each_role_sees_the_totals_of_its_scope(world, staff_client, who, cases):
    response = staff_client(world[who]).get("/analitik/")
    assert response.status_code == 200
    page = response.content.decode()
    assert _total(page) == cases
    # the workspace bar links the dashboard
    assert 'href="/analitik/" aria-current="page"' in page


def test_the_region_ranking_and_compliance_stay_within_scope(world, staff_client):
    page = staff_client(world["jabar"]).get("/analitik/").content.decode()
    # One province in scope: the ranking is of its regencies
    assert "Peringkat kabupaten/kota" in page
    assert "Cilacap" not in page  # another province: neither in ranking nor in compliance
    assert "Bupati Bogor — Pemerintah Kabupaten Bogor" in page
    # The overdue figure links to the overdue list for that agency
    assert "/analitik/terlambat/?agency=3201" in page
    national = staff_client(world["national"]).get("/analitik/").content.decode()
    assert "Bupati Cilacap" in national and "JAWA TENGAH" in national


def test_a_province_filter_ranks_its_regencies(world, staff_client):
    page = staff_client(world["national"]).get("/analitik/?province=32").content.decode()
    assert _total(page) == 23
    assert "Peringkat kabupaten/kota" in page
    assert "KABUPATEN BOGOR" in page and "KABUPATEN SUKABUMI" in page


def test_a_user_without_a_role_is_refused_and_sees_no_link(world, staff_client):
    client = staff_client(world["nobody"])
    assert client.get("/analitik/").status_code == 403
    assert "/analitik/" not in client.get("/kerja/").content.decode()


def test_a_bad_filter_is_a_400_with_a_message_in_the_users_language(world, staff_client):
    client = staff_client(world["national"])
    response = client.get("/analitik/?election=tidak-ada")
    assert response.status_code == 400
    assert "tidak-ada" in response.content.decode()
    response = client.get("/analitik/?start=2024-13-01")
    assert response.status_code == 400
    assert "TTTT-BB-HH" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/analitik/"})
    response = client.get("/analitik/?start=2024-12-01&end=2024-01-01")
    assert response.status_code == 400
    assert "Dasbor" not in response.content.decode()


def test_the_page_has_svg_charts_with_title_desc_and_no_iso_dates(world, staff_client):
    page = staff_client(world["national"]).get("/analitik/").content.decode()
    assert page.count("<svg") >= 5
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    # month labels, in Indonesian, never ISO dates
    assert ">Sep<" in page and ">Nov<" in page and "2024-09" not in page
    assert "style=" not in page


def test_the_dashboard_in_english(world, staff_client):
    client = staff_client(world["national"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/analitik/"})
    page = client.get("/analitik/").content.decode()
    assert "Analytics dashboard" in page
    assert "Ringkasan" not in page


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_exports_stream_csv_within_the_users_scope(world, staff_client):
    national = _csv(staff_client(world["national"]).get("/analitik/ekspor/wilayah/?format=csv"))
    assert {row[0] for row in national[1:]} == {"32", "33"}
    jabar = _csv(staff_client(world["jabar"]).get("/analitik/ekspor/wilayah/?format=csv"))
    assert {row[0] for row in jabar[1:]} == {"32"}
    assert jabar[1][2] == "23"
    # A PPK officer cannot export another agency's compliance, not even by asking for it
    ppk = staff_client(world["ppk_bogor"])
    rows = _csv(ppk.get("/analitik/ekspor/kepatuhan/?format=csv"))
    assert [row[0] for row in rows[1:]] == ["3201"]
    rows = _csv(ppk.get("/analitik/ekspor/kepatuhan/?format=csv&agency=3301"))
    assert rows[1:] == []


def test_xlsx_export_and_refusals(world, staff_client):
    client = staff_client(world["jabar"])
    response = client.get("/analitik/ekspor/kepatuhan/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    labels = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert labels == ["Bupati Bogor — Pemerintah Kabupaten Bogor"]
    assert client.get("/analitik/ekspor/kepatuhan/?format=pdf").status_code == 400
    assert client.get("/analitik/ekspor/tidak-ada/?format=csv").status_code == 404
    assert staff_client(world["nobody"]).get("/analitik/ekspor/wilayah/").status_code == 403


@pytest.fixture
def generated(regions_sample, rules_and_elections_loaded, make_staff):
    """A small generated election (`netra demo cases`), rollups rebuilt."""
    from netra.analytics.services import reconcile
    from netra.demo.election_cases import generate_cases

    generate_cases(cases=120, seed=5)
    reconcile()


def test_the_overdue_list_and_its_export_hold_only_the_users_cases(
    generated, make_staff, staff_client
):
    from netra.analytics.models import CaseFact
    from netra.cases.models import Case

    overdue = CaseFact.objects.filter(compliance=Follow.OVERDUE)
    busiest = (
        overdue.exclude(agency_id=0)
        .values("agency_id")
        .annotate(n=models.Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest and busiest["n"] >= 1
    agency = Agency.objects.get(pk=busiest["agency_id"])
    national = staff_client(make_staff(role="satgas_analyst"))
    page = national.get("/analitik/terlambat/").content.decode()
    numbers = set(
        Case.objects.filter(pk__in=overdue.values("case_id")).values_list("number", flat=True)
    )
    assert all(n in page for n in list(numbers)[:50])

    ppk = staff_client(make_staff(role="ppk_officer", agency=agency))
    mine = set(
        Case.objects.filter(
            pk__in=overdue.filter(agency_id=agency.pk).values("case_id")
        ).values_list("number", flat=True)
    )
    page = ppk.get("/analitik/terlambat/").content.decode()
    others = numbers - mine
    assert all(n in page for n in mine)
    assert not any(n in page for n in others)
    # The export of that list (the audited case export) holds the same cases, no more
    rows = _csv(ppk.get("/analitik/ekspor/terlambat/?format=csv"))
    assert {row[0] for row in rows[1:]} == mine
    # Asking for another agency's list gives nothing of it
    other = overdue.exclude(agency_id=agency.pk).exclude(agency_id=0).first()
    if other:
        code = Agency.objects.get(pk=other.agency_id).code
        rows = _csv(ppk.get(f"/analitik/ekspor/terlambat/?format=csv&agency={code}"))
        assert rows[1:] == []
