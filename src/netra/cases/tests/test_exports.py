"""CSV and XLSX exports of cases: only cases in scope, formula cells neutralised, no reporter
identity, the reported name only for handling roles, one audit event per export."""

import csv
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from netra.audit.models import AuditEvent
from netra.cases.exports import (
    COLUMNS,
    case_export_rows,
    header_row,
    neutralise,
)
from netra.cases.models import Case
from netra.cases.selectors import case_list_for
from netra.cases.services import case_open_from_report

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://evil.example","klik")'
TRIGGERS = ["=1+1", "+62 811", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "|calc", "%0A"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the export throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def world(case_world, make_report):
    w = case_world
    w["case"] = w["open"](reported_name=HOSTILE, description='Kutip "ini", koma, dan\nbaris baru')
    report, _key = make_report(region="15.03", reported_name="Orang Jambi")
    w["jambi_case"] = case_open_from_report(actor=w["outsider"], report=report)
    return w


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.mark.parametrize("value", TRIGGERS)
def test_neutralise_prefixes_every_formula_trigger(value):
    cell = neutralise(value)
    assert cell.startswith("'")
    assert cell[1:].replace("\\|", "|") == value


@pytest.mark.parametrize("value", ["Ahmad", "-5", "1,5", "", "KSS-24-AAAA-BBBB"])
def test_neutralise_leaves_plain_text_and_numbers(value):
    assert neutralise(value) == value


def test_rows_hold_one_line_per_case_with_the_name_only_for_handling_roles(world):
    w = world
    with translation.override("id"):
        rows = list(case_export_rows(case_list_for(w["bawaslu"]), user=w["bawaslu"]))
    assert len(rows) == 1 and len(rows[0]) == len(COLUMNS)
    by_key = dict(zip([k for k, _l in COLUMNS], rows[0], strict=True))
    assert by_key["number"] == w["case"].number
    assert by_key["state"] == "Diterima"
    assert by_key["region_code"] == w["case"].region.code
    assert by_key["reported_person"] == HOSTILE
    assert by_key["overdue"] is False
    auditor_rows = list(case_export_rows(case_list_for(w["auditor"]), user=w["auditor"]))
    assert auditor_rows[0][6] == ""
    assert list(case_export_rows(case_list_for(w["bawaslu"])))[0][6] == ""  # no user: no name


def test_csv_export_is_scoped_neutralised_and_audited(world, api_client_for):
    w = world
    api = api_client_for(w["bawaslu"])
    response = api.get(reverse("cases-api:case-export-csv"), {"state": "received"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="kasus-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == header_row()
    assert [r[0] for r in rows[1:]] == [w["case"].number]  # not the Jambi case
    name = rows[1][6]
    assert name == "'" + HOSTILE.replace("|", "\\|")
    for row in rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r|%" or cell[0] == "-" and cell[1:2].isdigit()
    body = "\n".join(",".join(r) for r in rows)
    for secret in ("Siti Pelapor", "siti@example.invalid", "081234567890"):
        assert secret not in body
    event = AuditEvent.objects.get(action="cases.exported")
    assert event.actor_id == w["bawaslu"].pk
    assert event.payload == {"format": "csv", "rows": 1, "filters": {"state": "received"}}


def test_xlsx_export_opens_with_openpyxl_and_writes_text_as_text(world, api_client_for):
    w = world
    api = api_client_for(w["bawaslu"])
    response = api.get(reverse("cases-api:case-export-xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows, sheet = read_xlsx(response)
    assert rows[0] == header_row()
    assert [r[0] for r in rows[1:]] == [w["case"].number]
    assert rows[1][6] == "'" + HOSTILE
    assert sheet.cell(row=2, column=7).data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert AuditEvent.objects.get(action="cases.exported").payload["format"] == "xlsx"


def test_format_parameter_chooses_the_format(world, api_client_for):
    api = api_client_for(world["bawaslu"])
    response = api.get(reverse("cases-api:case-export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = api.get(reverse("cases-api:case-export"))
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("cases-api:case-export", {"format": "pdf"}, "invalid_format"),
        ("cases-api:case-export-csv", {"state": "nope"}, "invalid"),
        ("cases-api:case-export-xlsx", {"created_from": "2024-13-01"}, "invalid"),
    ],
)
def test_bad_export_requests_are_400_and_not_audited(world, api_client_for, path, params, code):
    api = api_client_for(world["bawaslu"])
    response = api.get(reverse(path), params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not AuditEvent.objects.filter(action="cases.exported").exists()


def test_exports_of_other_users_hold_only_their_cases(world, api_client_for):
    w = world
    outsider = read_csv(api_client_for(w["outsider"]).get(reverse("cases-api:case-export-csv")))
    assert [r[0] for r in outsider[1:]] == [w["jambi_case"].number]
    ppk = read_csv(api_client_for(w["ppk"]).get(reverse("cases-api:case-export-csv")))
    assert ppk == [header_row()]  # the PPK sees nothing before the recommendation
    auditor = read_csv(api_client_for(w["auditor"]).get(reverse("cases-api:case-export-csv")))
    assert [r[0] for r in auditor[1:]] == [w["case"].number]
    assert auditor[1][6] == ""  # no reported name for auditors
    assert AuditEvent.objects.filter(action="cases.exported").count() == 3
    assert Case.objects.count() == 2


def test_export_queries_do_not_grow_with_the_number_of_cases(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world

    def export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = list(case_export_rows(case_list_for(w["bawaslu"]), user=w["bawaslu"]))
        return len(rows), len(captured)

    rows_before, queries_before = export()
    w["open"](reported_name="Dua")
    w["open"](reported_name="Tiga")
    rows_after, queries_after = export()
    assert (rows_before, rows_after) == (1, 3)
    assert queries_after == queries_before


def test_catalog_codes_are_exported_in_words(world):
    """A reader opens the export: the form as readers cite it, the level and the sanction in
    words (a direct write of the snapshot and facts stands in for the study and decision)."""
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(
        classification={"form": "SKB2022-D8", "level": "heavy"},
        facts={"decision_sanction": "PNS_PP94_DEMOTION_12M"},
    )
    columns = [key for key, _label in COLUMNS]
    with translation.override("id"):
        rows = list(case_export_rows(Case.objects.filter(pk=case.pk), user=world["bawaslu"]))
    row = dict(zip(columns, rows[0], strict=True))
    assert row["form"] == "SKB 2022 butir D8"
    assert row["level"] == "Berat"
    assert row["sanction"].startswith("Penurunan jabatan")
    assert "PNS_" not in " ".join(str(value) for value in rows[0])
