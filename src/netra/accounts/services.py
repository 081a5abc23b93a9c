"""Every write to accounts, memberships and OTP devices, each with its audit event.

Login, logout, OTP and lockout events are recorded here too (`auth_event_record`) so the audit
trail of a session lives in one place. Payloads never hold passwords, codes or secrets.
"""

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts import otp_seal
from netra.accounts.choices import AuthEvent, Role
from netra.accounts.models import Membership, User
from netra.accounts.scopes import forget_scope
from netra.audit.services import audit_record

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


class AccountError(ValueError):
    """A write was refused; the message is shown to the user."""


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account; without a password it can only be activated by a password reset."""
    username = username.strip()
    if not username:
        raise AccountError("username is required")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"username {username!r} is taken")
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        target=user,
        payload={"username": user.username, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, changed: dict) -> User:
    """Save changes already applied to `user` (e.g. by an admin form); `changed` is old values."""
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_update",
        target=user,
        payload={"fields": sorted(k for k in changed if k != "password")},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Disable the account and end its sessions on the server (RELIABILITY C13)."""
    # Decide from the stored row: an admin form has already set `is_active` on the instance.
    if not User.objects.select_for_update().filter(pk=user.pk, is_active=True).exists():
        return user
    user.is_active = False
    User.objects.filter(pk=user.pk).update(is_active=False)
    ended = _end_sessions(user)
    forget_scope(user)
    audit_record(
        actor=actor,
        action="accounts.user_deactivate",
        target=user,
        payload={"sessions_ended": ended},
    )
    return user


def _end_sessions(user: User) -> int:
    # Database sessions only (the default engine); decoding each is fine at staff numbers.
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    region=None,
    agency=None,
) -> Membership:
    """Grant `role` in a region and/or agency scope (neither means national)."""
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}")
    existing = Membership.objects.filter(user=user, role=role, region=region, agency=agency)
    if existing.exists():
        raise AccountError("this membership exists already")
    membership = Membership.objects.create(user=user, role=role, region=region, agency=agency)
    forget_scope(user)
    audit_record(
        actor=actor,
        action="accounts.membership_grant",
        target=membership,
        payload=_membership_payload(membership),
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    payload = _membership_payload(membership)
    target = ("accounts.membership", str(membership.public_id))
    membership.delete()
    forget_scope(membership.user)
    audit_record(actor=actor, action="accounts.membership_revoke", target=target, payload=payload)


def _membership_payload(membership: Membership) -> dict:
    return {
        "user": str(membership.user.public_id),
        "role": membership.role,
        "region": membership.region.code if membership.region_id else None,
        "agency": membership.agency.code if membership.agency_id else None,
    }


@transaction.atomic
def totp_device_start(*, actor: User | None, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device to enrol; reused until confirmed so a reload shows one QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, actor: User | None, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with a valid code; returns fresh backup codes (shown once).

    A wrong code returns None (and is audited and throttled: nothing is rolled back).
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        raise AccountError("device is already confirmed")
    if not device.verify_token(token):
        audit_record(
            actor=actor,
            action=AuthEvent.OTP_FAILURE,
            target=device.user,
            payload={"stage": "enrolment"},
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Other unconfirmed enrolments are stale now.
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = _backup_codes_replace(device.user)
    audit_record(
        actor=actor,
        action="accounts.totp_device_confirm",
        target=device.user,
        payload={"device": device.persistent_id, "backup_codes": len(codes)},
    )
    return codes


def _backup_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    # bulk_create sends no pre_save: hash here (otp_seal), the codes are shown once and not kept.
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=otp_seal.backup_code_hash(c)) for c in codes]
    )
    return codes


@transaction.atomic
def backup_codes_regenerate(*, actor: User | None, user: User) -> list[str]:
    codes = _backup_codes_replace(user)
    audit_record(
        actor=actor,
        action="accounts.backup_codes_regenerate",
        target=user,
        payload={"backup_codes": len(codes)},
    )
    return codes


@transaction.atomic
def totp_device_remove(*, actor: User | None, device: TOTPDevice) -> None:
    """Remove a TOTP device (the caller has re-authenticated the actor).

    With no TOTP device left the backup codes go too, so the next login re-enrols.
    """
    user = device.user
    persistent_id = device.persistent_id
    device.delete()
    remaining = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if not remaining:
        StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="accounts.totp_device_remove",
        target=user,
        payload={"device": persistent_id, "devices_left": int(remaining)},
    )


@transaction.atomic
def auth_event_record(
    *, actor: User | None, action: str, user: User | None = None, payload: dict | None = None
) -> None:
    """Audit a login, logout, OTP or lockout event. Never pass passwords or codes."""
    if action not in AuthEvent.values:
        raise ValueError(f"not an auth event: {action}")
    audit_record(actor=actor, action=action, target=user, payload=payload or {})
