"""The trail page, its CSV export, the chain status and checks, the case tab and the
workspace navigation (Jejak audit for auditors; Admin only for those the admin site lets in)."""

import re
from pathlib import Path

import pytest
from django.db import connection

from netra.audit import db_guards
from netra.audit.labels import ACTIONS
from netra.audit.models import AuditEvent, ChainCheck
from netra.audit.services import audit_record, chain_check_run

pytestmark = pytest.mark.django_db

TRAIL = "/kerja/audit/"


@pytest.fixture
def world(case_world):
    case_world["case"] = case_world["open"]()
    return case_world


def _get(client, path, language="id", **params):
    client.cookies["netra_language"] = language
    return client.get(path, params)


@pytest.mark.parametrize("language", ["id", "en"])
def test_auditor_reads_the_trail_in_both_languages(world, staff_client, language):
    client = staff_client(world["auditor"])
    response = _get(client, TRAIL, language)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = re.sub(r'value="[^"]*"', "", response.content.decode())  # option values are keys
    assert world["case"].number in html
    opened = "Kasus dibuka dari laporan" if language == "id" else "Case opened from a report"
    assert opened in html
    for raw in ("cases.opened", "intake.report_submitted", "None", "cases.case"):
        assert raw not in html
    assert not re.search(
        r"\b20\d\d-\d\d-\d\d\b", html.split("<form")[0] + html.split("</form>")[-1]
    )


