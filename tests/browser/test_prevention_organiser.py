"""The organiser's journey in Debian Chromium: agency HR logs in, reads the agency's coverage,
creates an *apel*, uploads an attendance list with one bad row (sees the per-row report; nothing
is imported), uploads the fixed list, sees the attendance count and the coverage go up; then
opens QR self check-in and an ASN checks in on a phone with NIP and birth date.

Screenshots are written to NETRA_SCREENSHOT_DIR when that variable names a folder.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"organiser-{name}.png"), full_page=True)


def _create_apel(page, base: str, w) -> str:
    page.goto(f"{base}/pencegahan/kegiatan/")
    page.get_by_role("link", name="Kegiatan baru").click()
    page.wait_for_url("**/pencegahan/kegiatan/baru/")
    page.get_by_label("Instansi penyelenggara").select_option(label=w["agency"].name)
    page.get_by_label("Jenis kegiatan").select_option("apel")
    page.locator("#id_title").fill("Apel Netralitas ASN Kabupaten Bogor")
    page.get_by_label("Pemilihan").select_option(str(w["election"].pk))
    page.locator("#id_held_on").fill(w["today"].isoformat())
    page.get_by_label("Unit penyelenggara").select_option(label=w["units"]["secretariat"].name)
    page.get_by_label("Bawaslu").check()
    page.get_by_label("PNS", exact=True).check()
    page.get_by_label("Tempat").fill("Halaman Kantor Bupati")
    check_axe(page)
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.wait_for_url(re.compile(r"/pencegahan/kegiatan/[0-9a-f-]{36}/$"))
    return page.url


def _unit_attended(page, base: str, w, unit: str) -> str:
    """The 'attended' cell of `unit` on the agency's coverage page."""
    page.goto(f"{base}/pencegahan/cakupan/{w['agency'].public_id}/?election={w['election'].slug}")
    row = page.locator("#coverage-units tbody tr", has_text=unit)
    return row.locator("td").nth(1).inner_text().strip()


def _upload(page, path: Path) -> None:
    page.get_by_label("Daftar hadir (CSV atau XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Impor", exact=True).click()
    page.wait_for_selector("#import-report-table")


def test_hr_creates_an_apel_and_imports_attendance(
    live_server, page, prevention_world, tmp_path, settings
):
    from netra.prevention.models import Activity

    settings.MEDIA_ROOT = tmp_path / "media"
    w, base = prevention_world, live_server.url
    p = w["people"]
    staff_login(page, base, w["hr"], next_path="/pencegahan/kegiatan/")
    # Before: nobody in the secretariat (3 people, one retired: 2 active) attended anything
    assert _unit_attended(page, base, w, "Sekretariat Daerah") == "0,0% (0)"
    assert "Sekretariat Daerah" in page.locator("#idle-units").inner_text()
    detail_url = _create_apel(page, base, w)
    assert page.get_by_role("heading", name="Apel Netralitas ASN Kabupaten Bogor").is_visible()
    assert page.locator("#attendance-count").inner_text() == "0 orang hadir."

    bad = tmp_path / "daftar-hadir.csv"
    bad.write_text(
        "NIP;Nama;Unit Kerja\n"
        f"{p['clerk1'].nip};Agus Salim;Sekretariat Daerah\n"
        "19800101 200501 1 999;Pegawai Tak Dikenal;\n"
        f"{p['teacher1'].nip};Siti Rahmawati;Dinas Pendidikan\n",
        encoding="utf-8-sig",
    )
    _upload(page, bad)
    assert page.get_by_text("Daftar hadir ditolak").is_visible()
    error_row = page.locator("#import-report-table tbody tr.table-danger")
    assert error_row.count() == 1
    assert (
        "tidak terdaftar" in error_row.inner_text()
        and "3" in error_row.locator("td").first.inner_text()
    )
    assert page.locator("#attendance-count").inner_text() == "0 orang hadir."
    check_axe(page)
    _shot(page, "import-rejected")

    fixed = tmp_path / "daftar-hadir-perbaikan.csv"
    fixed.write_text(
        "NIP;Nama;Unit Kerja\n"
        f"{p['clerk1'].nip};Agus Salim;Sekretariat Daerah\n"
        f"{p['teacher1'].nip};Siti Rahmawati;Dinas Pendidikan\n",
        encoding="utf-8",
    )
    _upload(page, fixed)
    assert page.get_by_text("Diterapkan: 2 orang ditambahkan.").is_visible()
    assert page.locator("#attendance-count").inner_text() == "2 orang hadir."
    assert page.get_by_role("cell", name=p["teacher1"].name, exact=True).is_visible()
    _shot(page, "import-applied")
    activity = Activity.objects.get()
    assert detail_url.endswith(f"/{activity.public_id}/") and activity.attendances.count() == 2
    # After: the coverage page counts the new attendance (1 of 2 active in the secretariat)
    assert _unit_attended(page, base, w, "Sekretariat Daerah") == "50,0% (1)"
    assert _unit_attended(page, base, w, "Dinas Pendidikan") == "25,0% (1)"
    assert "Sekretariat Daerah" not in page.locator("#idle-units").inner_text()
    _shot(page, "coverage-after-import")


