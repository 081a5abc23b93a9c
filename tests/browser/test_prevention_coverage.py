"""Coverage dashboard in Debian Chromium: an agency HR officer opens the coverage page, sees the
numbers of the known fixture, picks the agency, sees the chart and the units without activity,
and downloads the CSV. The public aggregate page shows no names.

A screenshot of the dashboard is written to NETRA_SCREENSHOT_DIR when that variable names a
folder (for people reviewing the interface; never committed).
"""

import csv
import io
import os
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(prevention_world):
    from netra.prevention.tests.coverage_world import coverage_world

    w = prevention_world
    w.update(coverage_world(w))
    return w


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_hr_officer_reads_coverage_and_downloads_csv(live_server, page, world):
    base = live_server.url
    staff_login(page, base, world["hr"], next_path="/pencegahan/cakupan/")

    table = page.locator("#coverage-agencies")
    table.wait_for()
    row = table.locator("tbody tr", has_text="Pemerintah Kabupaten Bogor")
    assert row.locator("td").nth(0).inner_text().strip() == "9"
    assert row.locator("td").nth(1).inner_text().strip() == "44,4% (4)"
    assert row.locator("td").nth(2).inner_text().strip() == "22,2% (2)"
    assert "Sarolangun" not in table.inner_text()
    check_axe(page)

    row.get_by_role("link", name="Pemerintah Kabupaten Bogor").click()
    page.wait_for_url(f"**/pencegahan/cakupan/{world['agency'].public_id}/**")
    chart = page.get_by_role("img", name="Cakupan kumulatif dari waktu ke waktu")
    chart.wait_for()
    assert chart.locator("polyline").count() == 2
    assert page.locator("#idle-units li").all_inner_texts() == ["Sekretariat Daerah"]
    units = page.locator("#coverage-units tbody tr", has_text="Dinas Pendidikan")
    assert units.locator("td").nth(1).inner_text().strip() == "75,0% (3)"
    page.get_by_text("Tabel data grafik").click()
    assert page.locator("#coverage-chart-table tbody tr").count() >= 3
    check_axe(page)
    _shot(page, "coverage-dashboard.png")
    assert page.console_errors == []  # no CSP violation from the chart

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Unit kerja", "Jumlah pegawai aktif", "Hadir sosialisasi"]
    assert ["Dinas Pendidikan", "4", "3", "75.0", "1", "25.0"] in rows


def test_public_coverage_page_without_names(live_server, phone_page, world):
    page = phone_page
    page.goto(live_server.url + "/cakupan/")
    table = page.locator("#public-coverage")
    table.wait_for()
    text = table.inner_text()
    assert "Pemerintah Kabupaten Bogor" in text and "44,4%" in text
    assert "kurang dari 5 pegawai" in text  # Sarolangun has 2 active people
    for person in world["people"].values():
        assert person.name not in page.content()
    # On a phone each agency is a small card: the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Styled controls, big enough for a thumb: not the browser's bare grey button
    button = page.get_by_role("button", name="Tampilkan")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(10, 79, 143)"
    assert button.bounding_box()["height"] >= 44
    assert page.locator("select").bounding_box()["height"] >= 44
    _shot(page, "cakupan-390-id.png")
    check_axe(page)
    assert page.console_errors == []
