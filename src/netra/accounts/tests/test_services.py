"""Account services: each write is audited in its own transaction."""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client

from netra.accounts import services
from netra.accounts.choices import Role
from netra.accounts.models import Membership, User
from netra.accounts.scopes import user_scope
from netra.accounts.selectors import user_memberships, users_for
from netra.accounts.tests.helpers import agency, region
from netra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_user_create_audits_without_password(make_staff):
    admin = make_staff(role=Role.ADMIN)
    user = services.user_create(
        actor=admin, username="nina", email="Nina@Example.invalid", password="a long passphrase 9"
    )
    assert user.check_password("a long passphrase 9")
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.actor_id == admin.pk and event.object_id == str(user.public_id)
    assert "passphrase" not in str(event.payload)


def test_user_create_without_password_cannot_log_in_until_reset():
    user = services.user_create(actor=None, username="tono", email="tono@example.invalid")
    assert not user.has_usable_password()


def test_user_create_refuses_duplicates_and_weak_passwords():
    services.user_create(actor=None, username="tono", email="t@example.invalid")
    with pytest.raises(services.AccountError):
        services.user_create(actor=None, username="TONO", email="x@example.invalid")
    with pytest.raises(ValidationError):
        services.user_create(actor=None, username="ani", email="a@example.invalid", password="123")
    assert not User.objects.filter(username="ani").exists()


def test_membership_grant_and_revoke_are_audited_and_change_scope(make_staff):
    admin = make_staff(role=Role.ADMIN)
    user = make_staff(role=None)
    jabar = region("32")
    assert user_scope(user).is_empty
    membership = services.membership_grant(
        actor=admin, user=user, role=Role.BAWASLU_OFFICER, region=jabar
    )
    # the cached scope was forgotten
    assert user_scope(user).grants[0].region_code == "32"
    grant = AuditEvent.objects.get(action="accounts.membership_grant")
    assert grant.payload == {
        "user": str(user.public_id),
        "role": "bawaslu_officer",
        "region": "32",
        "agency": None,
    }
    services.membership_revoke(actor=admin, membership=membership)
    assert not Membership.objects.filter(user=user).exists()
    assert user_scope(user).is_empty
    revoke = AuditEvent.objects.get(action="accounts.membership_revoke")
    assert revoke.object_id == str(membership.public_id)


def test_membership_grant_refuses_unknown_role_and_duplicates(make_staff):
    user = make_staff(role=None)
    with pytest.raises(services.AccountError):
        services.membership_grant(actor=None, user=user, role="king")
    services.membership_grant(actor=None, user=user, role=Role.AUDITOR)
    with pytest.raises(services.AccountError):
        services.membership_grant(actor=None, user=user, role=Role.AUDITOR)
    assert AuditEvent.objects.filter(action="accounts.membership_grant").count() == 1


def test_user_deactivate_ends_sessions_and_is_audited(make_staff, staff_client):
    user = make_staff()
    other = make_staff()
    staff_client(user)
    staff_client(other)
    assert Session.objects.count() == 2
    services.user_deactivate(actor=None, user=user)
    user.refresh_from_db()
    assert not user.is_active
    assert Session.objects.count() == 1
    event = AuditEvent.objects.get(action="accounts.user_deactivate")
    assert event.payload == {"sessions_ended": 1}
    # twice is a no-op
    services.user_deactivate(actor=None, user=user)
    assert AuditEvent.objects.filter(action="accounts.user_deactivate").count() == 1


def test_auth_event_record_refuses_other_actions():
    with pytest.raises(ValueError):
        services.auth_event_record(actor=None, action="cases.delete")


def test_user_memberships_lists_only_own(make_staff):
    user = make_staff(role=Role.AUDITOR)
    make_staff(role=Role.ADMIN)
    assert [m.role for m in user_memberships(user)] == ["auditor"]
    from django.contrib.auth.models import AnonymousUser

    assert user_memberships(AnonymousUser()).count() == 0


def test_users_for_is_scoped(make_staff):
    r32, r3201, r3202 = region("32"), region("32.01"), region("32.02")
    bogor = agency("A-BOGOR", region_obj=r3201)
    national = make_staff(role=Role.SATGAS_ANALYST, username="national")
    province = make_staff(region=r32, username="province")
    regency = make_staff(region=r3201, username="regency")
    neighbour = make_staff(region=r3202, username="neighbour")
    hr = make_staff(role=Role.AGENCY_HR, agency=bogor, username="hr")
    make_staff(role=None, username="nobody")

    def names(viewer):
        return list(users_for(viewer).values_list("username", flat=True))

    assert len(names(national)) == 6
    assert names(province) == ["neighbour", "province", "regency"]
    assert names(regency) == ["regency"]
    assert names(hr) == ["hr"]
    assert names(neighbour) == ["neighbour"]
    assert users_for(User.objects.get(username="nobody")).count() == 0
    assert regency.pk not in users_for(neighbour).values_list("pk", flat=True)
    assert hr.pk


def test_fixtures_give_verified_clients(make_staff, staff_client):
    user = make_staff(role=Role.PPK_OFFICER, username="ppk1")
    assert user.memberships.get().role == "ppk_officer"
    assert staff_client(user).get("/kerja/").status_code == 200
    assert Client().get("/kerja/").status_code == 302
