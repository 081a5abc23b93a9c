"""Login lockout per account+address and per account across addresses (accounts/lockout.py),
without letting an attacker lock an officer out where she usually signs in."""

import pytest
from django.test import Client, override_settings

from netra.accounts.tests.fixtures import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"


WRONG = "wrong-password-1"


def attempt(address, username, password=WRONG):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = "netra.accounts.lockout.failure_limit"
    settings.AXES_LOCKOUT_PARAMETERS = "netra.accounts.lockout.lockout_parameters"
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    settings.LOGIN_FAILURES_PER_ACCOUNT = 6


def test_one_address_is_locked_after_its_limit_other_addresses_are_not(axes_on, make_staff):
    make_staff(username="budi")
    statuses = [attempt("10.0.0.1", "budi").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    locked = attempt("10.0.0.1", "budi", STAFF_PASSWORD)
    assert locked.status_code == 429 and "Akun dikunci sementara" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60  # the cool-off
    assert attempt("10.0.0.2", "budi", STAFF_PASSWORD).status_code == 302


def test_many_addresses_together_lock_the_account_for_unknown_addresses(axes_on, make_staff):
    make_staff(username="budi")
    make_staff(username="sari")
    # Budi signed in from his office before.
    assert attempt("192.0.2.1", "budi", STAFF_PASSWORD).status_code == 302
    # Six addresses try one wrong password each: each under its own limit, six together.
    for i in range(6):
        attempt(f"10.0.1.{i}", "budi")
    # A new address is locked out of budi's account, even with the right password...
    stranger = attempt("10.0.2.1", "budi", STAFF_PASSWORD)
    assert stranger.status_code == 429 and int(stranger["Retry-After"]) > 0
    # ...but budi at his known address still signs in, and sari is not affected.
    assert attempt("192.0.2.1", "budi", STAFF_PASSWORD).status_code == 302
    assert attempt("10.0.2.1", "sari", STAFF_PASSWORD).status_code == 302


def test_known_address_still_has_its_own_small_limit(axes_on, make_staff):
    make_staff(username="budi")
    assert attempt("192.0.2.1", "budi", STAFF_PASSWORD).status_code == 302
    statuses = [attempt("192.0.2.1", "budi").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_lockout_ends_after_the_cool_off(axes_on, make_staff):
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    make_staff(username="budi")
    for i in range(6):
        attempt(f"10.0.3.{i}", "budi")
    assert attempt("10.0.4.1", "budi", STAFF_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert attempt("10.0.4.1", "budi", STAFF_PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True)
def test_the_settings_wire_the_callables(make_staff):
    from django.conf import settings

    assert settings.AXES_LOCKOUT_PARAMETERS == "netra.accounts.lockout.lockout_parameters"
    assert settings.AXES_FAILURE_LIMIT == "netra.accounts.lockout.failure_limit"
    assert settings.LOGIN_FAILURES_PER_ACCOUNT > settings.LOGIN_FAILURES_PER_ADDRESS