def test_filter_by_case_on_the_page(world, staff_client):
    other = world["open"](reported_name="Budi Santoso")
    client = staff_client(world["auditor"])
    html = _get(client, TRAIL, kasus=world["case"].number).content.decode()
    assert world["case"].number in html and other.number not in html


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "params",
    [
        {"dari": "kemarin"},
        {"sampai": "2024-02-31"},
        {"jenis": "cases.nothing"},
        {"kasus": "KSS'; DROP"},
        {"dari": "2024-12-02", "sampai": "2024-12-01"},
    ],
)
def test_bad_filters_answer_400_with_a_message(world, staff_client, params, language):
    response = _get(staff_client(world["auditor"]), TRAIL, language, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    if language == "en":
        assert "Periksa isian berikut" not in html


def test_out_of_scope_case_number_is_an_empty_list_not_an_error(world, staff_client, make_staff):
    jambi_auditor = make_staff(role="auditor", region="15")
    response = _get(staff_client(jambi_auditor), TRAIL, kasus=world["case"].number)
    assert response.status_code == 200
    assert "Tidak ada peristiwa yang cocok." in response.content.decode()


def test_other_roles_get_404(world, staff_client):
    for key in ("bawaslu", "ppk"):
        client = staff_client(world[key])
        assert client.get(TRAIL).status_code == 404
        assert client.get(TRAIL + "ekspor/").status_code == 404
        assert client.post(TRAIL + "periksa-rantai/").status_code == 404
        assert client.get(f"/kasus/{world['case'].public_id}/audit/").status_code == 404


def test_export_is_streamed_csv_of_the_filtered_trail_and_audited(world, staff_client):
    client = staff_client(world["auditor"])
    response = client.get(TRAIL + "ekspor/", {"kasus": world["case"].number})
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Kasus dibuka dari laporan" in body and world["case"].number in body
    assert "cases.opened" not in body
    assert AuditEvent.objects.filter(action="audit.exported", actor=world["auditor"]).exists()
    assert client.get(TRAIL + "ekspor/", {"dari": "x"}).status_code == 400


def test_case_tab_shows_the_case_events(world, staff_client):
    client = staff_client(world["auditor"])
    detail = client.get(f"/kasus/{world['case'].public_id}/").content.decode()
    assert f"/kasus/{world['case'].public_id}/audit/" in detail
    response = client.get(f"/kasus/{world['case'].public_id}/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kasus dibuka dari laporan" in html and "Laporan dikirim" in html
    bawaslu_detail = staff_client(world["bawaslu"]).get(f"/kasus/{world['case'].public_id}/")
    assert f"/kasus/{world['case'].public_id}/audit/" not in bawaslu_detail.content.decode()


def test_case_tab_of_an_out_of_scope_case_is_404(world, staff_client, make_staff):
    jambi_auditor = make_staff(role="auditor", region="15")
    response = staff_client(jambi_auditor).get(f"/kasus/{world['case'].public_id}/audit/")
    assert response.status_code == 404


# --- chain status ------------------------------------------------------------------------------


def _tamper(seq: int) -> None:
    """Edit an event behind the guards' back, as the database's owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            db_guards.drop(connection)
        cursor.execute(
            "UPDATE audit_auditevent SET payload = %s WHERE seq = %s", ['{"n": 99}', seq]
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            db_guards.install(connection)


def test_page_says_never_checked_then_intact(world, staff_client):
    client = staff_client(world["auditor"])
    assert "Rantai belum pernah diperiksa." in client.get(TRAIL).content.decode()
    check = chain_check_run()
    assert check.intact and check.count == AuditEvent.objects.count()
    html = client.get(TRAIL).content.decode()
    assert "Rantai utuh" in html


def test_tampered_row_shows_as_broken(world, staff_client):
    audit_record(actor=None, action="cases.exported", target=("cases.case", "export"))
    _tamper(2)
    check = chain_check_run()
    assert check.intact is False and check.broken_seq == 2
    html = staff_client(world["auditor"]).get(TRAIL).content.decode()
    assert "Rantai RUSAK mulai peristiwa nomor 2" in html


def test_requesting_a_check_runs_it_as_a_task(
    world, staff_client, django_capture_on_commit_callbacks
):
    client = staff_client(world["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(TRAIL + "periksa-rantai/")
    assert response.status_code == 302
    check = ChainCheck.objects.get()
    assert check.requested_by == world["auditor"] and check.intact is True
    assert AuditEvent.objects.filter(action="audit.verification_requested").exists()


def test_repeated_requests_queue_one_check(world, staff_client):
    client = staff_client(world["auditor"])
    client.post(TRAIL + "periksa-rantai/")  # callbacks not run: the check stays pending
    client.post(TRAIL + "periksa-rantai/")
    assert ChainCheck.objects.count() == 1
    html = client.get(TRAIL).content.decode()
    assert "sedang menunggu atau berjalan" in html


def test_scheduled_task_stores_its_outcome(world):
    from netra.audit.tasks import audit_verify_chain_task

    result = audit_verify_chain_task.delay().get()
    assert result["intact"] is True
    assert ChainCheck.objects.filter(requested_by=None, intact=True).exists()


# --- navigation --------------------------------------------------------------------------------


def test_navigation_links(world, staff_client, make_staff):
    auditor_page = staff_client(world["auditor"]).get("/kerja/").content.decode()
    assert TRAIL in auditor_page
    assert "/admin/" not in auditor_page
    officer_page = staff_client(world["bawaslu"]).get("/kerja/").content.decode()
    assert TRAIL not in officer_page


def test_admin_link_only_for_those_the_admin_lets_in(world, staff_client, make_staff):
    staff_without_rights = make_staff(role="auditor", region="32", is_staff=True)
    page = staff_client(staff_without_rights).get("/kerja/").content.decode()
    assert "/admin/" not in page
    admin = make_staff(role="admin", region=None, is_superuser=True, is_staff=True)
    page = staff_client(admin).get("/kerja/").content.decode()
    assert 'href="/admin/"' in page
    assert staff_client(admin).get("/admin/").status_code == 200
    assert TRAIL in page


# --- every recorded action has a label ---------------------------------------------------------

SRC = Path(__file__).resolve().parents[2]
_ACTION = re.compile(r"""action\s*=\s*(?:\n\s*)?"([a-z_]+\.[a-z_]+)\"""")
_CHOICE = re.compile(r"""=\s*"([a-z]+\.[a-z_]+)",\s*_\(""")
_AUDITED_READ = re.compile(r"""(?:opened|failed)="([a-z_]+\.[a-z_]+)\"""")
_TERNARY = re.compile(r"""\"([a-z]+\.[a-z_]+)\"\s*(?:if|else)\b|\belse\s+\"([a-z]+\.[a-z_]+)\"""")


def test_every_action_the_code_records_has_a_label():
    found = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (_ACTION, _AUDITED_READ, _TERNARY):
            for match in pattern.findall(text):
                found |= {m for m in (match if isinstance(match, tuple) else (match,)) if m}
        if path.name == "choices.py":
            found |= {a for a in _CHOICE.findall(text) if a.split(".")[0] in {"intake", "accounts"}}
    found = {a for a in found if a.split(".")[0] in {g.split(".")[0] for g in ACTIONS}}
    assert len(found) > 60
    assert found <= set(ACTIONS), sorted(found - set(ACTIONS))
