"""A member of the public, on a phone, reads the guide and completes the self-check."""

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog_loaded(regions_sample):
    from netra.elections.services import elections_load_reference
    from netra.rules.services import rules_load_reference

    rules_load_reference()
    elections_load_reference()


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_public_self_check_on_a_phone(live_server, phone_page, catalog_loaded):
    page = phone_page
    page.goto(live_server.url + "/aturan/")
    page.get_by_role("link", name="Cek diri: bolehkah yang saya lakukan?").click()
    page.wait_for_url("**/aturan/cek-diri/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cek diri netralitas ASN"
    assert _page_width(page) <= 390
    check_axe(page)

    page.get_by_label("Pegawai kontrak atau honorer (non-ASN)").check()
    page.get_by_label("Apa yang Anda lakukan atau rencanakan?").select_option("photos-or-gestures")
    page.get_by_label("Kapan?").fill("2024-10-10")
    page.get_by_label("Pemilu atau pilkada yang mana?").select_option("pilkada-2024")
    page.get_by_role("button", name="Cek").click()

    answer = page.locator("#jawaban")
    answer.wait_for()
    assert answer.get_by_role("heading", level=2).inner_text() == "Tidak boleh"
    assert answer.get_by_role("link", name="SKB 2022 butir D7").is_visible()
    assert "Pemutusan hubungan kerja (PHK) sesuai perjanjian kerja" in answer.inner_text()
    assert _page_width(page) <= 390
    check_axe(page)

    # The same act before the candidates were determined: an ethics item, a moral sanction.
    page.get_by_label("Kapan?").fill("2024-09-10")
    page.get_by_role("button", name="Cek").click()
    page.wait_for_url("**act_date=2024-09-10**")
    answer = page.locator("#jawaban")
    assert answer.get_by_role("link", name="SKB 2022 butir E5").is_visible()

    answer.get_by_role("link", name="SKB 2022 butir E5").click()
    page.wait_for_url("**/aturan/SKB2022-E5/")
    assert page.get_by_role("heading", level=1).inner_text() == "SKB 2022 butir E5"
    assert not page.console_errors


def test_guide_and_how_to_report_pages_on_a_phone(live_server, phone_page, catalog_loaded):
    page = phone_page
    page.goto(live_server.url + "/aturan/panduan/")
    assert page.get_by_role("heading", level=1).inner_text() == "Panduan netralitas ASN"
    # Each act is one line until the reader opens it: a few screens, not twenty.
    assert page.evaluate("document.documentElement.scrollHeight") <= 6 * 844
    page.locator("#tidak-boleh summary").first.click()
    assert page.locator("#tidak-boleh").get_by_role("link", name="SKB 2022 butir E4").is_visible()
    assert _page_width(page) <= 390
    check_axe(page)

    page.goto(live_server.url + "/aturan/cara-melapor/")
    assert page.get_by_role("link", name="Laporkan sekarang").is_visible()
    assert _page_width(page) <= 390
    check_axe(page)
    assert not page.console_errors
