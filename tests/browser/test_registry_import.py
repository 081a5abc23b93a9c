"""Agency HR imports the agency's registry on the web, in Debian Chromium: opens the import page
from the workspace bar, uploads a small XLSX (one new person, one update, one row of another
agency, one person of another agency, one bad NIP), watches the job finish (progress bar at
100%, the counts) and downloads the per-row report. On a phone (390 px) and a desktop, in
Indonesian and in English.

Screenshots are written to NETRA_SCREENSHOT_DIR when that variable names a folder.
"""

import csv
import io
import os
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "id": {
        "nav": "Impor data pegawai",
        "file": "Berkas data pegawai (CSV atau XLSX)",
        "submit": "Unggah dan impor",
        "done": "5 dari 5 baris diproses (100%).",
        "status": "Selesai",
        "download": "Unduh laporan per baris (CSV)",
        "other_agency": "impor ini hanya untuk pegawai Pemerintah Kabupaten Bogor",
    },
    "en": {
        "nav": "Import staff data",
        "file": "Staff data file (CSV or XLSX)",
        "submit": "Upload and import",
        "done": "5 of 5 rows processed (100%).",
        "status": "Finished",
        "download": "Download the per-row report (CSV)",
        "other_agency": "this import is only for staff of Pemerintah Kabupaten Bogor",
    },
}


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"registry-import-{name}.png"), full_page=True)


def _xlsx(world, path: Path) -> Path:
    from openpyxl import Workbook

    from netra.registry.tests.import_world import HEADER, bogor_rows

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for line in bogor_rows(world):
        sheet.append(line.split(","))
    book.save(path)
    return path


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_agency_hr_imports_an_xlsx_and_downloads_the_report(
    live_server, browser, request, import_world, make_staff, tmp_path, device, language
):
    from netra.registry.models import ImportJob, Person
    from netra.registry.tests.import_world import BAD_NIP, NEW_NIP

    w = import_world
    hr = make_staff(
        role="agency_hr",
        region=None,
        agency=w["bogor"],
        username="bkpsdm.bogor",
        first_name="BKPSDM Kab. Bogor",
    )
    page = request.getfixturevalue("phone_page" if device == "phone" else "page")
    base, text = live_server.url, TEXT[language]
    staff_login(page, base, hr)
    if language == "en":
        page.context.add_cookies([{"name": "netra_language", "value": "en", "url": base}])
        page.reload()
    # The import is one click away in the workspace bar
    page.get_by_role("link", name=text["nav"]).click()
    page.wait_for_url("**/registri/impor/")
    assert "Pemerintah Kabupaten Bogor" in page.locator("#import-agency").inner_text()
    check_axe(page)
    _shot(page, f"{device}-{language}-1-form")

    page.get_by_label(text["file"]).set_input_files(str(_xlsx(w, tmp_path / "pegawai.xlsx")))
    page.get_by_role("button", name=text["submit"]).click()
    page.wait_for_url("**/registri/impor/*-*-*-*-*/")
    # The job runs in the background; the page follows it until the summary appears
    page.locator("#import-summary").wait_for(timeout=30_000)
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert page.locator("#import-rows").inner_text() == text["done"]
    assert page.locator("#import-status").inner_text().endswith(text["status"])
    counts = {
        name: page.locator(f"#count-{name}").inner_text()
        for name in ("created", "updated", "rejected")
    }
    assert counts == {"created": "1", "updated": "1", "rejected": "3"}
    check_axe(page)
    _shot(page, f"{device}-{language}-2-done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=text["download"]).click()
    download = download_info.value
    assert download.suggested_filename == "pegawai.errors.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    errors = {(r["row"], r["column"]) for r in rows if r["level"] == "error"}
    assert errors == {("4", "agency_code"), ("5", "nip"), ("6", "nip")}
    assert any(r["nip"] == BAD_NIP for r in rows)
    assert text["other_agency"] in next(r["message"] for r in rows if r["row"] == "4")

    job = ImportJob.objects.get()
    assert (job.created_by, job.agency, job.status) == (hr, w["bogor"], "done")
    assert Person.objects.get(nip=NEW_NIP).agency == w["bogor"]
    assert not page.console_errors
