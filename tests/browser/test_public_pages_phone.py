"""Public pages changed for issue 13 §3/§4, at 390 px and 1280 px, in Indonesian and English:
the home page (one primary action, three tasks), /cakupan/ (styled filter), the check-in form
and its refusal, and /verify/ with a photo instead of the PDF.

Each page: no sideways scroll, no leftover `None` or ISO date, no script on the page, axe clean.
With NETRA_SCREENSHOT_DIR set, a full-page screenshot of each: public-<page>-<width>-<lang>.png.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE_USER_AGENT, check_axe

WIDTHS = (390, 1280)
LANGUAGES = ("id", "en")


def _context(browser, live_server, width: int, language: str):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        user_agent=PHONE_USER_AGENT if phone else None,
        is_mobile=phone,
        locale="id-ID",
    )
    if language == "en":
        context.add_cookies([{"name": "netra_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _looked_at(page, name: str, width: int, language: str) -> str:
    text = page.locator("main").inner_text()
    assert "None" not in text and not re.search(r"\b\d{4}-\d\d-\d\d\b", text), (name, text)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert page.locator("script").count() == 0, name  # no page here needs a script
    check_axe(page)
    folder = os.environ.get("NETRA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(folder) / f"public-{name}-{width}-{language}.png"), full_page=True
        )
    return text


@pytest.fixture
def activity(prevention_world):
    from netra.prevention.choices import ActivityKind
    from netra.prevention.services.activities import activity_create, check_in_open

    w = prevention_world
    created = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi Netralitas ASN",
        election=w["election"],
        held_on=w["today"],
    )
    return check_in_open(actor=w["hr"], activity=created)


@pytest.fixture
def letter(issue_document):
    return issue_document(
        kind="recommendation_letter",
        title="Rekomendasi",
        issuer="Bawaslu Kabupaten Bogor",
        context={"paragraphs": ["Isi surat."]},
        public_fields={"letter_number": "001/REK/2026"},
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_changed_public_pages_read_well(
    live_server, browser, activity, letter, tmp_path, width, language
):
    from django.utils import timezone

    from netra.prevention.check_in_codes import code_for

    base, token = live_server.url, activity.check_in_token
    english = language == "en"
    context, page = _context(browser, live_server, width, language)

    page.goto(base + "/")
    primary = page.locator("#report-action")
    assert primary.inner_text() == ("Report a violation" if english else "Laporkan pelanggaran")
    assert page.locator("li.task").count() == 3
    _looked_at(page, "home", width, language)

    page.goto(base + "/cakupan/")
    page.locator("#public-coverage").wait_for()
    _looked_at(page, "cakupan", width, language)

    now = timezone.now()
    page.goto(f"{base}/hadir/{token}/?kode={code_for(token, now)}")
    assert page.locator("input[name=nip_or_nik]").count() == 1
    _looked_at(page, "check-in", width, language)
    old = code_for(token, now - dt.timedelta(hours=1))
    page.goto(f"{base}/hadir/{token}/?kode={old}")
    text = _looked_at(page, "check-in-expired", width, language)
    assert ("Scan the QR code" if english else "Pindai ulang kode QR") in text

    photo = tmp_path / "surat.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 500)
    page.goto(f"{base}/verify/{letter.code}/")
    page.locator("input[type=file]").set_input_files(str(photo))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_load_state()
    text = _looked_at(page, "verify-not-pdf", width, language)
    assert ("Only the original PDF" if english else "Hanya berkas PDF asli") in text
    assert "TIDAK sama" not in text and "NOT the same" not in text
    context.close()
