"""The rotating code in an activity's check-in QR, and the day-long window it is valid in.

The QR on the organiser's screen carries `<period>.<mac>`: the number of the current period of
`PREVENTION_CHECK_IN_QR_ROTATE_SECONDS` and an HMAC of the activity's token with that number
(keyed by SECRET_KEY). Nothing is stored: the server recomputes the MAC. A code is accepted
until GRACE seconds after its period ended, so a photo of the screen sent to a chat group stops
working within minutes, while a person who scanned just before the change can still send the
form. Pure functions; `now` is passed in so tests need no clock tricks.
"""

import datetime as dt
import enum
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

from netra.regions.timezones import region_timezone

SALT = "netra.prevention.check-in-qr"
MAC_LENGTH = 16


class CodeState(enum.Enum):
    VALID = "valid"
    MISSING = "missing"  # no code, or not one of ours (a typed or damaged link)
    EXPIRED = "expired"


def _rotate() -> int:
    return max(30, int(settings.PREVENTION_CHECK_IN_QR_ROTATE_SECONDS))


def period_of(now: dt.datetime) -> int:
    return int(now.timestamp()) // _rotate()


def _mac(token: str, period: int) -> str:
    return salted_hmac(SALT, f"{token}:{period}", algorithm="sha256").hexdigest()[:MAC_LENGTH]


def code_for(token: str, now: dt.datetime) -> str:
    period = period_of(now)
    return f"{period}.{_mac(token, period)}"


def seconds_to_next(now: dt.datetime) -> int:
    """Seconds until the code shown now is replaced (for the organiser page's refresh)."""
    rotate = _rotate()
    return rotate - int(now.timestamp()) % rotate


def code_check(token: str, code: str | None, now: dt.datetime) -> CodeState:
    period_text, _, mac = (code or "").partition(".")
    if not (period_text.isascii() and period_text.isdigit() and len(period_text) < 12):
        return CodeState.MISSING
    period = int(period_text)
    if not hmac.compare_digest(mac.encode(), _mac(token, period).encode()):
        return CodeState.MISSING
    current = period_of(now)
    if period > current:  # a code from the future was never shown
        return CodeState.MISSING
    period_end = (period + 1) * _rotate()
    if now.timestamp() >= period_end + settings.PREVENTION_CHECK_IN_QR_GRACE_SECONDS:
        return CodeState.EXPIRED
    return CodeState.VALID


def check_in_window(activity) -> tuple[dt.datetime, dt.datetime]:
    """From (margin before) the start of the activity's day to (margin after) its end, in the
    time zone of the activity's region (WIB, WITA or WIT)."""
    zone = region_timezone(activity.region.code if activity.region_id else None)
    start = dt.datetime.combine(activity.held_on, dt.time.min, tzinfo=zone)
    margin = dt.timedelta(minutes=settings.PREVENTION_CHECK_IN_MARGIN_MINUTES)
    return start - margin, start + dt.timedelta(days=1) + margin
