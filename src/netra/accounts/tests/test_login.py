"""Login, lockout, logout and the OTP gate in front of the workspace and the API."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from netra.accounts.choices import AuthEvent
from netra.accounts.tests.fixtures import STAFF_PASSWORD, verified_login
from netra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_login_page_is_indonesian_with_labelled_fields(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert "<fieldset>" in html


def test_login_rotates_session_and_sends_user_without_device_to_enrolment(client, make_staff):
    # Given a staff member without a TOTP device who has a session already
    user = make_staff(username="rina", with_device=False)
    client.get(LOGIN)
    session = client.session
    session["marker"] = "x"
    session.save()
    before = client.session.session_key
    # When she logs in with her password
    response = client.post(LOGIN, {"username": "rina", "password": STAFF_PASSWORD})
    # Then the session key changed and she is sent to enrol an authenticator
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.session.session_key != before
    # and the success is audited without the password
    (event,) = events(AuthEvent.LOGIN_SUCCESS)
    assert event.object_id == str(user.public_id)
    assert STAFF_PASSWORD not in str(event.payload)


def test_login_with_device_goes_to_otp_verify_keeping_next(client, make_staff):
    make_staff(username="budi")
    response = client.post(
        LOGIN + "?next=/kerja/", {"username": "budi", "password": STAFF_PASSWORD, "next": "/kerja/"}
    )
    assert response["Location"] == "/akun/otp/?next=%2Fkerja%2F"


def test_wrong_password_is_rejected_and_audited_without_the_password(client, make_staff):
    make_staff(username="budi")
    response = client.post(LOGIN, {"username": "budi", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert '<div class="alert alert-danger error-summary"' in response.content.decode()
    (event,) = events(AuthEvent.LOGIN_FAILURE)
    assert event.payload == {"known_user": True}
    assert "wrong-password" not in str(event.payload)


def test_failed_login_for_unknown_name_does_not_store_the_typed_name(client):
    client.post(LOGIN, {"username": "typed-a-secret", "password": "x"})
    (event,) = events(AuthEvent.LOGIN_FAILURE)
    assert event.object_id == "" and event.payload == {"known_user": False}


def test_empty_login_form_shows_errors_not_500(client):
    response = client.post(LOGIN, {})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_after_failure_limit_only_for_that_account(make_staff):
    make_staff(username="budi")
    make_staff(username="sari")
    client = Client()
    # When three wrong passwords are sent for budi
    statuses = [
        client.post(LOGIN, {"username": "budi", "password": "nope-nope-1"}).status_code
        for _ in range(3)
    ]
    # Then the third attempt locks the account with the Indonesian lockout page
    assert statuses[:2] == [200, 200]
    assert statuses[2] == 429
    locked = client.post(LOGIN, {"username": "budi", "password": STAFF_PASSWORD})
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.content.decode()
    assert len(events(AuthEvent.LOCKOUT)) >= 1
    # and another account from the same client still logs in
    other = client.post(LOGIN, {"username": "sari", "password": STAFF_PASSWORD})
    assert other.status_code == 302


def test_logout_is_post_only_and_audited(make_staff, staff_client):
    user = make_staff()
    client = staff_client(user)
    assert client.get("/akun/keluar/").status_code == 405
    assert client.get("/kerja/").status_code == 200
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert client.get("/kerja/").status_code == 302
    assert len(events(AuthEvent.LOGOUT)) == 1


def test_password_only_session_cannot_reach_workspace(client, make_staff):
    # Given a user logged in with the password but not yet verified with TOTP
    user = make_staff()
    client.force_login(user)
    # When she opens the workspace, she is sent to the OTP page
    response = client.get("/kerja/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/otp/?next=%2Fkerja%2F"


def test_password_only_session_without_device_is_sent_to_enrolment(client, make_staff):
    client.force_login(make_staff(with_device=False))
    response = client.get("/kerja/")
    assert response["Location"].startswith("/akun/otp/daftar/")


@override_settings(ROOT_URLCONF="netra.accounts.tests.urls_probe")
def test_api_needs_a_verified_session(client, make_staff, api_client_for):
    user = make_staff()
    # anonymous
    assert client.get("/api/v1/probe/").status_code == 403
    # password only: a JSON 403, not an HTML redirect
    client.force_login(user)
    response = client.get("/api/v1/probe/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Verifikasi dua langkah diperlukan.",
        "code": "otp_required",
    }
    english = client.get("/api/v1/probe/", headers={"accept-language": "en"})
    assert english.json()["code"] == "otp_required"
    assert english.json()["detail"] == "Two-step verification is required."
    # verified
    response = api_client_for(user).get("/api/v1/probe/")
    assert response.status_code == 200
    assert response.json() == {"username": user.username}


def test_deactivated_users_session_stops_working(make_staff, staff_client):
    from netra.accounts.services import user_deactivate

    user = make_staff()
    client = staff_client(user)
    assert client.get("/kerja/").status_code == 200
    user_deactivate(actor=None, user=user)
    response = client.get("/kerja/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_anonymous_workspace_redirects_to_login(client):
    response = client.get("/kerja/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=/kerja/"


def test_profile_shows_memberships(make_staff, staff_client):
    user = make_staff(role="auditor")
    html = staff_client(user).get("/akun/profil/").content.decode()
    assert "Auditor" in html
    assert 'name="password"' in html


def test_verified_helper_marks_session(make_staff):
    user = make_staff()
    client = verified_login(Client(), user)
    assert client.get("/kerja/").status_code == 200
