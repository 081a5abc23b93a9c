"""Verification codes (`VRF-8K2M-Q7XD-3`): short, random, readable, with a check character.

Crockford base32 (no I, L, O, U) for 8 random characters (40 bits) and one check character:
a weighted sum modulo the prime 37 over Crockford's check alphabet (base32 plus `*~$=U`).
Weights 1..8 are distinct and nonzero modulo 37, so every single-character substitution and
every swap of two adjacent body characters changes the check. The code is not a secret: it only
proves that a document exists, and the page shows nothing personal beyond what the issuer chose.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
PREFIX = "VRF"
BODY_LENGTH = 8
MAX_INPUT_LENGTH = 40  # anything longer is not a code someone typed
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(r"^([0-9A-Z]{8})([0-9A-Z*~$=])$")


class InvalidCode(ValueError):
    pass


def check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return CHECK_ALPHABET[total % 37]


def format_code(body: str) -> str:
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{check_char(body)}"


def code_new() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH)))


def normalise(text: object) -> str:
    """What people type -> canonical code; raises InvalidCode.

    Case, spaces, dots and dashes are ignored, the `VRF` prefix is optional, O reads as 0 and
    I/L as 1 (Crockford). The check character must match.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        raise InvalidCode("not text")
    compact = re.sub(r"[\s\-_.]", "", text.upper())
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + BODY_LENGTH + 1:
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_CONFUSABLE)
    match = _SHAPE.match(compact)
    if not match:
        raise InvalidCode("shape")
    body, check = match.groups()
    if any(c not in ALPHABET for c in body):
        raise InvalidCode("alphabet")
    if check_char(body) != check:
        raise InvalidCode("check")
    return format_code(body)


def is_valid(text: object) -> bool:
    try:
        normalise(text)
    except InvalidCode:
        return False
    return True
