"""Browser: a Bawaslu officer releases a quarantined evidence file from the case page, on a
desktop and on a phone: the badge, the action with its reason and confirmation, the success
message and the download link; axe (WCAG 2.1 AA) passes and nothing errs in the console."""

import os
from pathlib import Path

import pytest

from netra.intake.choices import EvidenceCheck
from netra.intake.tests.fixtures import png_bytes, upload
from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("NETRA_SCREENSHOTS", "var/screenshots"))


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_officer_releases_a_quarantined_file(device, request, live_server, case_world, settings):
    page = request.getfixturevalue(device)
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.failing_scanner"
    w = case_world
    case = w["open"](files=[upload("foto-kejadian.png", png_bytes(color=(40, 90, 160)))])
    row = case.report.evidence.get()
    assert row.check_state == EvidenceCheck.QUARANTINED
    case_path = f"/kasus/{case.public_id}/"
    staff_login(page, live_server.url, w["bawaslu"], next_path=case_path)

    item = page.locator("li", has_text="foto-kejadian.png")
    assert item.get_by_text("Dikarantina").is_visible()
    assert item.get_by_role("link", name="foto-kejadian.png").count() == 0
    item.locator("summary", has_text="Lepaskan dari karantina").click()
    form = item.locator("form")
    assert form.get_by_label("Alasan pelepasan").is_visible()
    check_axe(page)
    # Nothing wider than the screen (the long quarantine badge wraps on a phone).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"evidence-release-form-{device}.png"), full_page=True)

    # The browser keeps the form until the confirmation is ticked (the server refuses too).
    form.get_by_label("Alasan pelepasan").fill("Dipindai manual dengan ClamAV terbaru: bersih.")
    form.get_by_role("button", name="Lepaskan dari karantina").click()
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.QUARANTINED
    form.get_by_label("Saya sudah memeriksa berkas ini").check()
    form.get_by_role("button", name="Lepaskan dari karantina").click()
    page.wait_for_url(f"**{case_path}#report-*")
    assert page.get_by_text("dilepaskan dari karantina dan kini dapat diunduh").is_visible()
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.RELEASED
    assert page.get_by_role("link", name="foto-kejadian.png").is_visible()
    check_axe(page)
    page.screenshot(path=str(SHOTS / f"evidence-release-done-{device}.png"), full_page=True)
    assert page.console_errors == []
