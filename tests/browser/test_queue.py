"""Browser journeys on the queue and the case list: a Bawaslu officer and a PPK officer see
what needs their action apart from what waits on others, search by NIP, and filter the list
by region and election choices; on a desktop and a 390 px phone, in Indonesian and English.
Every page passes axe (WCAG 2.1 AA, serious and critical), runs without console errors and
never shows a slug, a code or "---------" in its choices. Screenshots: var/screenshots/queue-*."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from netra.cases.tests.fixtures import to_recommendation_to_ppk
from netra.cases.tests.test_queue import to_authority, to_study
from netra.regions.models import Region
from tests.browser.conftest import check_axe, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")


@pytest.fixture
def queue_cases(case_world):
    w = case_world
    return {
        "received": w["open"](reported_name="Rina Marlina"),
        "study": to_study(w, w["open"]()),
        "authority": to_authority(w, w["open"]()),
        "at_ppk": to_recommendation_to_ppk(w, w["open"]()),
        "bandung": w["open"](region="32.73", reported_name="Dedi Kurnia", election=None),
    }


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"queue-{name}.png"), full_page=True)


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=re.compile(heading)))


def english(page, base_url: str) -> None:
    page.context.add_cookies([{"name": "netra_language", "value": "en", "url": base_url}])


def assert_no_codes_in_choices(page) -> None:
    texts = [t.strip() for t in page.locator("option").all_inner_texts()]
    for text in texts:
        assert text not in ("---------", "Unknown", "None")
        assert not re.fullmatch(r"[a-z0-9]+([_.-][a-z0-9]+)+", text), text


def assert_fits(page, width: int) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= width + 1, f"the page is {overflow}px wide"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_bawaslu_officer_sees_both_sections_and_searches_by_nip(
    live_server, page, phone_page, case_world, queue_cases, device
):
    w, c = case_world, queue_cases
    page = phone_page if device == "phone" else page
    staff_login(page, live_server.url, w["bawaslu"], next_path="/kasus/")

    mine = section(page, "Perlu tindakan saya")
    waiting = section(page, "Menunggu pihak lain")
    for name in ("received", "study", "bandung"):
        assert mine.get_by_role("link", name=c[name].number).is_visible()
    for name in ("authority", "at_ppk"):
        assert waiting.get_by_role("link", name=c[name].number).is_visible()
    # the columns: reported person (registry name, else as reported), agency, act, deadline
    study_row = mine.locator("tr", has=page.get_by_role("link", name=c["study"].number))
    assert study_row.get_by_text(w["person"].name).is_visible()
    assert study_row.get_by_text(w["agency"].name).is_visible()
    assert re.search(r"hari kerja lagi|hari lagi|hari ini", study_row.inner_text())
    assert mine.get_by_text("Rina Marlina").is_visible()
    check_axe(page)
    assert_no_codes_in_choices(page)
    if device == "phone":
        assert_fits(page, 390)
    shot(page, f"bawaslu-{device}-id")

    # Search by the resolved person's NIP: only the cases of that person remain
    page.get_by_label("Cari").fill(w["person"].nip)
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/kasus/?*")
    mine = section(page, "Perlu tindakan saya")
    waiting = section(page, "Menunggu pihak lain")
    assert mine.get_by_role("link", name=c["study"].number).is_visible()
    assert mine.get_by_role("link", name=c["received"].number).count() == 0
    assert waiting.get_by_role("link", name=c["at_ppk"].number).is_visible()
    check_axe(page)
    shot(page, f"bawaslu-{device}-nip")

    # The same in English
    english(page, live_server.url)
    page.goto(f"{live_server.url}/kasus/")
    assert section(page, "Needs my action").get_by_role("link", name=c["study"].number).is_visible()
    assert (
        section(page, "Waiting on others").get_by_role("link", name=c["at_ppk"].number).is_visible()
    )
    check_axe(page)
    assert_no_codes_in_choices(page)
    if device == "phone":
        assert_fits(page, 390)
    shot(page, f"bawaslu-{device}-en")
    assert page.console_errors == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_ppk_officer_sees_the_case_at_the_ppk_as_theirs(
    live_server, page, phone_page, case_world, queue_cases, device
):
    w, c = case_world, queue_cases
    page = phone_page if device == "phone" else page
    staff_login(page, live_server.url, w["ppk"])  # the landing page is the queue

    mine = section(page, "Perlu tindakan saya")
    assert mine.get_by_role("link", name=c["at_ppk"].number).is_visible()
    assert mine.get_by_text("Rekomendasi sanksi ke PPK").is_visible()
    assert (
        section(page, "Menunggu pihak lain")
        .get_by_text("Tidak ada kasus yang menunggu pihak lain.")
        .is_visible()
    )
    # nothing of Bawaslu's handling reaches the agency
    for name in ("received", "study", "authority", "bandung"):
        assert page.get_by_role("link", name=c[name].number).count() == 0
    check_axe(page)
    if device == "phone":
        assert_fits(page, 390)
    shot(page, f"ppk-{device}-id")

    english(page, live_server.url)
    page.goto(f"{live_server.url}/kerja/")
    assert (
        section(page, "Needs my action").get_by_role("link", name=c["at_ppk"].number).is_visible()
    )
    check_axe(page)
    shot(page, f"ppk-{device}-en")
    assert page.console_errors == []


@pytest.mark.parametrize(("device", "language"), [("desktop", "id"), ("phone", "en")])
def test_case_list_filters_by_region_and_election_choices(
    live_server, page, phone_page, case_world, queue_cases, device, language
):
    w, c = case_world, queue_cases
    page = phone_page if device == "phone" else page
    staff_login(page, live_server.url, w["task_force"], next_path="/kasus/daftar/")
    if language == "en":
        english(page, live_server.url)
        page.goto(f"{live_server.url}/kasus/daftar/")
    labels = {
        "id": ("Wilayah", "Pemilihan", "Saring", "Semua wilayah"),
        "en": ("Region", "Election", "Filter", "All regions"),
    }[language]
    region, election, button, everywhere = labels
    assert_no_codes_in_choices(page)
    assert page.get_by_label(region).locator("option").first.inner_text() == everywhere
    assert page.locator("input[type=date]").count() == 2
    check_axe(page)
    shot(page, f"list-{device}-{language}")

    # Kota Bandung, chosen by name inside the Jawa Barat group
    bandung = Region.objects.get(code="32.73").name
    page.get_by_label(region).select_option(label=bandung)
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/kasus/daftar/?*")
    assert page.get_by_role("link", name=c["bandung"].number).is_visible()
    assert page.get_by_role("link", name=c["study"].number).count() == 0

    # Every region again, the election by its name
    page.get_by_label(region).select_option(label=everywhere)
    with translation.override(language):
        election_name = w["election"].name
    page.get_by_label(election).select_option(label=election_name)
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/kasus/daftar/?*")
    assert page.get_by_role("link", name=c["study"].number).is_visible()
    assert page.get_by_role("link", name=c["bandung"].number).count() == 0  # no election
    check_axe(page)
    if device == "phone":
        assert_fits(page, 390)
    shot(page, f"list-{device}-{language}-filtered")
    assert page.console_errors == []
