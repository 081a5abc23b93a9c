"""Personal fields at rest: AES-256-GCM envelopes (DESIGN.md §4). First used for the reporter
identity of a report (intake), also for the registry's contact e-mail and phone.

Envelope text: `v1.<key id>.<base64url(nonce || ciphertext+tag)>`. Keys come from
`settings.FIELD_KEYS` (newest first): new envelopes use the first key, any listed key decrypts,
so a key can be rotated by prepending a new one and re-encrypting at leisure. The key id is a
hash prefix of the derived key, never the key. The associated data binds the envelope to its
purpose, so an envelope cannot be replayed into another encrypted field.
"""

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

VERSION = "v1"
_AAD = b"netra.intake.reporter-identity.v1"


class EnvelopeError(ValueError):
    """The envelope is malformed, was tampered with, or no configured key opens it."""


def _derive(secret: str) -> bytes:
    # The salt keeps its first user's name: changing it would make stored envelopes unreadable.
    return hashlib.sha256(b"netra.intake.field-key\x00" + secret.encode()).digest()


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id\x00" + key).hexdigest()[:12]


def _keys() -> list[tuple[str, bytes]]:
    keys = [_derive(secret) for secret in settings.FIELD_KEYS if secret]
    if not keys:
        raise EnvelopeError("no FIELD_KEYS configured")
    return [(_key_id(key), key) for key in keys]


def seal(data: dict, *, aad: bytes = _AAD) -> str:
    key_id, key = _keys()[0]
    nonce = os.urandom(12)
    plaintext = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    blob = nonce + AESGCM(key).encrypt(nonce, plaintext, aad)
    return f"{VERSION}.{key_id}.{base64.urlsafe_b64encode(blob).decode()}"


def open_envelope(envelope: str, *, aad: bytes = _AAD) -> dict:
    try:
        version, key_id, payload = envelope.split(".", 2)
        blob = base64.urlsafe_b64decode(payload.encode())
    except (ValueError, AttributeError) as exc:
        raise EnvelopeError("malformed envelope") from exc
    if version != VERSION or len(blob) < 12 + 16:
        raise EnvelopeError("unsupported envelope")
    key = dict(_keys()).get(key_id)
    if key is None:
        raise EnvelopeError("no configured key matches the envelope")
    try:
        plaintext = AESGCM(key).decrypt(blob[:12], blob[12:], aad)
    except InvalidTag as exc:
        raise EnvelopeError("envelope failed authentication") from exc
    return json.loads(plaintext)


def key_id_of(envelope: str) -> str:
    return envelope.split(".", 2)[1] if envelope.count(".") >= 2 else ""


def current_key_id() -> str:
    return _keys()[0][0]


def digest(text: str, *, purpose: bytes) -> str:
    """A keyed hash (HMAC-SHA256 under the newest key) of `text` for `purpose`: equal texts give
    equal digests, so a sealed value can be compared without opening it, and a table of
    digests cannot be reversed without the key."""
    import hmac

    key = _keys()[0][1]
    return hmac.new(key, purpose + b"\x00" + text.encode(), hashlib.sha256).hexdigest()


# --- compact envelopes for short secrets in fixed-width columns ---------------------------
# `s1.<key id>.<base64url(nonce || ciphertext+tag)>`: no JSON, so a 20-byte TOTP seed seals to
# exactly 80 characters (django-otp's column width).
COMPACT_VERSION = "s1"


def seal_bytes(data: bytes, *, aad: bytes) -> str:
    key_id, key = _keys()[0]
    nonce = os.urandom(12)
    blob = nonce + AESGCM(key).encrypt(nonce, data, aad)
    return f"{COMPACT_VERSION}.{key_id}.{base64.urlsafe_b64encode(blob).decode().rstrip('=')}"


def open_bytes(envelope: str, *, aad: bytes) -> bytes:
    try:
        version, key_id, payload = envelope.split(".", 2)
        blob = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (ValueError, AttributeError) as exc:
        raise EnvelopeError("malformed envelope") from exc
    if version != COMPACT_VERSION or len(blob) < 12 + 16:
        raise EnvelopeError("unsupported envelope")
    key = dict(_keys()).get(key_id)
    if key is None:
        raise EnvelopeError("no configured key matches the envelope")
    try:
        return AESGCM(key).decrypt(blob[:12], blob[12:], aad)
    except InvalidTag as exc:
        raise EnvelopeError("envelope failed authentication") from exc


def is_compact_envelope(text: str) -> bool:
    return isinstance(text, str) and text.startswith(COMPACT_VERSION + ".")


def digests_all_keys(text: str, *, purpose: bytes) -> list[str]:
    """`digest` under every configured key, newest first: for matching a stored digest that
    may predate a key rotation."""
    import hmac

    return [
        hmac.new(key, purpose + b"\x00" + text.encode(), hashlib.sha256).hexdigest()
        for _key_id, key in _keys()
    ]
