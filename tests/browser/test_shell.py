"""Browser journeys for the interface shell: staff login with TOTP, public home on a phone."""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts.tests.fixtures import STAFF_PASSWORD, create_staff, totp_code
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_login_enrol_verify_and_reach_workspace(live_server, page):
    # Given an officer without an authenticator yet
    user = create_staff(username="ani", with_device=False)
    # When she opens the workspace she is asked to log in
    page.goto(live_server.url + "/kerja/")
    assert page.url.startswith(live_server.url + "/akun/masuk/")
    check_axe(page)
    page.get_by_label("Nama pengguna").fill("ani")
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # Then she enrols an authenticator: a QR code and the key are shown
    page.wait_for_url("**/akun/otp/daftar/**")
    assert page.locator("svg.otp-qr").count() == 1
    assert page.locator("#otp-secret").inner_text().strip()
    check_axe(page)
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Kode dari aplikasi").fill(totp_code(device))
    page.get_by_role("button", name="Aktifkan").click()
    # and gets backup codes once, then continues to the workspace
    assert page.locator(".backup-codes li").count() == 10
    page.get_by_role("link", name="Lanjut ke ruang kerja").click()
    page.wait_for_url("**/kerja/")
    assert page.get_by_role("heading", name="Perlu tindakan saya").is_visible()
    check_axe(page)
    # Logging out (a POST form) and in again asks for a code (the next step's: this one is used)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/akun/masuk/?next=/kerja/")
    page.get_by_label("Nama pengguna").fill("ani")
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/otp/?**")
    check_axe(page)
    device.refresh_from_db()
    page.get_by_label("Kode verifikasi").fill(totp_code(device, at=time.time() + device.step))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url("**/kerja/")
    assert page.get_by_role("heading", name="Ruang kerja").is_visible()
    assert page.console_errors == []


def test_home_on_a_phone_is_accessible_and_switches_language(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    # no cookie before the visitor acts
    assert page.context.cookies() == []
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="Beranda", exact=True).is_visible()
    check_axe(page)
    # The page fits the phone's width (no horizontal scrolling)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # Switch to English
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Home", exact=True).is_visible()
    assert page.get_by_role("link", name="Rules", exact=True).is_visible()
    check_axe(page)
    # and back to Indonesian
    page.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="Beranda", exact=True).is_visible()
    assert page.console_errors == []


def test_skip_link_is_first_and_visible_on_focus(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