def test_an_asn_checks_in_on_a_phone(live_server, page, phone_page, prevention_world):
    from netra.prevention.choices import ActivityKind
    from netra.prevention.services.activities import activity_create

    w, base = prevention_world, live_server.url
    person = w["people"]["nurse2"]
    activity = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi Netralitas Tenaga Kesehatan",
        election=w["election"],
        held_on=w["today"],
    )
    staff_login(page, base, w["hr"], next_path=f"/pencegahan/kegiatan/{activity.public_id}/")
    page.get_by_role("button", name="Buka presensi").click()
    page.get_by_role("link", name="Tampilkan kode QR presensi").click()
    page.wait_for_selector("img[alt='Kode QR presensi mandiri']")
    # The organiser's screen reloads itself when the code changes (no script needed)
    assert page.locator("meta[http-equiv='refresh']").count() == 1
    check_in_url = page.locator("#check-in-link").inner_text().strip()
    assert f"/hadir/{activity.check_in_token}/?kode=" in check_in_url

    phone = phone_page
    phone.goto(base + check_in_url[check_in_url.index("/hadir/") :])
    assert phone.get_by_text("Sosialisasi Netralitas Tenaga Kesehatan").is_visible()
    check_axe(phone)
    phone.get_by_label("NIP / NI PPPK, atau NIK bagi non-ASN").fill(person.nip)
    phone.get_by_label("Tanggal lahir").fill("1990-01-01")
    phone.get_by_role("button", name="Catat kehadiran").click()
    phone.wait_for_selector(".error-summary")
    assert "tidak cocok dengan data kepegawaian" in phone.locator(".error-summary").inner_text()
    phone.get_by_label("NIP / NI PPPK, atau NIK bagi non-ASN").fill(person.nip)
    phone.get_by_label("Tanggal lahir").fill(person.birth_date.isoformat())
    phone.get_by_role("button", name="Catat kehadiran").click()
    phone.wait_for_selector("#check-in-result")
    assert person.name in phone.locator("#check-in-result").inner_text()
    check_axe(phone)
    _shot(phone, "check-in-phone")
    # The refused attempt answered 400 (logged by the browser); nothing else went wrong.
    assert not [e for e in phone.console_errors if "status of 400" not in e]

    page.get_by_role("link", name="Kembali ke kegiatan").click()
    assert page.locator("#attendance-count").inner_text() == "1 orang hadir."


def test_check_in_is_refused_outside_the_day_and_with_an_old_qr(
    live_server, phone_page, prevention_world
):
    """On a 390 px phone: a photo of yesterday's QR, or of today's from an hour ago, checks no
    one in; each refusal says what to do, in Indonesian and in English."""
    import datetime as dt

    from django.utils import timezone

    from netra.prevention.check_in_codes import code_for
    from netra.prevention.choices import ActivityKind
    from netra.prevention.models import Attendance
    from netra.prevention.services.activities import activity_create, check_in_open

    w, base, phone = prevention_world, live_server.url, phone_page

    def opened(held_on):
        activity = activity_create(
            actor=w["hr"],
            agency=w["agency"],
            kind=ActivityKind.SOCIALIZATION,
            title="Sosialisasi Netralitas",
            election=w["election"],
            held_on=held_on,
        )
        return check_in_open(actor=w["hr"], activity=activity)

    now = timezone.now()
    past = opened(w["today"] - dt.timedelta(days=3))
    phone.goto(f"{base}/hadir/{past.check_in_token}/?kode={code_for(past.check_in_token, now)}")
    refused = phone.locator("#check-in-refused").inner_text()
    assert "sudah berakhir" in refused and "hubungi panitia" in refused
    assert phone.get_by_label("Tanggal lahir").count() == 0
    check_axe(phone)
    _shot(phone, "check-in-too-late-390-id")

    today = opened(w["today"])
    old_code = code_for(today.check_in_token, now - dt.timedelta(hours=1))
    phone.goto(f"{base}/hadir/{today.check_in_token}/?kode={old_code}")
    refused = phone.locator("#check-in-refused").inner_text()
    assert "sudah kedaluwarsa" in refused and "Pindai ulang kode QR" in refused
    assert phone.get_by_label("Tanggal lahir").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(phone)
    _shot(phone, "check-in-expired-390-id")
    phone.locator(".language-switch").get_by_role("button", name="English").click()
    refused = phone.locator("#check-in-refused").inner_text()
    assert "has expired" in refused and "Scan the QR code" in refused
    _shot(phone, "check-in-expired-390-en")
    assert not Attendance.objects.exists()
    # The refusals were 409 and 410 (logged by the browser); nothing else went wrong.
    assert not [e for e in phone.console_errors if not re.search(r"status of 4(09|10)\b", e)]
