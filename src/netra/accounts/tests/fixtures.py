"""Shared fixtures: staff users with a confirmed TOTP device, and logged-in, verified clients.

    def test_something(make_staff, staff_client, api_client_for):
        officer = make_staff(role="bawaslu_officer", region="32")   # Region or its code
        client = staff_client(officer)            # django.test.Client, logged in + OTP-verified
        api = api_client_for(officer)             # rest_framework.test.APIClient, same

These write through the ORM, not the services, so they add no audit events to a test's count.
"""

import functools
import itertools
import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts.models import Membership, User

STAFF_PASSWORD = "correct horse battery staple 42"
_counter = itertools.count(1)


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The device's 6-digit code at `at` (default now), as the authenticator app shows it."""
    helper = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    helper.time = time.time() if at is None else at
    return f"{helper.token():0{device.digits}d}"


@functools.cache
def _password_hash(password: str) -> str:
    # Hashing once per run keeps suites fast (PBKDF2 is slow on purpose).
    return make_password(password)


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def _region(value):
    if value is None or not isinstance(value, str):
        return value
    from netra.regions.models import Region

    return Region.objects.get(code=value)


def create_staff(
    *,
    role: str | None = "bawaslu_officer",
    region=None,
    agency=None,
    username: str | None = None,
    with_device: bool = True,
    password: str = STAFF_PASSWORD,
    **extra,
) -> User:
    username = username or f"staff{next(_counter)}"
    extra.setdefault("email", f"{username}@example.invalid")
    extra.setdefault("is_staff", role == "admin")
    user = User.objects.create_user(username=username, password=None, **extra)
    user.password = _password_hash(password)
    user.save(update_fields=["password"])
    if role:
        Membership.objects.create(user=user, role=role, region=_region(region), agency=agency)
    if with_device:
        confirmed_device(user)
    return user


def verified_login(client: Client, user: User) -> Client:
    """Log `client` in as `user` and mark the session OTP-verified (as django_otp.login does)."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def make_staff(db):
    """Factory: make_staff(role="bawaslu_officer", region=None, agency=None, username=None).

    `region` is a Region or its code; role=None makes a user without membership. The user has a
    confirmed TOTP device and the password `STAFF_PASSWORD`.
    """
    return create_staff


@pytest.fixture
def staff_client(db):
    """Factory: staff_client(user) -> django.test.Client logged in and OTP-verified."""

    def make(user: User) -> Client:
        return verified_login(Client(), user)

    return make


@pytest.fixture
def api_client_for(db):
    """Factory: api_client_for(user) -> DRF APIClient with a logged-in, OTP-verified session."""
    from rest_framework.test import APIClient

    def make(user: User):
        return verified_login(APIClient(), user)

    return make
