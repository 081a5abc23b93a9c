"""Browser journey of the auditor: from the workspace to the audit trail, filtering by case and
by period with the date pickers, at desktop and phone width, in Indonesian and in English, and
the case page's audit tab. Every page passes axe; no action codes, ISO dates or `None` show."""

import datetime as dt
import re
from pathlib import Path

import pytest

from netra.audit.services import chain_check_run
from netra.regions.timezones import WIB
from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
RAW = re.compile(
    r"\b(cases|intake|sanctions|documents|accounts)\.[a-z_]+\b|\b\d{4}-\d\d-\d\d\b|None"
)


def _visible_text_is_clean(page):
    text = page.locator("main").inner_text()
    assert not RAW.search(text), RAW.search(text).group(0)


@pytest.fixture
def trail_world(case_world, make_staff):
    w = case_world
    w["first"] = w["open"]()
    w["second"] = w["open"](reported_name="Budi Santoso")
    # The demo auditor: national, named plainly.
    w["demo_auditor"] = make_staff(role="auditor", region=None, first_name="Auditor")
    chain_check_run()
    return w


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_auditor_filters_the_trail(live_server, browser, trail_world, width, language):
    w = trail_world
    size = {"desktop": (1280, 800), "phone": (390, 844)}[width]
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="id-ID", is_mobile=width == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        staff_login(page, live_server.url, w["demo_auditor"])
        if language == "en":
            page.locator(".language-switch").get_by_role("button", name="English").click()
            page.wait_for_load_state()
        trail_link = "Jejak audit" if language == "id" else "Audit trail"
        nav = page.get_by_role("navigation").first
        if width == "phone" and not nav.get_by_role("link", name=trail_link).is_visible():
            page.goto(f"{live_server.url}/kerja/audit/")
        else:
            nav.get_by_role("link", name=trail_link).click()
        page.wait_for_url("**/kerja/audit/")
        intact = "Rantai utuh" if language == "id" else "Chain intact"
        assert intact in page.locator("#chain-status").inner_text()
        _visible_text_is_clean(page)
        check_axe(page)

        # By case: only that case's events
        case_label = "Nomor kasus" if language == "id" else "Case number"
        page.get_by_label(case_label).fill(w["first"].number)
        page.get_by_role("button", name="Saring" if language == "id" else "Filter").click()
        page.wait_for_url("**kasus=*")
        table = page.locator(".audit-events:visible").inner_text()
        assert w["first"].number in table and w["second"].number not in table
        opened = "Kasus dibuka dari laporan" if language == "id" else "Case opened from a report"
        assert opened in table
        _visible_text_is_clean(page)
        shot = SHOTS / f"audit-trail-case-{width}-{language}.png"
        page.screenshot(path=str(shot), full_page=True)

        # By period: today matches, a past week does not
        today = dt.datetime.now(WIB).date()
        page.goto(f"{live_server.url}/kerja/audit/")
        since = "Dari tanggal" if language == "id" else "From date"
        until = "Sampai tanggal" if language == "id" else "To date"
        page.get_by_label(since).fill((today - dt.timedelta(days=9)).isoformat())
        page.get_by_label(until).fill((today - dt.timedelta(days=2)).isoformat())
        page.get_by_role("button", name="Saring" if language == "id" else "Filter").click()
        page.wait_for_url("**dari=*")
        empty = "Tidak ada peristiwa yang cocok." if language == "id" else "No matching events."
        assert page.get_by_text(empty).is_visible()
        page.get_by_label(since).fill(today.isoformat())
        page.get_by_label(until).fill(today.isoformat())
        page.get_by_role("button", name="Saring" if language == "id" else "Filter").click()
        page.wait_for_load_state()
        assert w["second"].number in page.locator(".audit-events:visible").inner_text()
        _visible_text_is_clean(page)
        check_axe(page)
        page.screenshot(
            path=str(SHOTS / f"audit-trail-period-{width}-{language}.png"), full_page=True
        )

        # A wrong period is a message next to the field, not an error page
        page.get_by_label(since).fill(today.isoformat())
        page.get_by_label(until).fill((today - dt.timedelta(days=1)).isoformat())
        page.get_by_role("button", name="Saring" if language == "id" else "Filter").click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").is_visible()

        # The case page's audit tab
        if width == "desktop":
            page.goto(f"{live_server.url}/kasus/{w['first'].public_id}/")
            page.get_by_role("link", name=trail_link, exact=True).last.click()
            page.wait_for_url(f"**/kasus/{w['first'].public_id}/audit/")
            assert opened in page.locator(".audit-events:visible").inner_text()
            _visible_text_is_clean(page)
            check_axe(page)
            page.screenshot(path=str(SHOTS / f"audit-case-tab-{language}.png"), full_page=True)
    finally:
        context.close()
