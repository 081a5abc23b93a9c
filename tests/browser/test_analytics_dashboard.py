"""The staff dashboard in Debian Chromium, on a phone (390 px) and a desktop (1280 px), in
Indonesian and English: an election's worth of generated cases (`netra demo cases`, small),
the rollups rebuilt, a national analyst reads the charts, narrows to a province, follows the
overdue figure of a PPK to its case list and downloads a table.

Screenshots go to NETRA_SCREENSHOT_DIR (default var/screenshots; never committed).
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("NETRA_SCREENSHOT_DIR") or "var/screenshots")
# Internal codes, ISO dates, None: never on the page a person reads.
RAW = re.compile(
    r"\b\d{4}-\d\d-\d\d\b|\bNone\b|\b(not_proven|not_followed|person_left|ppk_follow_up)\b"
)


@pytest.fixture
def dashboard_world(regions_sample, rules_and_elections_loaded, make_staff):
    from netra.analytics.services import reconcile
    from netra.demo.election_cases import generate_cases

    generate_cases(cases=400, seed=11)
    reconcile()
    return {"analyst": make_staff(role="satgas_analyst", first_name="Analis")}


def _clean(page) -> None:
    text = page.locator("main").inner_text()
    match = RAW.search(text)
    assert not match, match.group(0)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_analyst_reads_the_dashboard(live_server, browser, dashboard_world, width, language):
    size = {"desktop": (1280, 800), "phone": (390, 844)}[width]
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="id-ID", is_mobile=width == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    en = language == "en"
    try:
        staff_login(page, live_server.url, dashboard_world["analyst"], next_path="/analitik/")
        if en:
            page.locator(".language-switch").get_by_role("button", name="English").click()
            page.wait_for_load_state()
        heading = "Analytics dashboard" if en else "Dasbor analitik"
        assert page.get_by_role("heading", level=1).inner_text() == heading
        # The workspace bar marks the page
        nav = page.get_by_role("navigation").first
        assert nav.get_by_role("link", name="Analytics" if en else "Analitik").count() == 1
        # Charts are images with names, and their numbers are in tables
        title = "Reports and findings per month" if en else "Laporan dan temuan per bulan"
        chart = page.get_by_role("img", name=title)
        assert chart.is_visible()
        assert chart.locator("polyline").count() == 2
        assert page.locator("svg.chart").count() >= 8
        # Nothing wider than the screen (the charts scale down)
        width_px = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_px <= size[0], width_px
        _clean(page)
        check_axe(page)
        assert not errors, errors
        page.screenshot(path=str(SHOTS / f"analytics-{width}-{language}.png"), full_page=True)

        # Narrow to a province (the filters fold away until opened): the ranking becomes its
        # regencies
        page.locator(".dashboard-filters > summary").click()
        page.get_by_label("Province" if en else "Provinsi", exact=True).select_option("32")
        page.get_by_role("button", name="Apply" if en else "Terapkan").click()
        page.wait_for_url("**province=32*")
        ranked = "Regencies and cities ranked" if en else "Peringkat kabupaten/kota"
        assert page.get_by_role("heading", name=ranked).is_visible()
        _clean(page)

        # The overdue figure of a PPK leads to its cases
        page.goto(f"{live_server.url}/analitik/")
        link = page.locator("section[aria-labelledby=ppk-title] table a").first
        if link.count():
            link.click()
            page.wait_for_url("**/analitik/terlambat/?*agency=*")
            assert page.locator("table tbody tr a").count() >= 1
            _clean(page)
            check_axe(page)
            page.screenshot(
                path=str(SHOTS / f"analytics-overdue-{width}-{language}.png"), full_page=True
            )
    finally:
        context.close()


def test_a_table_downloads_as_csv(live_server, page, dashboard_world):
    staff_login(page, live_server.url, dashboard_world["analyst"], next_path="/analitik/")
    section = page.locator("section[aria-labelledby=regions-title]")
    with page.expect_download() as download:
        section.get_by_role("link", name="Unduh CSV").click()
    path = download.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Kode,Provinsi,Kasus")
    assert len(text.splitlines()) > 2
