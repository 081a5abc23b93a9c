"""The admin site needs a verified TOTP session and writes through the services."""

import pytest
from django.test import Client

from netra.accounts.choices import Role
from netra.accounts.models import Membership, User
from netra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_staff):
    return make_staff(role=Role.ADMIN, username="root", is_superuser=True, is_staff=True)


def test_admin_login_goes_through_netra_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=%2Fadmin%2F"


def test_admin_refuses_password_only_session(superuser):
    client = Client()
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/otp/")


def test_admin_open_to_verified_superuser(superuser, staff_client):
    assert staff_client(superuser).get("/admin/").status_code == 200


def test_admin_adds_user_and_membership_through_services(superuser, staff_client):
    client = staff_client(superuser)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "baru",
            "email": "baru@example.invalid",
            "usable_password": "true",
            "password1": "a fine long passphrase",
            "password2": "a fine long passphrase",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="baru")
    assert AuditEvent.objects.filter(
        action="accounts.user_create", object_id=str(user.public_id)
    ).exists()

    response = client.post(
        "/admin/accounts/membership/add/", {"user": user.pk, "role": Role.AUDITOR}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=user)
    assert AuditEvent.objects.filter(action="accounts.membership_grant").count() == 1

    response = client.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="accounts.membership_revoke").count() == 1


def test_admin_deactivation_is_audited_and_users_cannot_be_deleted(
    superuser, staff_client, make_staff
):
    target = make_staff(username="target")
    client = staff_client(superuser)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": "target",
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    data.pop("is_active")
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(f"/admin/accounts/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert not target.is_active
    assert AuditEvent.objects.filter(action="accounts.user_deactivate").count() == 1
    assert client.get(f"/admin/accounts/user/{target.pk}/delete/").status_code == 403
