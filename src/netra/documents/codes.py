"""Verification codes (`VRF-8K2M-Q7XD-3`): short, random, readable, with a check character.

Eight random characters and one check character from `netra.readable_codes` (shared with report
tracking numbers): every single-character substitution and every swap of two adjacent characters,
the check character included, is detected. The code is not a secret: it only proves that a
document exists, and the page shows nothing personal beyond what the issuer chose.
"""

import re

from netra.readable_codes import check_char, check_matches, compact, random_body

PREFIX = "VRF"
BODY_LENGTH = 8
MAX_INPUT_LENGTH = 40  # anything longer is not a code someone typed
_SHAPE = re.compile(r"^([0-9A-Z]{8})([0-9A-Z])$")


class InvalidCode(ValueError):
    pass


def format_code(body: str) -> str:
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{check_char(body)}"


def code_new() -> str:
    return format_code(random_body(BODY_LENGTH))


def normalise(text: object) -> str:
    """What people type -> canonical code; raises InvalidCode.

    Case, spaces, dots and dashes are ignored, the `VRF` prefix is optional, O reads as 0 and
    I/L as 1 (Crockford). The check character must match.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        raise InvalidCode("not text")
    text = compact(text)
    if text.startswith(PREFIX) and len(text) == len(PREFIX) + BODY_LENGTH + 1:
        text = text[len(PREFIX) :]
    match = _SHAPE.match(text)
    if not match:
        raise InvalidCode("shape")
    body, check = match.groups()
    if not check_matches(body + check):
        raise InvalidCode("check")
    return format_code(body)


def is_valid(text: object) -> bool:
    try:
        normalise(text)
    except InvalidCode:
        return False
    return True
