"""Rate limits of the public reporting side (django-ratelimit counters in the cache).

Only *failed* access attempts count against the key-guessing limits: per client address, per
tracking number (from anywhere) and for everyone together. An address over its own limit is
paused before any lookup is made. The per-number and global counters never close the door to
a reporter with the right key (the key has 128 bits; guessing is hopeless anyway): while one of
them is over its limit, each wrong attempt pauses the address that made it at once, so a
distributed guesser is slowed down and nobody else is shut out.
"""

from django.conf import settings
from django_ratelimit.core import _split_rate, get_usage

from netra.intake import tracking

ACCESS_IP = "intake.access.ip"
ACCESS_IP_STRICT = "intake.access.ip.strict"
ACCESS_NUMBER = "intake.access.number"
ACCESS_GLOBAL = "intake.access.global"
SUBMIT_IP = "intake.submit.ip"


def _everyone(group, request) -> str:
    return "all"


def _usage(request, group: str, key, rate: str, increment: bool) -> bool:
    usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    if usage is None:
        return False
    return usage["count"] >= usage["limit"] if not increment else usage["should_limit"]


def _strict_rate() -> str:
    """One wrong attempt per period of the per-address limit."""
    _count, seconds = _split_rate(settings.INTAKE_ACCESS_FAILURES_PER_IP)
    return f"1/{seconds}s"


def pause_minutes() -> int:
    """How long an address stays paused, for the message (the per-address limit's period)."""
    _count, seconds = _split_rate(settings.INTAKE_ACCESS_FAILURES_PER_IP)
    return max(1, round(seconds / 60))


def access_blocked(request) -> bool:
    """Is this address paused (by its own wrong attempts)?"""
    return _usage(
        request, ACCESS_IP, "ip", settings.INTAKE_ACCESS_FAILURES_PER_IP, False
    ) or _usage(request, ACCESS_IP_STRICT, "ip", _strict_rate(), False)


def access_failed(request, tracking_number: object = "") -> None:
    """Count a wrong number/key pair for the address, the number and everyone."""
    try:
        tracking_number = tracking.normalise(tracking_number) if tracking_number else ""
    except tracking.InvalidTrackingNumber:
        tracking_number = ""  # a malformed number names no report to protect
    _usage(request, ACCESS_IP, "ip", settings.INTAKE_ACCESS_FAILURES_PER_IP, True)
    under_attack = _usage(
        request, ACCESS_GLOBAL, _everyone, settings.INTAKE_ACCESS_FAILURES_GLOBAL, True
    )
    if tracking_number:
        under_attack |= _usage(
            request,
            ACCESS_NUMBER,
            lambda group, request: tracking_number,
            settings.INTAKE_ACCESS_FAILURES_PER_NUMBER,
            True,
        )
    if under_attack:
        _usage(request, ACCESS_IP_STRICT, "ip", _strict_rate(), True)


def submit_blocked(request) -> bool:
    """Counts every submission attempt of this IP; True once over the limit."""
    return _usage(request, SUBMIT_IP, "ip", settings.INTAKE_SUBMISSIONS_PER_IP, True)
