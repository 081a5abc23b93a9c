"""Letters officers can send, in Debian Chromium: the Bawaslu officer issues the recommendation
letter from the case page and downloads it (its text has the letter number, the signatory and the
recommended sanction), sends the recommendation on; the BKN task force issues the notice to the
PPK in BKN's name; the PPK downloads it; a re-issued letter's old verify page points to the new.

PDFs and screenshots go to NETRA_SCREENSHOT_DIR when that variable names a folder (PDFs are also
rendered to PNG there with `pdftoppm` when it is installed), for people reviewing the letters.
"""

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import _watched_page, check_axe, staff_login, staff_logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(
    regions_sample,
    rules_loaded,
    elections_with_regions,
    deadline_rules,
    make_staff,
    make_report,
    letter_institutions,
):
    """A recommended case of Kabupaten Bogor (through the services) and its officers."""
    from netra.cases.choices import CaseState as S
    from netra.cases.services import (
        case_classify,
        case_open_from_report,
        case_resolve_identity,
        case_transition,
    )
    from netra.elections.models import Election
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory

    bogor = Region.objects.get(code="32.01")
    agency = AgencyFactory(code="3201", name="Pemerintah Kabupaten Bogor", ppk_title="Bupati Bogor")
    agency.region = bogor
    agency.save()
    person = PersonFactory(
        agency=agency, name="Rina Marlina, S.Pd.", name_plain="Rina Marlina", employee_type="PNS"
    )
    staff = {
        "bawaslu": make_staff(role="bawaslu_officer", region="32.01", username="bawaslu.bogor"),
        "task_force": make_staff(role="satgas_analyst", region=None, username="satgas.bkn"),
        "ppk": make_staff(role="ppk_officer", region=None, agency=agency, username="ppk.bogor"),
    }
    report, _key = make_report(
        election=Election.objects.get(slug="pilkada-2024"), reported_name="Rina Marlina"
    )
    officer = staff["bawaslu"]
    case = case_open_from_report(actor=officer, report=report)
    case = case_transition(actor=officer, case=case, target=S.FORMAL_CHECK)
    case = case_transition(
        actor=officer, case=case, target=S.REGISTERED, facts={"formal_complete": True}
    )
    case_resolve_identity(actor=officer, case=case, person=person)
    case = case_classify(
        actor=officer, case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    case = case_transition(actor=officer, case=case, target=S.STUDY)
    case = case_transition(
        actor=officer,
        case=case,
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang spanduk calon bupati di pagar sekolah."},
    )
    return {"case": case, "person": person, **staff}


def _keep(data: bytes, name: str) -> None:
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = Path(folder) / f"{name}.pdf"
    path.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", str(path), str(path.with_suffix(""))], check=True
        )


def _download(page, link_name: str) -> tuple[bytes, str]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    download = info.value
    return Path(download.path()).read_bytes(), download.suggested_filename


