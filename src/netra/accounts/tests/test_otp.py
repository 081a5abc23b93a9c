"""TOTP verification, enrolment with backup codes, and device removal with re-authentication."""

import re
import time

import pytest
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts import otp_seal
from netra.accounts.choices import AuthEvent
from netra.accounts.tests.fixtures import STAFF_PASSWORD, confirmed_device, totp_code
from netra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

VERIFY = "/akun/otp/"
SETUP = "/akun/otp/daftar/"


@pytest.fixture
def password_session(client, make_staff):
    """A user with a device, logged in with the password only."""
    user = make_staff(username="dewi")
    client.force_login(user)
    return client, user


def test_valid_code_verifies_and_rotates_session(password_session):
    client, user = password_session
    before = client.session.session_key
    device = confirmed_device(user)
    response = client.post(VERIFY, {"token": totp_code(device), "next": "/kerja/"})
    assert response.status_code == 302 and response["Location"] == "/kerja/"
    assert client.session.session_key != before
    assert client.get("/kerja/").status_code == 200
    (event,) = AuditEvent.objects.filter(action=AuthEvent.OTP_SUCCESS)
    assert event.payload == {"device": "totp"}


def test_code_used_once_is_rejected_the_second_time(password_session, client, make_staff):
    # Given a code that was accepted once
    _c, user = password_session
    device = confirmed_device(user)
    code = totp_code(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    # When the same code is replayed in a fresh password-only session
    client.logout()
    client.force_login(user)
    response = client.post(VERIFY, {"token": code})
    # Then it is refused (django-otp keeps last_t) and the workspace stays closed
    assert response.status_code == 200
    assert "Kode tidak valid" in response.content.decode()
    assert client.get("/kerja/").status_code == 302
    assert AuditEvent.objects.filter(action=AuthEvent.OTP_FAILURE).count() == 1


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_code_reuse_is_rejected_after_a_failed_attempt(password_session):
    client, user = password_session
    device = confirmed_device(user)
    code = totp_code(device)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert client.post(VERIFY, {"token": wrong}).status_code == 200
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": code}).status_code == 200


def test_failures_are_throttled(password_session):
    # django-otp doubles the wait after each failure; a right code right after a wrong one waits
    client, user = password_session
    device = confirmed_device(user)
    client.post(VERIFY, {"token": "000000" if totp_code(device) != "000000" else "111111"})
    assert client.post(VERIFY, {"token": totp_code(device)}).status_code == 200


def test_malformed_code_is_a_form_error(password_session):
    client, _user = password_session
    response = client.post(VERIFY, {"token": "12ab<script>"})
    assert response.status_code == 200
    assert "Masukkan 6 angka" in response.content.decode()


def test_offsite_next_is_ignored(password_session):
    client, user = password_session
    response = client.post(
        VERIFY, {"token": totp_code(confirmed_device(user)), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/kerja/"


def test_enrolment_shows_qr_svg_and_secret_then_requires_a_valid_code(client, make_staff):
    # Given a user without a device, logged in with the password
    user = make_staff(username="eko", with_device=False)
    client.force_login(user)
    # When she opens the enrolment page
    html = client.get(SETUP).content.decode()
    # Then an inline SVG QR code and the base32 secret are shown (no <img>, no script)
    assert "<svg" in html and 'class="otp-qr"' in html
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert secret.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    # A reload shows the same device
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    # A wrong code does not confirm
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert "Kode tidak cocok" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert AuditEvent.objects.filter(action=AuthEvent.OTP_FAILURE).count() == 1


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_enrolment_confirms_shows_backup_codes_once_and_verifies_session(client, make_staff):
    user = make_staff(username="eko", with_device=False)
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": totp_code(device), "next": "/kerja/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    # Stored as keyed hashes only: the codes shown are not in the database (otp_seal).
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {otp_seal.backup_code_hash(code) for code in codes}
    assert not stored & set(codes)
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/kerja/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.totp_device_confirm").count() == 1
    # The enrolment page is closed now
    assert client.get(SETUP)["Location"] == "/akun/profil/"
    # A backup code works once
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 200


def test_removing_the_authenticator_needs_the_password(make_staff, staff_client):
    user = make_staff()
    client = staff_client(user)
    # Wrong password: nothing removed, 400 with the error next to the field
    response = client.post("/akun/profil/hapus-autentikator/", {"password": "not-it-at-all"})
    assert response.status_code == 400
    assert "Kata sandi salah." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1
    # Right password: removed, audited, and the user must enrol again
    response = client.post("/akun/profil/hapus-autentikator/", {"password": STAFF_PASSWORD})
    assert response["Location"] == SETUP
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert AuditEvent.objects.filter(action="accounts.totp_device_remove").count() == 1
    assert client.get("/kerja/")["Location"].startswith(SETUP)


def test_remove_by_get_is_not_allowed(make_staff, staff_client):
    client = staff_client(make_staff())
    assert client.get("/akun/profil/hapus-autentikator/").status_code == 405


def test_totp_code_helper_matches_device(make_staff):
    device = confirmed_device(make_staff())
    assert device.verify_token(totp_code(device, at=time.time()))
