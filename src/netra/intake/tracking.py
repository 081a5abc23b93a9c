"""Tracking numbers (`NTR-24-7K3Q-9XWM`): short, random, readable, with a check character.

The alphabet and the check character (over the year and the body) come from
`netra.readable_codes`: every single-character typo and every swap of two adjacent characters is
detected. The number is an identifier, not a secret: access needs the separate key (`access.py`).
"""

import re

from netra.readable_codes import check_char, check_matches, compact, random_body

PREFIX = "NTR"
BODY_LENGTH = 7  # 31**7 (~27 billion) numbers per year; collisions are retried
_SHAPE = re.compile(r"^NTR(\d{2})([0-9A-Z]{8})$")


class InvalidTrackingNumber(ValueError):
    pass


def format_number(year: int, body: str) -> str:
    chars = body + check_char(f"{year % 100:02d}{body}")
    return f"{PREFIX}-{year % 100:02d}-{chars[:4]}-{chars[4:]}"


def tracking_number_new(year: int) -> str:
    return format_number(year, random_body(BODY_LENGTH))


def normalise(text: object) -> str:
    """What people type -> canonical form; raises InvalidTrackingNumber.

    Case, spaces and dashes are ignored; O is read as 0 and I/L as 1 (Crockford). The check
    character must match.
    """
    if not isinstance(text, str):
        raise InvalidTrackingNumber("not text")
    text = compact(text)
    if not text.startswith(PREFIX) and len(text) == 10:
        text = PREFIX + text
    match = _SHAPE.match(text)
    if not match:
        raise InvalidTrackingNumber("shape")
    year, chars = match.groups()
    if not check_matches(year + chars):
        raise InvalidTrackingNumber("check")
    return f"{PREFIX}-{year}-{chars[:4]}-{chars[4:]}"


def is_valid(text: object) -> bool:
    try:
        normalise(text)
    except InvalidTrackingNumber:
        return False
    return True
