"""Public statistics: counts under 5 suppressed, and no suppressed count recoverable by
subtracting published figures, inside a table, across tables or across filters."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netra.analytics import public
from netra.analytics.public import MINIMUM, Statistics, _matrix, determined, suppress


def attacker(values, lines, suppressed) -> dict:
    """What someone with the published figures recovers by subtracting: any line (a row or a
    column with its total) with one unknown left gives it; repeat until nothing new."""
    known = {key: n for key, n in values.items() if key not in suppressed}
    recovered = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            members = [*line.cells, line.total]
            unknown = [key for key in members if key not in known]
            if len(unknown) != 1:
                continue
            key = unknown[0]
            if key == line.total:
                value = sum(known[k] for k in line.cells)
            else:
                value = known[line.total] - sum(known[k] for k in line.cells if k != key)
            known[key] = recovered[key] = value
            progress = True
    return recovered


def two_tables(province_counts, employee_counts) -> Statistics:
    """The provinces table and the proven-by-employee table sharing the proven total."""
    stats = Statistics(election=None, as_of=None)
    provinces = sorted({p for p, _o in province_counts})
    _matrix(
        stats,
        "provinces",
        "t",
        "r",
        [(p, p) for p in provinces],
        [("proven", "p"), ("not_proven", "n"), ("pending", "w")],
        province_counts,
    )
    _matrix(
        stats,
        "employees",
        "t",
        "r",
        [("PNS", "PNS"), ("PPPK", "PPPK")],
        [("teacher", "t"), ("health", "h")],
        employee_counts,
        total_key=("provinces", "total", "proven"),
    )
    return stats


PROVINCES = {
    ("32", "proven"): 3,  # small: suppressed
    ("32", "not_proven"): 20,
    ("32", "pending"): 31,
    ("33", "proven"): 12,
    ("33", "not_proven"): 7,
    ("33", "pending"): 9,
    ("35", "proven"): 8,
    ("35", "not_proven"): 15,
    ("35", "pending"): 40,
}
EMPLOYEES = {  # 23 proven in all, like the provinces' proven column
    ("PNS", "teacher"): 9,
    ("PNS", "health"): 2,  # small: suppressed
    ("PPPK", "teacher"): 7,
    ("PPPK", "health"): 5,
}


def test_the_attacker_recovers_a_cell_when_only_small_counts_are_hidden():
    """The attack works: hiding only the counts under 5 gives them away by subtraction."""
    stats = two_tables(PROVINCES, EMPLOYEES)
    primary = {key for key, n in stats.values.items() if n < MINIMUM}
    recovered = attacker(stats.values, stats.lines, primary)
    assert recovered[("provinces", "32", "proven")] == 3
    assert recovered[("employees", "PNS", "health")] == 2


def test_subtracting_totals_recovers_no_suppressed_cell():
    stats = two_tables(PROVINCES, EMPLOYEES)
    hidden = suppress(stats.values, stats.lines, set())
    assert ("provinces", "32", "proven") in hidden and ("employees", "PNS", "health") in hidden
    assert all(key in hidden for key, n in stats.values.items() if n < MINIMUM)
    assert attacker(stats.values, stats.lines, hidden) == {}
    # Nor by any linear combination of the published figures and sums.
    assert determined(stats.values, stats.lines, hidden) == set()
    # Complementary cells are the smallest ones that protect, not everything.
    assert len(hidden) < len(stats.values) / 2


def test_a_shared_total_is_protected_in_both_tables():
    """The proven total appears in both tables: if small, hidden in both; its parts too."""
    provinces = {("32", "proven"): 2, ("32", "not_proven"): 30, ("32", "pending"): 40}
    provinces |= {("33", "proven"): 1, ("33", "not_proven"): 22, ("33", "pending"): 9}
    employees = {("PNS", "teacher"): 2, ("PPPK", "teacher"): 1}
    stats = two_tables(provinces, employees)
    hidden = suppress(stats.values, stats.lines, set())
    assert ("provinces", "total", "proven") in hidden
    assert attacker(stats.values, stats.lines, hidden) == {}
    assert determined(stats.values, stats.lines, hidden) == set()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=6, max_size=15),
    st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
)
def test_random_tables_never_expose_a_suppressed_cell(cells, employees):
    rows = len(cells) // 3
    counts = {}
    for i in range(rows):
        for j, outcome in enumerate(("proven", "not_proven", "pending")):
            counts[(f"{i:02}", outcome)] = cells[i * 3 + j]
    keys = [("PNS", "teacher"), ("PNS", "health"), ("PPPK", "teacher"), ("PPPK", "health")]
    stats = two_tables(counts, dict(zip(keys, employees, strict=True)))
    # (The employee table may not add up to the proven column here: the audit must hold
    # whatever the values, it only reads which figures are published.)
    hidden = suppress(stats.values, stats.lines, set())
    assert all(key in hidden for key, n in stats.values.items() if n < MINIMUM)
    assert determined(stats.values, stats.lines, hidden) == set()


# --- the page and the API over real rollups ------------------------------------------------


@pytest.fixture
def published(sanctions_world, django_capture_on_commit_callbacks):
    """Two proven cases in Kabupaten Bogor (a count under 5) and the rollups current."""
    from freezegun import freeze_time

    from netra.sanctions.tests.fixtures import START

    w = sanctions_world
    for _ in range(2):
        with freeze_time(START), django_capture_on_commit_callbacks(execute=True):
            w["to_ppk"]()
    return w


@pytest.mark.django_db
def test_api_suppresses_small_counts_and_sets_no_cookie(published, client):
    response = client.get("/api/v1/statistics/public/", {"election": "pilkada-2024"})
    assert response.status_code == 200 and not response.cookies
    body = response.json()
    assert body["minimum_count"] == 5 and body["data_as_of"]
    provinces = next(t for t in body["tables"] if t["key"] == "provinces")
    jabar = next(r for r in provinces["rows"] if r["key"] == "32")
    assert jabar["label"] == "Jawa Barat"
    assert jabar["cells"][0] == {"value": None, "suppressed": True}  # 2 proven
    assert all(cell["value"] is None for row in provinces["rows"] for cell in row["cells"])
    text = str(body)
    assert "'value': 2" not in text and "'value': 1" not in text
    download = client.get(
        "/api/v1/statistics/public/", {"election": "pilkada-2024", "format": "csv"}
    )
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"] and not download.cookies
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == [
        "table",
        "row",
        "row_label",
        "column",
        "column_label",
        "value",
        "suppressed",
    ]
    jabar_rows = [r for r in rows if r[0] == "provinces" and r[1] == "32"]
    assert jabar_rows and all(r[5] == "" and r[6] == "1" for r in jabar_rows)


@pytest.mark.django_db
def test_no_other_filter_and_no_all_elections_aggregate(published, client):
    """Differencing across filters is impossible: the only filter is one election."""
    url = "/api/v1/statistics/public/"
    for query in (
        {"election": "pilkada-2024", "province": "32"},
        {"election": "pilkada-2024", "agency": "BOGOR01"},
        {},
        {"election": "pemilu-1900"},
    ):
        response = client.get(url, query)
        assert response.status_code == 400, query
        assert response.json()["detail"]
    english = client.get(url, {"election": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "Unknown value" in english.json()["detail"]
    page = client.get("/statistik/", {"province": "32"})
    assert page.status_code == 400


@pytest.mark.django_db
def test_page_shows_the_data_date_and_loads_no_script(published, client):
    response = client.get("/statistik/", {"election": "pilkada-2024"})
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "<script" not in html and "Data per" in html and "&lt;5" in html
    assert "None" not in html and "Jawa Barat" in html
    english = client.get("/statistik/", {"election": "pilkada-2024"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Data as of" in english.content.decode()


def test_schema_documents_the_endpoint():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/statistics/public/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"election", "format"}
    assert public.MINIMUM == 5


@pytest.mark.django_db
def test_a_refused_csv_download_says_why_in_csv(client):
    response = client.get("/api/v1/statistics/public/", {"format": "csv"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["detail", "code"] and rows[1][1] == "election_required"
    assert "pemilihan" in rows[1][0].lower()
