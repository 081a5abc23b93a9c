"""Browser journey on the case pages: an officer starts the check from the workspace queue,
registers the report with the checklist, confirms the reported person and sees the case move;
every page passes axe (WCAG 2.1 AA, serious and critical) and runs without console errors."""

import pytest

from netra.cases.choices import CaseState
from netra.cases.models import Case
from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_checks_registers_and_resolves_a_report(live_server, page, case_world, make_report):
    w = case_world
    report, _key = make_report(reported_name="Ahmad Fauzi", election=w["election"])
    staff_login(page, live_server.url, w["bawaslu"])
    assert page.get_by_role("heading", name="Laporan baru").is_visible()
    check_axe(page)

    # Start the check from the queue
    page.get_by_role("button", name=f"Mulai pemeriksaan {report.tracking_number}").click()
    page.wait_for_url("**/kasus/*/")
    case = Case.objects.get(report=report)
    assert case.state == CaseState.FORMAL_CHECK
    assert page.get_by_role("heading", name="Registrasi laporan").is_visible()
    check_axe(page)

    # Registering with an unticked requirement is refused with the workflow's message
    form = page.locator("form[action$='/langkah/registered/']")
    form.get_by_label("Saksi").uncheck()
    form.get_by_label("Waktu dan tempat kejadian").check()
    form.get_by_role("button", name="Registrasi laporan").click()
    assert page.get_by_text("Syarat formal dan materiel belum lengkap.").first.is_visible()
    case.refresh_from_db()
    assert case.state == CaseState.FORMAL_CHECK
    check_axe(page)

    # Ticking everything registers it
    form = page.locator("form[action$='/langkah/registered/']")
    for box in form.get_by_role("checkbox").all():
        box.check()
    form.get_by_role("button", name="Registrasi laporan").click()
    page.wait_for_url(f"**/kasus/{case.public_id}/")
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED
    assert page.get_by_text("Status kasus sekarang: Diregistrasi.").is_visible()

    # Confirm the reported person from the ranked candidates
    page.get_by_role("link", name="Tetapkan identitas terlapor").click()
    check_axe(page)
    page.get_by_role("button", name=f"Tetapkan {w['person'].name}").first.click()
    page.wait_for_url(f"**/kasus/{case.public_id}/")
    case.refresh_from_db()
    assert case.person == w["person"]
    # The refused registration answered 400 on purpose; nothing else (no CSP violation)
    assert [e for e in page.console_errors if "status of 400" not in e] == []
