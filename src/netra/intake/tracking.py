"""Tracking numbers (`NTR-24-7K3Q-9XWM`): short, random, readable, with a check character.

Crockford base32 (no I, L, O, U). The check character is a weighted sum over the body modulo 37
(Crockford's own check alphabet adds `*~$=U`), so every single-character typo and every swap of
two adjacent characters is detected: weights 1..n are distinct and nonzero modulo the prime 37.
The number is an identifier, not a secret: access needs the separate key (see `access.py`).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
PREFIX = "NTR"
BODY_LENGTH = 7  # 35 random bits: ~34 billion numbers per year; collisions are retried
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(r"^NTR(\d{2})([0-9A-Z]{7})([0-9A-Z*~$=])$")


class InvalidTrackingNumber(ValueError):
    pass


def check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return CHECK_ALPHABET[total % 37]


def format_number(year: int, body: str) -> str:
    chars = body + check_char(f"{year % 100:02d}{body}")
    return f"{PREFIX}-{year % 100:02d}-{chars[:4]}-{chars[4:]}"


def tracking_number_new(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return format_number(year, body)


def normalise(text: object) -> str:
    """What people type -> canonical form; raises InvalidTrackingNumber.

    Case, spaces and dashes are ignored; O is read as 0 and I/L as 1 (Crockford). The check
    character must match.
    """
    if not isinstance(text, str):
        raise InvalidTrackingNumber("not text")
    compact = re.sub(r"[\s\-_.]", "", text.upper())
    if not compact.startswith(PREFIX) and len(compact) == 10:
        compact = PREFIX + compact
    head, rest = compact[:3], compact[3:]
    rest = rest.translate(_CONFUSABLE)
    match = _SHAPE.match(head + rest)
    if not match:
        raise InvalidTrackingNumber("shape")
    year, chars = match.group(1), match.group(2) + match.group(3)
    body, check = chars[:-1], chars[-1]
    if any(c not in ALPHABET for c in body):
        raise InvalidTrackingNumber("alphabet")
    if check_char(year + body) != check:
        raise InvalidTrackingNumber("check")
    return f"{PREFIX}-{year}-{chars[:4]}-{chars[4:]}"


def is_valid(text: object) -> bool:
    try:
        normalise(text)
    except InvalidTrackingNumber:
        return False
    return True
