"""The reporter's secret access key: 160 bits from `secrets`, shown once, stored only as
HMAC-SHA256(pepper, key). With that much entropy a slow KDF adds nothing (ASVS 6.5.2/C18); the
pepper means a database dump alone cannot test guesses offline.

The pepper is its own key (`settings.ACCESS_KEY_PEPPERS`, newest first), not the secret key, so
the secret key can rotate. Digests made under an older pepper, or under the secret key (current
or in `SECRET_KEY_FALLBACKS`) as before the pepper had its own key, still match; the caller
re-HMACs them with the newest pepper on use (`intake.services.report_access`)."""

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


def _derive(secret: str) -> bytes:
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _pepper() -> bytes:
    return _derive(settings.ACCESS_KEY_PEPPERS[0])


def _fallback_peppers() -> list[bytes]:
    secrets_ = [
        *settings.ACCESS_KEY_PEPPERS[1:],
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    return [_derive(secret) for secret in secrets_ if secret]


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


def _digest(pepper: bytes, key: object) -> str:
    return hmac.new(pepper, access_key_normalise(key).encode(), hashlib.sha256).hexdigest()


def access_key_digest(key: object) -> str:
    """The digest under the newest pepper: what is stored for a new key."""
    return _digest(_pepper(), key)


def access_key_fallback_digests(key: object) -> list[str]:
    """The digests a key may have been stored under before a rotation (not the newest)."""
    current = access_key_digest(key)
    return [d for d in (_digest(p, key) for p in _fallback_peppers()) if d != current]


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
