"""Rate limits of the public reporting side (django-ratelimit counters in the cache).

Only *failed* access attempts count against the key-guessing limits, per client IP and for
everyone together; a client that is over a limit gets 429 before any lookup is made.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

ACCESS_IP = "intake.access.ip"
ACCESS_GLOBAL = "intake.access.global"
SUBMIT_IP = "intake.submit.ip"


def _everyone(group, request) -> str:
    return "all"


def _usage(request, group: str, key, rate: str, increment: bool) -> bool:
    usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    if usage is None:
        return False
    return usage["count"] >= usage["limit"] if not increment else usage["should_limit"]


def access_blocked(request) -> bool:
    return _usage(
        request, ACCESS_IP, "ip", settings.INTAKE_ACCESS_FAILURES_PER_IP, False
    ) or _usage(request, ACCESS_GLOBAL, _everyone, settings.INTAKE_ACCESS_FAILURES_GLOBAL, False)


def access_failed(request) -> None:
    _usage(request, ACCESS_IP, "ip", settings.INTAKE_ACCESS_FAILURES_PER_IP, True)
    _usage(request, ACCESS_GLOBAL, _everyone, settings.INTAKE_ACCESS_FAILURES_GLOBAL, True)


def submit_blocked(request) -> bool:
    """Counts every submission attempt of this IP; True once over the limit."""
    return _usage(request, SUBMIT_IP, "ip", settings.INTAKE_SUBMISSIONS_PER_IP, True)
