"""Coverage pages, exports and API: numbers, scope (404 outside), public page without names."""

import csv
import io

import pytest
from openpyxl import load_workbook

from netra.audit.models import AuditEvent
from netra.prevention.tests.coverage_world import coverage_world

pytestmark = pytest.mark.django_db

WORKSPACE = "/pencegahan/cakupan/"
EXPORT = "/pencegahan/cakupan/ekspor/"
PUBLIC = "/cakupan/"
API = "/api/v1/prevention/coverage/"


@pytest.fixture
def world(prevention_world):
    w = prevention_world
    w.update(coverage_world(w))
    return w


def _agency_url(agency):
    return f"{WORKSPACE}{agency.public_id}/"


def test_hr_sees_only_own_agency(world, staff_client):
    client = staff_client(world["hr"])
    response = client.get(WORKSPACE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    rows = response.context["rows"]
    assert [(r.label, r.population, r.attended, r.pledged) for r in rows] == [
        ("Pemerintah Kabupaten Bogor", 9, 4, 2)
    ]
    assert b"Pemerintah Kabupaten Sarolangun" not in response.content
    assert client.get(_agency_url(world["other_agency"])).status_code == 404


def test_agency_page_units_breakdown_idle_units_and_chart(world, staff_client):
    response = staff_client(world["hr"]).get(_agency_url(world["agency"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    units = {r.label: (r.population, r.attended, r.pledged) for r in response.context["units"]}
    assert units == {
        "Dinas Pendidikan": (4, 3, 1),
        "Puskesmas Cibinong": (3, 1, 1),
        "Sekretariat Daerah": (2, 0, 0),
    }
    assert [u.name for u in response.context["idle_units"]] == ["Sekretariat Daerah"]
    assert '<ul id="idle-units"><li>Sekretariat Daerah</li></ul>' in html
    assert "<svg" in html and "<polyline" in html and 'id="coverage-chart-table"' in html
    assert "75,0%" in html  # Dinas Pendidikan attended, Indonesian decimal comma
    # SVG coordinates are never localised (a comma would break the drawing).
    drawing = response.context["drawing"]
    assert f'points="{drawing["attended"]}"' in html


def test_election_picker_and_bad_election(world, staff_client):
    client = staff_client(world["hr"])
    slug = world["other_election"].slug
    response = client.get(_agency_url(world["agency"]), {"election": slug})
    assert response.context["election"] == world["other_election"]
    units = [(r.population, r.attended, r.pledged) for r in response.context["units"]]
    assert units == [(4, 0, 0), (3, 0, 0), (2, 1, 1)]
    bad = client.get(WORKSPACE, {"election": "tidak-ada"})
    assert bad.status_code == 400
    assert "Pemilihan tidak dikenal" in bad.content.decode()


def test_bawaslu_region_scope_and_national_task_force(world, staff_client):
    bawaslu = staff_client(world["bawaslu"])  # Jawa Barat: Bogor only
    labels = [r.label for r in bawaslu.get(WORKSPACE).context["rows"]]
    assert labels == ["Pemerintah Kabupaten Bogor"]
    assert bawaslu.get(_agency_url(world["agency"])).status_code == 200
    assert bawaslu.get(_agency_url(world["other_agency"])).status_code == 404
    assert [r.key for r in bawaslu.get(WORKSPACE).context["regions"]] == ["32.01"]
    national = staff_client(world["task_force"]).get(WORKSPACE)
    assert [(r.label, r.population) for r in national.context["rows"]] == [
        ("Pemerintah Kabupaten Bogor", 9),
        ("Pemerintah Kabupaten Sarolangun", 2),
    ]
    # The same people per regency/city where they are registered
    assert [(r.key, r.population, r.attended) for r in national.context["regions"]] == [
        ("15.03", 2, 1),
        ("32.01", 9, 4),
    ]
    assert 'id="coverage-regions"' in national.content.decode()


def test_staff_without_prevention_role_and_anonymous(world, staff_client, make_staff, client):
    intake = make_staff(role=None)
    assert staff_client(intake).get(WORKSPACE).status_code == 403
    response = client.get(WORKSPACE)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_csv_export_per_agency_and_per_unit(world, staff_client):
    client = staff_client(world["task_force"])
    response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        [
            "Instansi",
            "Jumlah pegawai aktif",
            "Hadir sosialisasi",
            "Hadir (%)",
            "Ikrar",
            "Ikrar (%)",
        ],
        ["Pemerintah Kabupaten Bogor", "9", "4", "44.4", "2", "22.2"],
        ["Pemerintah Kabupaten Sarolangun", "2", "1", "50.0", "0", "0.0"],
    ]
    event = AuditEvent.objects.filter(action="prevention.coverage_exported").latest("seq")
    assert event.payload == {"format": "csv", "election": "pemilu-uji", "rows": 2}

    per_unit = client.get(EXPORT, {"format": "csv", "agency": str(world["agency"].public_id)})
    rows = list(csv.reader(io.StringIO(per_unit.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Unit kerja"
    assert rows[1:] == [
        ["Dinas Pendidikan", "4", "3", "75.0", "1", "25.0"],
        ["Puskesmas Cibinong", "3", "1", "33.3", "1", "33.3"],
        ["Sekretariat Daerah", "2", "0", "0.0", "0", "0.0"],
    ]


def test_xlsx_export_opens(world, staff_client):
    response = staff_client(world["hr"]).get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    values = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert values[0][0] == "Instansi"
    assert values[1:] == [["Pemerintah Kabupaten Bogor", 9, 4, 44.4, 2, 22.2]]


def test_export_bad_input_and_scope(world, staff_client):
    client = staff_client(world["hr"])
    bad = client.get(EXPORT, {"format": "pdf"})
    assert bad.status_code == 400
    assert "csv atau xlsx" in bad.content.decode()
    assert client.get(EXPORT).status_code == 400
    other = client.get(EXPORT, {"format": "csv", "agency": str(world["other_agency"].public_id)})
    assert other.status_code == 404
    assert client.get(EXPORT, {"format": "csv", "agency": "bukan-uuid"}).status_code == 400


def test_public_page_has_no_names_and_suppresses_small_groups(world, client):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pemerintah Kabupaten Bogor" in html
    # Bogor has 9 active people: shown; Sarolangun 2: suppressed.
    rows = {r.label: r for r in response.context["rows"]}
    assert not rows["Pemerintah Kabupaten Bogor"].suppressed()
    assert rows["Pemerintah Kabupaten Sarolangun"].suppressed()
    assert "44,4%" in html
    assert "kurang dari 5 pegawai" in html
    saro_row = html.split("Pemerintah Kabupaten Sarolangun")[1].split("</tr>")[0]
    assert "50,0" not in saro_row and "(1)" not in saro_row
    for person in world["people"].values():
        assert person.name not in html
    for unit in world["units"].values():
        assert unit.name not in html
    assert not response.cookies  # no session, no CSRF cookie on a GET without a form post
    # Styled controls: the public stylesheet's filter box and primary button (issue 13 §4)
    assert '<form method="get" class="filter-form">' in html
    assert '<button type="submit" class="btn btn-primary">Tampilkan</button>' in html


def test_public_page_in_english(world, client):
    response = client.get(PUBLIC, headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coverage by agency" in html and "fewer than 5 staff: not shown" in html
    assert client.get(PUBLIC, {"election": "tidak-ada"}).status_code == 400


def test_api_scoped(world, api_client_for):
    hr = api_client_for(world["hr"])
    body = hr.get(API).json()
    assert body["election"]["slug"] == "pemilu-uji"
    assert [
        (a["name"], a["population"], a["attended"], a["pledged"]) for a in body["agencies"]
    ] == [("Pemerintah Kabupaten Bogor", 9, 4, 2)]
    assert body["total"]["attended_share"] == pytest.approx(4 / 9)
    detail = hr.get(API, {"agency": str(world["agency"].public_id)})
    assert detail.status_code == 200
    assert detail["Cache-Control"] == "no-store"
    data = detail.json()
    assert [u["name"] for u in data["units_without_activity"]] == ["Sekretariat Daerah"]
    assert data["chart"]["period"] == "week"
    assert data["chart"]["points"][-1]["attended"] == 4
    assert {(b["employee_type"], b["functional_group"]) for b in data["breakdown"]} >= {
        ("PNS", "teacher"),
        ("PPPK", "health"),
    }
    assert hr.get(API, {"agency": str(world["other_agency"].public_id)}).status_code == 404
    assert hr.get(API, {"election": "tidak-ada"}).status_code == 400
    assert hr.get(API, {"region": "x"}).status_code == 400


def test_api_region_totals(world, api_client_for):
    national = api_client_for(world["task_force"])
    body = national.get(API, {"region": "32"}).json()
    assert body["region"] == "32"
    assert (body["total"]["population"], body["total"]["attended"]) == (9, 4)
    assert national.get(API, {"region": "15.03"}).json()["total"]["population"] == 2
    # Bawaslu Jawa Barat asking for Jambi sees nothing of it.
    bawaslu = api_client_for(world["bawaslu"])
    assert bawaslu.get(API, {"region": "15"}).json()["total"]["population"] == 0