def _text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_officer_and_task_force_issue_and_download_their_letters(
    browser, live_server, world, tmp_path, settings
):
    from netra.audit.models import AuditEvent
    from netra.cases.models import Case
    from netra.documents.models import IssuedDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    case = world["case"]
    case_path = f"/kasus/{case.public_id}/"
    sanction = case.classification["sanctions"][0]["label"]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True
    )
    try:
        page = _watched_page(context)

        # --- Bawaslu Kabupaten Bogor: the move to the authority waits for the letter
        staff_login(page, base, world["bawaslu"], next_path=case_path)
        assert "Terbitkan surat rekomendasi lebih dahulu" in page.locator("main").inner_text()
        page.get_by_role("button", name="Terbitkan surat rekomendasi").click()
        page.wait_for_url(f"{base}{case_path}")
        letters = page.locator("#case-letters")
        document = IssuedDocument.objects.get()
        assert document.letter_number == f"001/Bawaslu-Kab.Bogor/PM.06/{_month()}/{_year()}"
        assert document.letter_number in letters.inner_text()
        assert "Badan Pengawas Pemilihan Umum Kabupaten Bogor" in letters.inner_text()
        check_axe(page)

        # the officer downloads it: number, signatory and the recommended sanction are in it
        data, filename = _download(page, "Unduh PDF")
        assert filename.endswith(".pdf") and filename.startswith("surat-rekomendasi-001")
        text = _text(data)
        assert document.letter_number in text
        assert "Penanda Tangan Uji Bogor" in text
        assert "Ketua Bawaslu Kabupaten Bogor" in text
        assert sanction in text
        assert "Yth. Kepala Badan Kepegawaian Negara" in text
        assert "BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BOGOR" in text
        assert world["person"].name in text
        _keep(data, "letter-recommendation")
        assert AuditEvent.objects.filter(
            action="documents.document_opened", actor_id=world["bawaslu"].pk
        ).exists()

        # now the recommendation goes to the authority
        page.locator("#action-recommendation_to_authority").locator(
            "xpath=ancestor::section[1]"
        ).get_by_role("button", name="Kirim rekomendasi ke lembaga berwenang").click()
        page.wait_for_load_state()
        assert Case.objects.get(pk=case.pk).state == "recommendation_to_authority"
        staff_logout(page)

        # --- BKN task force: forward to the PPK, then write to the PPK in BKN's name
        staff_login(page, base, world["task_force"], next_path=case_path)
        forward = page.locator("#action-recommendation_to_ppk").locator(
            "xpath=ancestor::section[1]"
        )
        for box in forward.get_by_role("checkbox").all():
            box.uncheck()
        forward.get_by_label(sanction).check()  # the one sanction the task force recommends
        forward.get_by_role("button", name="Verifikasi dan teruskan ke PPK").click()
        page.wait_for_url(f"{base}{case_path}")
        page.get_by_role("button", name="Terbitkan pemberitahuan kepada PPK").click()
        page.wait_for_url(f"{base}{case_path}")
        notice = IssuedDocument.objects.get(kind="ppk_notification")
        assert notice.issuer == "Badan Kepegawaian Negara"
        staff_logout(page)

        # --- The PPK sees both letters and downloads BKN's notice
        staff_login(page, base, world["ppk"], next_path=case_path)
        letters = page.locator("#case-letters")
        assert notice.letter_number in letters.inner_text()
        data, _filename = _download(page, "Unduh PDF")  # newest first: the notice
        text = _text(data)
        assert "BADAN KEPEGAWAIAN NEGARA" in text
        assert "Penanda Tangan Uji BKN" in text
        assert "Yth. Bupati Bogor" in text
        assert notice.letter_number in text
        assert sanction in text
        for other in case.classification["sanctions"][1:]:
            assert other["label"] not in text  # only what was recommended, not the catalogue
        _keep(data, "letter-ppk-notice")
        page.screenshot(path=str(tmp_path / "ppk-case.png"), full_page=True)
        if os.environ.get("NETRA_SCREENSHOT_DIR"):
            page.screenshot(
                path=str(Path(os.environ["NETRA_SCREENSHOT_DIR"]) / "letters-ppk-case.png"),
                full_page=True,
            )
        staff_logout(page)

        # --- Re-issued: the old letter's verify page names the new one and links to it
        staff_login(page, base, world["bawaslu"], next_path=case_path)
        page.get_by_role("button", name="Terbitkan ulang surat rekomendasi").click()
        page.wait_for_url(f"{base}{case_path}")
        page.goto(f"{base}/verify/{document.code}/")
        result = page.locator("#verify-result").inner_text()
        new = IssuedDocument.objects.get(superseded_by__isnull=True, kind="recommendation_letter")
        assert "sudah diganti" in result and new.letter_number in result
        page.locator("#replacement-link").click()
        page.wait_for_load_state()
        assert "asli dan berlaku" in page.locator("#verify-result").inner_text()
        assert not page.console_errors
    finally:
        context.close()


def _month() -> str:
    from django.utils import timezone

    from netra.documents.numbering import ROMAN_MONTHS

    return ROMAN_MONTHS[timezone.localdate().month - 1]


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
