"""Short, random, readable codes with a check character: report tracking numbers and document
verification codes share this.

The alphabet is Crockford's base32 without Z (31 symbols; no I, L, O, U or Z), so the check
character, a weighted sum modulo the prime 31, comes from the same letters and digits people
already type (no `*~$=` on a phone keyboard). Weights 1..n (n < 31) are distinct and nonzero
modulo 31, so every single-character substitution and every swap of two adjacent characters
changes the check character. Typing is forgiving: case, spaces, dots, underscores and dashes are
ignored, and O reads as 0, I and L as 1 (Crockford).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
MODULUS = len(ALPHABET)  # 31, prime
_SEPARATORS = re.compile(r"[\s\-_.]")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def random_body(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def check_char(body: str) -> str:
    """The check character of `body` (characters of ALPHABET only, fewer than 31 of them)."""
    if len(body) >= MODULUS:
        raise ValueError("body too long for a mod-31 check")
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % MODULUS]


def compact(text: str) -> str:
    """Upper case, separators removed, O/I/L read as 0/1."""
    return _SEPARATORS.sub("", text.upper()).translate(_CONFUSABLE)


def in_alphabet(text: str) -> bool:
    return all(c in ALPHABET for c in text)


def check_matches(body_and_check: str) -> bool:
    body, check = body_and_check[:-1], body_and_check[-1:]
    return bool(body) and in_alphabet(body_and_check) and check_char(body) == check
