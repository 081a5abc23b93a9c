"""The report form and status page on a 390 px phone (issue 13 §1, §2): evidence kept after an
error, Enter sends the report, Back shows the receipt, anonymous keeps no contact, the photo
metadata choice honoured on the stored original, files too large refused before upload.
Screenshots of the states at 390 and 1280 px, Indonesian and English: var/screenshots/lapor-*."""

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("var/screenshots")


@pytest.fixture
def reference(regions_sample, rules_loaded, elections_loaded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()
    return True


def _gps_photo(tmp_path, name="foto1.jpg") -> Path:
    image = Image.new("RGB", (64, 48), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SentinelMake"
    exif[0x8825] = {1: "S", 2: (6.0, 35.0, 10.0), 3: "E", 4: (106.0, 47.0, 20.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def _fill_what_and_who(page):
    page.get_by_label("Uraian kejadian").fill(
        "Seorang guru membagikan unggahan kampanye calon bupati di grup WhatsApp sekolah."
    )
    page.get_by_label("Tempat kejadian").fill("Grup WhatsApp SDN 1 Cibinong")
    page.get_by_label("Nama", exact=True).fill("Bu Guru R")
    page.get_by_label("Jabatan").fill("Guru")


def _fill_region(page):
    page.get_by_label("Provinsi").select_option("32")
    page.wait_for_function("() => document.querySelectorAll('#id_regency option').length > 1")
    page.get_by_label("Kabupaten/kota").select_option("32.01")


def _choose_anonymous(page):
    page.get_by_label("Anonim (tanpa identitas)").check()


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lapor-{name}.png"), full_page=True)


def test_evidence_is_kept_after_an_error_and_sent(phone_page, live_server, reference, tmp_path):
    from netra.intake import evidence
    from netra.intake.models import Report
    from tests.browser.conftest import check_axe

    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    _choose_anonymous(page)
    _fill_what_and_who(page)
    page.locator("#id_evidence").set_input_files(str(_gps_photo(tmp_path)))
    page.locator("#send-report").click()  # no province yet
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    held = page.locator("#held-evidence").inner_text()
    assert "foto1.jpg" in held and "hapus" in held
    check_axe(page)
    _shot(page, "error-held-390-id")
    # The summary's link reaches the field.
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_province"
    _fill_region(page)
    page.locator("#send-report").click()
    page.wait_for_selector("#tracking-number")
    report = Report.objects.get()
    row = report.evidence.get()
    assert row.original_name == "foto1.jpg"
    assert evidence.original_path(row.sha256).exists()
    # The refused form's 400 is logged by the browser; nothing else (no CSP or script error).
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_enter_in_a_one_line_field_sends_the_report(phone_page, live_server, reference):
    from netra.intake.models import Report

    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    _choose_anonymous(page)
    _fill_what_and_who(page)
    _fill_region(page)
    page.get_by_label("Jabatan").press("Enter")
    page.wait_for_selector("#tracking-number")
    assert Report.objects.count() == 1


def test_back_after_sending_shows_the_receipt(phone_page, live_server, reference):
    from netra.intake.models import Report

    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    _choose_anonymous(page)
    _fill_what_and_who(page)
    _fill_region(page)
    page.locator("#send-report").click()
    page.wait_for_selector("#tracking-number")
    number = page.locator("#tracking-number").inner_text()
    _shot(page, "receipt-390-id")
    page.go_back()
    page.wait_for_selector("#tracking-number")
    assert page.locator("#tracking-number").inner_text() == number
    assert page.locator("#report-form").count() == 0
    assert Report.objects.count() == 1
    page.get_by_role("link", name="Laporkan kejadian lain").click()
    page.wait_for_selector("#report-form")


def test_anonymous_hides_and_clears_contact_and_stores_none(phone_page, live_server, reference):
    from netra.intake.models import Report

    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    page.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Nama Anda").fill("Siti")
    assert page.locator("#metadata-choice").is_hidden()
    _choose_anonymous(page)
    assert page.locator("#reporter-identity").is_hidden()
    assert page.locator("#metadata-choice").is_visible()
    assert page.locator("#id_reporter_phone").input_value() == ""
    _fill_what_and_who(page)
    _fill_region(page)
    page.locator("#send-report").click()
    page.wait_for_selector("#tracking-number")
    report = Report.objects.get()
    assert report.reporter_envelope == "" and report.has_contact is False


@pytest.mark.parametrize("choice", ["remove", "keep"])
def test_metadata_choice_is_honoured_on_the_stored_original(
    phone_page, live_server, reference, tmp_path, choice
):
    from netra.intake import evidence
    from netra.intake.models import Evidence

    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    _choose_anonymous(page)
    assert page.locator("#id_metadata_0").is_checked()  # default: remove
    if choice == "keep":
        page.get_by_label("Simpan foto asli utuh untuk petugas").check()
    _fill_what_and_who(page)
    _fill_region(page)
    page.locator("#id_evidence").set_input_files(str(_gps_photo(tmp_path)))
    page.locator("#send-report").click()
    page.wait_for_selector("#tracking-number")
    row = Evidence.objects.get()
    stored = evidence.original_path(row.sha256).read_bytes()
    exif = Image.open(io.BytesIO(stored)).getexif()
    if choice == "remove":
        assert row.metadata_removal_requested and row.metadata_removed
        assert 0x8825 not in exif and b"SentinelMake" not in stored
    else:
        assert not row.metadata_removal_requested and not row.metadata_removed
        assert 0x8825 in exif


def test_a_too_large_file_is_refused_before_upload(
    phone_page, live_server, reference, tmp_path, settings
):
    settings.INTAKE_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = tmp_path / "video-besar.mp4"
    big.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (2 * 1024 * 1024))
    page = phone_page
    page.goto(f"{live_server.url}/lapor/")
    page.locator("#id_evidence").set_input_files(str(big))
    check = page.locator("#evidence-check")
    assert check.is_visible() and "video-besar.mp4" in check.inner_text()
    assert page.locator("#id_evidence").evaluate("el => el.files.length") == 0
    page.locator("#id_evidence").set_input_files(str(_gps_photo(tmp_path)))
    assert check.is_hidden()


def test_screenshots_of_form_and_status_states(browser, live_server, reference, settings, tmp_path):
    """Every state at 390 and 1280 px in both languages; checked by eye, and here for leaks."""
    import re

    from django.utils import timezone

    from netra.intake.choices import PublicStatus
    from netra.intake.models import ReportMessage
    from netra.intake.services import report_status_set, report_submit
    from netra.intake.tests.fixtures import jpeg_with_gps, report_input, upload
    from tests.browser.conftest import PHONE_USER_AGENT, check_axe

    report, key = report_submit(
        data=report_input(), files=[upload("foto-kampanye.jpg", jpeg_with_gps(), "image/jpeg")]
    )
    from netra.intake import evidence

    assert evidence.original_path(report.evidence.get().sha256).exists()
    ReportMessage.objects.create(
        report=report,
        direction="to_reporter",
        body="Mohon kirim foto kejadian yang lebih jelas.",
        reply_by=timezone.localdate() + dt.timedelta(days=3),
    )
    report_status_set(actor=None, report=report, status=PublicStatus.NEEDS_CORRECTION)
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "2/h"
    photo = _gps_photo(tmp_path)
    for width, height, mobile in ((390, 844, True), (1280, 900, False)):
        for language in ("id", "en"):
            options = {"viewport": {"width": width, "height": height}, "locale": "id-ID"}
            if mobile:
                options.update(user_agent=PHONE_USER_AGENT, is_mobile=True, has_touch=True)
            context = browser.new_context(**options)
            if language == "en":
                context.add_cookies(
                    [{"name": "netra_language", "value": "en", "url": live_server.url}]
                )
            page = context.new_page()
            tag = f"{width}-{language}"
            page.goto(f"{live_server.url}/lapor/")
            _shot(page, f"form-{tag}")
            page.locator("#send-report").click()
            page.wait_for_selector("#error-summary")
            _shot(page, f"form-error-{tag}")
            # Anonymous, a photo, no province: the photo is kept; then the receipt.
            page.locator("#id_reporter_mode_0").check()
            page.locator("#id_description").fill(
                "Seorang guru membagikan unggahan kampanye calon bupati di grup WhatsApp."
            )
            page.locator("#id_reported_name").fill("Bu Guru R")
            page.locator("#id_evidence").set_input_files(str(photo))
            page.locator("#send-report").click()
            page.wait_for_selector("#held-evidence")
            _shot(page, f"form-held-{tag}")
            page.locator("#id_province").select_option("32")
            page.wait_for_function(
                "() => document.querySelectorAll('#id_regency option').length > 1"
            )
            page.locator("#id_regency").select_option("32.01")
            page.locator("#send-report").click()
            page.wait_for_selector("#tracking-number")
            _shot(page, f"receipt-{tag}")
            receipt = page.locator("main").inner_text()
            assert "None" not in receipt and not re.search(r"\d{4}-\d\d-\d\d", receipt)
            page.goto(f"{live_server.url}/lapor/status/")
            _shot(page, f"lookup-{tag}")
            page.locator("#id_tracking_number").fill(report.tracking_number)
            page.locator("#id_access_key").fill(key)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_selector("#public-status")
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
            )
            check_axe(page)
            _shot(page, f"status-{tag}")
            text = page.locator("main").inner_text()
            assert "None" not in text and not re.search(r"\d{4}-\d\d-\d\d", text)
            assert "needs_correction" not in text
            if language == "id":
                assert "Perlu dilengkapi" in text and "paling lambat" in text
                assert not re.search(r"\b(the|and|report|you)\b", text)
            else:
                assert "Needs completing" in text or "Send what is missing by" in text
            context.close()
    # The paused lookup, once, in both languages on a phone.
    from django.core.cache import cache

    cache.clear()
    for language in ("id", "en"):
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            user_agent=PHONE_USER_AGENT,
            is_mobile=True,
            locale="id-ID",
        )
        if language == "en":
            context.add_cookies([{"name": "netra_language", "value": "en", "url": live_server.url}])
        page = context.new_page()
        for _ in range(3):
            page.goto(f"{live_server.url}/lapor/status/")
            page.locator("#id_tracking_number").fill(report.tracking_number)
            page.locator("#id_access_key").fill("SALAH-SALAH")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
        assert page.locator("#lookup-paused").is_visible()
        _shot(page, f"lookup-paused-390-{language}")
        context.close()
        cache.clear()
