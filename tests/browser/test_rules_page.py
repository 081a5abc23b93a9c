"""The public rules page: catalog from the reference data, language switch, accessibility."""

import pytest

from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog_loaded(regions_sample):
    from netra.elections.services import elections_load_reference
    from netra.rules.services import rules_load_reference

    rules_load_reference()
    elections_load_reference()


def test_rules_page_switches_language_and_shows_the_catalog(
    live_server, phone_page, catalog_loaded
):
    page = phone_page
    page.goto(live_server.url + "/aturan/")
    assert page.locator("html").get_attribute("lang") == "id"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Aturan netralitas ASN"
    # Long lists are folded to a line each, so the page is a few screens on a phone.
    assert page.evaluate("document.documentElement.scrollHeight") <= 6 * 844
    # Catalog rows come from the loaded data: opening the ethics forms shows an SKB 2022 form
    # that links to its page.
    page.locator("#bentuk summary").first.click()
    assert page.locator("#bentuk").get_by_role("link", name="SKB 2022 butir E1").is_visible()
    assert page.get_by_role("heading", name="Sanksi", exact=True).is_visible()
    assert _page_width(page) <= 390, "the page must not scroll sideways on a phone"
    check_axe(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading.inner_text() != "Aturan netralitas ASN"
    assert page.get_by_role("heading", name="Sanctions", exact=True).is_visible()
    check_axe(page)

    page.locator("#bentuk summary").first.click()
    page.locator("#bentuk").get_by_role("link", name="SKB 2022 item E1").click()
    page.wait_for_load_state()
    assert "/aturan/SKB2022-E1/" in page.url
    assert _page_width(page) <= 390
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert not page.console_errors


def test_form_page_with_long_citations_fits_a_phone(live_server, phone_page, catalog_loaded):
    phone_page.goto(live_server.url + "/aturan/SKB2022-D8/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "SKB 2022 butir D8"
    assert _page_width(phone_page) <= 390
    check_axe(phone_page)


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
