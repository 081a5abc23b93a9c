"""Rate limits of the public identity checks (django-ratelimit counters in the cache).

The phone pledge and the QR self check-in ask for the same secret pair (NIP or NIK plus birth
date or NIK), so their failures share one counter per client IP; a check-in also counts per
activity, so that many addresses cannot walk one event's list. Only failures count, and a client
over a limit gets 429 before anyone is looked up (like intake/ratelimits.py).
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from netra.web.ratelimit_keys import client_address

IDENTIFY_IP = "prevention.identify.ip"
CHECK_IN_ACTIVITY = "prevention.check_in.activity"


def _counters(activity_token: str | None):
    yield IDENTIFY_IP, client_address, settings.PREVENTION_IDENTIFY_FAILURES_PER_IP
    if activity_token:
        yield (
            CHECK_IN_ACTIVITY,
            lambda group, request: activity_token,
            settings.PREVENTION_CHECK_IN_FAILURES_PER_ACTIVITY,
        )


def identify_blocked(request, *, activity_token: str | None = None) -> bool:
    """True once this client IP (or this activity's check-in) has failed too often."""
    for group, key, rate in _counters(activity_token):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            return True
    return False


def identify_failed(request, *, activity_token: str | None = None) -> None:
    for group, key, rate in _counters(activity_token):
        get_usage(request, group=group, key=key, rate=rate, increment=True)
