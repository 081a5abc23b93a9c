"""Phone journey of a reporter: fill the form with one photo, read the receipt, check the
status page with the tracking number and key; axe on the form and the status page."""

import io
import re

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference(regions_sample, rules_loaded, elections_loaded):
    return True


def _photo(tmp_path):
    path = tmp_path / "foto-kampanye.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_report_with_photo_then_status_on_a_phone(
    phone_page, live_server, reference, tmp_path, settings
):
    from tests.browser.conftest import check_axe

    settings.MEDIA_ROOT = tmp_path / "media"
    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    assert page.context.cookies() == []  # nothing before the reporter acts
    check_axe(page)

    page.get_by_label("Anonim (tanpa identitas)").check()
    page.get_by_label("Apa yang terjadi?").select_option("social-media-engagement")
    page.get_by_label("Uraian kejadian").fill(
        "Seorang guru membagikan unggahan kampanye calon bupati di grup WhatsApp sekolah."
    )
    page.get_by_label("Tempat kejadian").fill("Grup WhatsApp SDN 1 Cibinong")
    page.get_by_label("Provinsi").select_option("32")
    # With JavaScript the regency list fills from the regions API.
    page.wait_for_function("() => document.querySelectorAll('#id_regency option').length > 1")
    page.get_by_label("Kabupaten/kota").select_option("32.01")
    page.wait_for_function("() => document.querySelectorAll('#id_district option').length > 1")
    page.get_by_label("Kecamatan").select_option(index=1)
    page.get_by_label("Nama", exact=True).fill("Bu Guru R")
    page.get_by_label("Jabatan").fill("Guru")
    page.locator("#id_evidence").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Kirim laporan").click()

    page.wait_for_selector("#tracking-number")
    number = page.locator("#tracking-number").inner_text().strip()
    key = page.locator("#access-key").inner_text().strip()
    assert re.fullmatch(r"NTR-\d\d-[0-9A-Z]{4}-[0-9A-Z*~$=]{4}", number)
    assert len(key.replace("-", "")) == 32

    page.goto(f"{live_server.url}/lapor/status/")
    check_axe(page)
    page.get_by_label("Nomor laporan").fill(number.lower().replace("-", ""))
    page.get_by_label("Kunci rahasia").fill(key)
    page.get_by_role("button", name="Lihat status").click()
    page.wait_for_selector("#timeline")
    assert "Laporan diterima" in page.locator("#timeline").inner_text()
    assert page.locator("#public-status").inner_text() == "Diterima"
    assert "foto-kampanye.jpg" in page.content()
    check_axe(page)
    assert page.console_errors == []
