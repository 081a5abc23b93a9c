"""An ASN pledges on a phone in Debian Chromium: identify with NIP and birth date, give the
personal pledge code HR printed (issue 13 §3: without it no pledge), read the pledge, confirm,
download the certificate (a PDF), open /verify/<code>/ and see it genuine
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
        second_factor="hr_code",
        help_contact="BKPSDM Kabupaten Bogor, telepon 0251-123456",
    )


@pytest.fixture
def codes(prevention_world, campaign):
    from netra.prevention.services.pledge_codes import hr_codes_issue

    return dict(hr_codes_issue(actor=prevention_world["hr"], campaign=campaign))


def _identify(page, base: str, person) -> None:
    page.goto(f"{base}/ikrar/")
    page.get_by_label("NIP / NI PPPK").fill(person.nip)
    page.get_by_label("Tanggal lahir", exact=True).fill(person.birth_date.isoformat())
    page.get_by_role("button", name="Lanjut").click()


def _give_code(page, code: str) -> None:
    page.wait_for_selector("#code-form")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Periksa kode").click()


def test_asn_pledges_on_a_phone_and_verifies_the_certificate(
    live_server, phone_page, prevention_world, campaign, codes, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = phone_page, live_server.url
    person = prevention_world["people"]["teacher1"]
    agency = prevention_world["agency"]

    page.goto(f"{base}/ikrar/")
    check_axe(page)
    _shot(page, "1-identify")
    _identify(page, base, person)
    page.wait_for_selector("#code-form")
    check_axe(page)
    _shot(page, "2-code")
    _give_code(page, codes[person])

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


def test_pledge_refused_without_the_second_factor(
    live_server, phone_page, prevention_world, campaign, codes, settings, tmp_path
):
    """Someone who knows a colleague's NIP and birth date gets no further than the code step:
    the text cannot be reached, a wrong code (or a colleague's) is refused with a plain
    message naming whom to contact, and nothing is stored."""
    from netra.prevention.models import Pledge

    settings.MEDIA_ROOT = tmp_path / "media"
    page, base = phone_page, live_server.url
    person = prevention_world["people"]["teacher1"]
    colleague = prevention_world["people"]["nurse1"]
    _identify(page, base, person)
    page.wait_for_selector("#code-form")
    assert "BKPSDM Kabupaten Bogor" in page.locator("#help-contact").inner_text()
    # Straight to the text: sent back to the code step.
    page.goto(f"{base}/ikrar/{campaign.public_id}/baca/")
    page.wait_for_selector("#code-form")
    assert page.locator("#confirm-form").count() == 0
    for wrong in ("AAA-AAA-AAA", codes[colleague]):
        _give_code(page, wrong)
        page.wait_for_selector("#id_code_error")
        assert "Kode tidak cocok" in page.locator("#id_code_error").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(page)
    _shot(page, "refused")
    assert not Pledge.objects.exists()
    # With the person's own code the text opens.
    _give_code(page, codes[person])
    page.wait_for_selector("#confirm-form")
