"""Rate limits of the public reporting side (django-ratelimit counters in the cache).

Only *failed* access attempts count against the key-guessing limits: per client address, per
tracking number (from anywhere) and for everyone together. An address over its own limit is
paused before any lookup is made, and every pause answers 429 with `Retry-After`.

The shared counters (per tracking number, global) are never a door that closes for everyone:
~200 addresses guessing wrong must not shut the status page, and nobody may lock a reporter out
of their own report by guessing at its number. So while one of them is over its limit ("under
attack"), they only tighten each address's own allowance: a wrong attempt then counts against
a smaller, shorter per-address budget (`INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK`, e.g. three
per 15 minutes). A reporter with the right number and key, or with a typo or two, still gets in;
a distributed guesser gets a few tries per address per quarter hour against a 128-bit key.
"""

import math

from django.conf import settings
from django.core.cache import caches
from django_ratelimit import ALL
from django_ratelimit.core import (
    EXPIRATION_FUDGE,
    _get_window,
    _make_cache_key,
    _split_rate,
    get_usage,
)

from netra.intake import tracking
from netra.web.ratelimit_keys import client_address

ACCESS_IP = "intake.access.ip"
ACCESS_IP_UNDER_ATTACK = "intake.access.ip.attack"
ACCESS_NUMBER = "intake.access.number"
ACCESS_GLOBAL = "intake.access.global"
SUBMIT_IP = "intake.submit.ip"


def _everyone(group, request) -> str:
    return "all"


def _usage(request, group: str, key, rate: str, increment: bool) -> dict | None:
    return get_usage(request, group=group, key=key, rate=rate, increment=increment)


def _touch(group: str, value: str, rate: str) -> None:
    """Create the counter for `value` at 0 unless it exists, so that counting it next always
    costs the same cache operations (add refused, then incr), whether or not anyone failed on
    this value in the window. For the per-number counter this keeps "someone recently mistyped
    the key of this report" from showing in the time of a first guess at it (T11)."""
    period = _split_rate(rate)[1]
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    key = _make_cache_key(group, _get_window(value, period), rate, value, ALL)
    cache.add(key, 0, period + EXPIRATION_FUDGE)


def _over(usage: dict | None, increment: bool) -> bool:
    if usage is None:
        return False
    return usage["should_limit"] if increment else usage["count"] >= usage["limit"]


def _retry_after(usage: dict | None, rate: str) -> int:
    """Seconds until the counter's window ends (at least 1; the period when the cache failed)."""
    if usage is None or usage["time_left"] < 0:
        return _split_rate(rate)[1]
    return max(1, usage["time_left"])


def minutes(seconds: int) -> int:
    """Whole minutes for a message ("try again after N minutes"), never 0."""
    return max(1, math.ceil(seconds / 60))


def pause_minutes() -> int:
    """The longest an address can stay paused (the per-address limit's period), for help text."""
    return minutes(_split_rate(settings.INTAKE_ACCESS_FAILURES_PER_IP)[1])


def access_pause(request) -> int:
    """Seconds this address stays paused by its own wrong attempts; 0 when it is not paused."""
    waits = []
    for group, rate in (
        (ACCESS_IP, settings.INTAKE_ACCESS_FAILURES_PER_IP),
        (ACCESS_IP_UNDER_ATTACK, settings.INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK),
    ):
        usage = _usage(request, group, client_address, rate, False)
        if _over(usage, False):
            waits.append(_retry_after(usage, rate))
    return max(waits, default=0)


def access_blocked(request) -> bool:
    """Is this address paused (by its own wrong attempts)?"""
    return access_pause(request) > 0


def access_failed(request, tracking_number: object = "") -> None:
    """Count a wrong number/key pair for the address, the number and everyone."""
    try:
        tracking_number = tracking.normalise(tracking_number) if tracking_number else ""
    except tracking.InvalidTrackingNumber:
        tracking_number = ""  # a malformed number names no report to protect
    _usage(request, ACCESS_IP, client_address, settings.INTAKE_ACCESS_FAILURES_PER_IP, True)
    under_attack = _over(
        _usage(request, ACCESS_GLOBAL, _everyone, settings.INTAKE_ACCESS_FAILURES_GLOBAL, True),
        True,
    )
    if tracking_number:
        _touch(ACCESS_NUMBER, tracking_number, settings.INTAKE_ACCESS_FAILURES_PER_NUMBER)
        under_attack |= _over(
            _usage(
                request,
                ACCESS_NUMBER,
                lambda group, request: tracking_number,
                settings.INTAKE_ACCESS_FAILURES_PER_NUMBER,
                True,
            ),
            True,
        )
    if under_attack:
        rate = settings.INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK
        _usage(request, ACCESS_IP_UNDER_ATTACK, client_address, rate, True)


def submit_pause(request) -> int:
    """Counts every submission attempt of this IP; the seconds to wait once over the limit."""
    rate = settings.INTAKE_SUBMISSIONS_PER_IP
    usage = _usage(request, SUBMIT_IP, client_address, rate, True)
    return _retry_after(usage, rate) if _over(usage, True) else 0


def submit_blocked(request) -> bool:
    """Counts every submission attempt of this IP; True once over the limit."""
    return submit_pause(request) > 0
