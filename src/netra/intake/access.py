"""The reporter's secret access key: 160 bits from `secrets`, shown once, stored only as
HMAC-SHA256(pepper, key). With that much entropy a slow KDF adds nothing (ASVS 6.5.2/C18); the
pepper (derived from SECRET_KEY) means a database dump alone cannot test guesses offline."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

KEY_BYTES = 20  # 160 bits
_PURPOSE = b"netra.intake.access-key.v1"
_GROUP = 4
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _pepper() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), _PURPOSE, hashlib.sha256).digest()


def access_key_new() -> str:
    """A new key in Crockford base32, grouped for reading aloud: 32 characters in 8 groups."""
    number = int.from_bytes(secrets.token_bytes(KEY_BYTES), "big")
    chars = []
    for _ in range(KEY_BYTES * 8 // 5):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    text = "".join(chars)
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def access_key_normalise(key: object) -> str:
    if not isinstance(key, str):
        return ""
    compact = re.sub(r"[\s\-_.]", "", key.upper()).translate(_CONFUSABLE)
    return compact[:64]


def access_key_digest(key: object) -> str:
    return hmac.new(_pepper(), access_key_normalise(key).encode(), hashlib.sha256).hexdigest()


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
