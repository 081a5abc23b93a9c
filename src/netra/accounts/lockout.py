"""Login lockout (django-axes), counted per account+address AND per account across addresses.

Counting only per account+address lets an attacker with many addresses try an officer's
password without end; counting only per account lets anyone lock an officer out with a few
wrong passwords. So:

- one address gets `LOGIN_FAILURES_PER_ADDRESS` wrong passwords for an account, then that
  address is locked out of that account for the cool-off (`AXES_COOLOFF_TIME`);
- the account as a whole gets `LOGIN_FAILURES_PER_ACCOUNT` (larger) wrong passwords from all
  addresses together, then it is locked for the cool-off, but only for addresses that have
  never signed in to it: an address from which the officer signed in successfully in the last
  `LOGIN_KNOWN_ADDRESS_DAYS` keeps its own per-address budget. An attacker elsewhere can make
  the officer wait at a new address, never at the office or at home, and never for longer than
  the cool-off after the attack stops (docs/operations.md, "Login lockout").

Both are plugged into axes as callables (AXES_LOCKOUT_PARAMETERS, AXES_FAILURE_LIMIT).
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _who(request_or_attempt, credentials) -> tuple[str, str]:
    if isinstance(request_or_attempt, AccessAttempt | AccessLog):
        return request_or_attempt.username or "", request_or_attempt.ip_address or ""
    request = request_or_attempt
    username = get_client_username(request, credentials) or ""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""
    return username, address


def known_address(username: str, address: str) -> bool:
    """Has this account signed in successfully from this address recently?"""
    if not username or not address:
        return False
    since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """Per account+address always; per account across addresses unless the address is known."""
    username, address = _who(request_or_attempt, credentials)
    parameters: list = [["username", "ip_address"]]
    if not known_address(username, address):
        parameters.append("username")
    return parameters


def failure_limit(request, credentials=None) -> int:
    """Axes compares the largest of the counts above with one limit: the small per-address
    limit once this address has used it up, the account-wide limit otherwise."""
    username, address = _who(request, credentials)
    here = (
        AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    per_address = settings.LOGIN_FAILURES_PER_ADDRESS
    return per_address if here >= per_address else settings.LOGIN_FAILURES_PER_ACCOUNT
