"""An ASN pledges on a phone in Debian Chromium: identify with NIP and birth date, read the
pledge, confirm, download the certificate (a PDF), open /verify/<code>/ and see it genuine
with their name and agency; a second attempt shows the existing pledge.

Screenshots of each step are written to NETRA_SCREENSHOT_DIR when that variable names a folder.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"pledge-{name}.png"), full_page=True)


@pytest.fixture
def campaign(prevention_world):
    from netra.prevention.services.pledges import campaign_create

    w = prevention_world
    return campaign_create(
        actor=w["hr"],
        agency=w["agency"],
        election=w["election"],
        template=w["template"],
        title="Ikrar Netralitas ASN Kabupaten Bogor",
        starts_on=w["today"] - dt.timedelta(days=3),
        ends_on=w["today"] + dt.timedelta(days=30),
    )


def _identify(page, base: str, person) -> None:
    page.goto(f"{base}/ikrar/")
    page.get_by_label("NIP / NI PPPK").fill(person.nip)
    page.get_by_label("Tanggal lahir", exact=True).fill(person.birth_date.isoformat())
    page.get_by_role("button", name="Lanjut").click()


def test_asn_pledges_on_a_phone_and_verifies_the_certificate(
    live_server, phone_page, prevention_world, campaign, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = phone_page, live_server.url
    person = prevention_world["people"]["teacher1"]
    agency = prevention_world["agency"]

    page.goto(f"{base}/ikrar/")
    check_axe(page)
    _shot(page, "1-identify")
    _identify(page, base, person)

    page.wait_for_selector("#confirm-form")
    assert page.locator("#pledge-points li").count() == len(campaign.template.points)
    check_axe(page)
    _shot(page, "2-read")
    page.get_by_label("Saya membaca dan menyetujui ikrar ini").check()
    page.get_by_role("button", name="Nyatakan ikrar").click()

    page.wait_for_selector("#pledge-facts")
    facts = page.locator("#pledge-facts").inner_text()
    assert person.name in facts and agency.name in facts
    code = page.locator("#verify-code").inner_text().strip()
    assert code.startswith("VRF-")
    check_axe(page)
    _shot(page, "3-done")

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    download = info.value
    saved = tmp_path / "sertifikat.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")

    page.locator("#verify-link").click()
    page.wait_for_selector("#verify-result")
    result = page.locator("main").inner_text()
    assert "Asli dan berlaku" in result
    assert person.name in result and agency.name in result
    assert person.nip not in result
    check_axe(page)
    _shot(page, "4-verify")

    # A second attempt (a fresh identification) shows the pledge already made.
    _identify(page, base, person)
    page.wait_for_selector("#already-pledged")
    assert page.locator("#verify-code").inner_text().strip() == code
    _shot(page, "5-again")
    assert not page.console_errors
