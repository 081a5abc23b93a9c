"""The core journey in Debian Chromium, end to end through the pages a person clicks:

a member of the public reports on a phone with a photo → the Bawaslu officer starts the check,
registers the report, confirms the person from the registry, classifies the act and
recommends → the task force forwards the recommendation to the PPK → the PPK records the
sanction with its decree → the reporter sees the outcome on the status page (phone) → the
audit chain still verifies.

Screenshots of the phone report form and the case page are written to NETRA_SCREENSHOT_DIR
when that variable names a folder (for people reviewing the interface; never committed).
"""

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import _watched_page, check_axe, staff_login, staff_logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The smallest valid PDF (a blank page): the decree upload checks the type from the content.
DECREE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def world(
    regions_sample,
    rules_loaded,
    elections_with_regions,
    deadline_rules,
    make_staff,
    letter_institutions,
):
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory

    bogor = Region.objects.get(code="32.01")
    agency = AgencyFactory(code="3201", name="Pemerintah Kabupaten Bogor", ppk_title="Bupati Bogor")
    agency.region = bogor
    agency.save()
    person = PersonFactory(
        agency=agency,
        name="Rina Marlina, S.Pd.",
        name_plain="Rina Marlina",
        employee_type="PNS",
        position="Guru Ahli Pertama",
    )
    # Someone with a similar name elsewhere: the officer has to pick the right one.
    PersonFactory(name="Rina Marliana", name_plain="Rina Marliana", employee_type="PNS")
    return {
        "person": person,
        "bawaslu": make_staff(role="bawaslu_officer", region="32.01", username="bawaslu.bogor"),
        "task_force": make_staff(role="satgas_analyst", region=None, username="satgas.bkn"),
        "ppk": make_staff(role="ppk_officer", region=None, agency=agency, username="ppk.bogor"),
    }


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "spanduk-calon.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 90, 160)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _shot(page, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _state(page) -> str:
    return page.locator("h1 .case-state").inner_text().strip()


def _act(page, target: str, button: str) -> None:
    """Press the action form of `target` on the case page."""
    page.locator(f"#action-{target}").locator("xpath=ancestor::section[1]").get_by_role(
        "button", name=button
    ).click()
    page.wait_for_load_state()


def _report_on_a_phone(page, base_url: str, tmp_path: Path) -> tuple[str, str]:
    page.goto(f"{base_url}/lapor/")
    page.get_by_label("Anonim (tanpa identitas)").check()
    page.get_by_label("Apa yang terjadi?").select_option("banners-and-props")
    page.get_by_label("Uraian kejadian").fill(
        "Seorang guru memasang spanduk calon bupati di pagar sekolah dan berfoto dengan "
        "pose jari nomor urut calon."
    )
    page.get_by_label("Tempat kejadian").fill("Pagar SDN 1 Cibinong")
    page.get_by_label("Pemilu/pilkada").select_option("pilkada-2024")
    page.get_by_label("Provinsi").select_option("32")
    page.wait_for_function("() => document.querySelectorAll('#id_regency option').length > 1")
    page.get_by_label("Kabupaten/kota").select_option("32.01")
    page.wait_for_function("() => document.querySelectorAll('#id_district option').length > 1")
    page.get_by_label("Kecamatan").select_option(index=1)
    page.get_by_label("Nama", exact=True).fill("Bu Rina")
    page.get_by_label("Jabatan").fill("Guru")
    page.locator("#id_evidence").set_input_files(str(_photo(tmp_path)))
    _shot(page, "report-form-phone")
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_selector("#tracking-number")
    number = page.locator("#tracking-number").inner_text().strip()
    key = page.locator("#access-key").inner_text().strip()
    return number, key


def test_report_to_sanction_and_the_reporter_sees_the_outcome(
    browser, live_server, world, tmp_path, settings
):
    from netra.audit.selectors import audit_chain_verify
    from netra.cases.models import Case
    from netra.sanctions.models import Decision
    from tests.browser.conftest import PHONE_USER_AGENT

    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        user_agent=PHONE_USER_AGENT,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
    )
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    try:
        reporter = _watched_page(phone)
        number, key = _report_on_a_phone(reporter, base, tmp_path)

        # --- Bawaslu: the report waits in the queue; start the check and register it
        page = _watched_page(desk)
        staff_login(page, base, world["bawaslu"])
        assert page.get_by_role("heading", name=re.compile("Laporan baru")).is_visible()
        page.get_by_role("button", name=f"Mulai pemeriksaan {number}").click()
        page.wait_for_url(re.compile(r"/kasus/[0-9a-f-]{36}/$"))
        case_url = page.url
        assert _state(page) == "Pemeriksaan syarat formal dan materiel"
        check_axe(page)
        checklist = page.locator("#action-registered").locator("xpath=ancestor::section[1]")
        for box in checklist.get_by_role("checkbox").all():
            box.check()
        _act(page, "registered", "Registrasi laporan")
        assert _state(page) == "Diregistrasi"

        # The person: pick the registry candidate the report describes
        page.get_by_role("link", name="Tetapkan identitas terlapor").click()
        check_axe(page)
        page.get_by_role("button", name="Tetapkan Rina Marlina, S.Pd.").click()
        page.wait_for_url(case_url)
        person_section = page.locator("section[aria-labelledby='person-heading']")
        assert "Rina Marlina, S.Pd." in person_section.inner_text()

        # Study: classify the act, conclude and recommend to the authority in force
        _act(page, "study", "Mulai kajian")
        assert _state(page) == "Kajian Bawaslu"
        page.get_by_role("link", name="Kajian", exact=True).click()
        page.get_by_label("Perbuatan yang dilarang").select_option("banners-and-props")
        page.get_by_label("Tanggal perbuatan").fill("2024-10-01")
        page.get_by_role("button", name="Klasifikasikan").click()
        page.wait_for_load_state()
        assert "SKB 2022 butir" in page.locator("main").inner_text()
        recommend = page.locator("#action-recommended").locator("xpath=ancestor::section[1]")
        recommend.get_by_label("Temuan kajian").fill(
            "Foto dan keterangan saksi menunjukkan terlapor memasang spanduk calon di sekolah."
        )
        recommend.get_by_role("button", name="Simpulkan kajian: rekomendasikan sanksi").click()
        page.wait_for_url(case_url)
        assert _state(page) == "Direkomendasikan"
        # the recommendation goes out with its letter (tests/browser/test_letters.py reads it)
        page.get_by_role("button", name="Terbitkan surat rekomendasi").click()
        page.wait_for_url(case_url)
        _act(page, "recommendation_to_authority", "Kirim rekomendasi ke lembaga berwenang")
        assert _state(page) == "Rekomendasi ke lembaga berwenang (KASN/BKN)"
        staff_logout(page)

        # --- Task force: verify and forward to the PPK with the sanctions stated
        staff_login(page, base, world["task_force"], next_path=case_url.removeprefix(base))
        forward = page.locator("#action-recommendation_to_ppk").locator(
            "xpath=ancestor::section[1]"
        )
        # Offered as the recommendation records them: the level and its sanctions are ticked.
        assert any(box.is_checked() for box in forward.get_by_role("checkbox").all())
        forward.get_by_role("button", name="Verifikasi dan teruskan ke PPK").click()
        page.wait_for_url(case_url)
        assert _state(page) == "Rekomendasi sanksi ke PPK"
        staff_logout(page)

        # --- PPK: the case is in its queue; record the sanction with the decree
        staff_login(page, base, world["ppk"])
        case = Case.objects.get()
        page.get_by_role("link", name=case.number).first.click()
        page.wait_for_url(case_url)
        page.locator("a[href$='/keputusan/']").first.click()
        page.wait_for_url(re.compile(r"/sanksi/kasus/[0-9a-f-]{36}/keputusan/$"))
        check_axe(page)
        recommended = case.facts["recommended_sanctions"][0]
        page.get_by_label("Sanksi yang dijatuhkan").select_option(recommended)
        page.get_by_label("Nomor SK").fill("800.1.6.3/117/BKPSDM/2024")
        page.locator("#id_decree_date").fill("2024-11-04")
        page.get_by_label("Berkas SK (PDF)").set_input_files(
            {"name": "sk-hukuman.pdf", "mimeType": "application/pdf", "buffer": DECREE_PDF}
        )
        page.get_by_role("button", name="Simpan keputusan").click()
        page.wait_for_url(case_url)
        assert _state(page) == "Sanksi dijatuhkan"
        check_axe(page)
        _shot(page, "case-page-sanctioned")
        decision = Decision.objects.get()
        assert decision.sanction_code == recommended and len(decision.file_sha256) == 64

        # --- The reporter, on the phone, reads the outcome with the number and key
        reporter.goto(f"{base}/lapor/status/")
        reporter.get_by_label("Nomor laporan").fill(number)
        reporter.get_by_label("Kunci rahasia").fill(key)
        reporter.get_by_role("button", name="Lihat status").click()
        reporter.wait_for_selector("#timeline")
        assert reporter.locator("#public-status").inner_text() == "Diputuskan"
        assert "telah menjatuhkan sanksi" in reporter.locator("#timeline").inner_text()
        check_axe(reporter)
        _shot(reporter, "status-page-phone")
        # No CSP violation or script error on any page of the journey
        assert page.console_errors == [] and reporter.console_errors == []
    finally:
        phone.close()
        desk.close()

    assert audit_chain_verify().intact
