"""Second-factor secrets at rest: TOTP seeds sealed with the field key, backup codes keyed-hashed.

django-otp stores both in clear, so a database dump plus one cracked password would give a full
login. Here:

- `TOTPDevice.key` holds a compact AES-GCM envelope (`field_crypto.seal_bytes`, bound to the
  user id) instead of the hex seed; `bin_key` opens it. A dump without the field key gives no seed.
- `StaticToken.token` holds `#` + a truncated HMAC of the code under the field key (60 bits: the
  codes themselves carry 40). Any configured field key matches, so rotating the field key does not
  void printed codes. A used code is deleted, as before.

`install()` (from AccountsConfig.ready) hooks django-otp's models; `tests/test_otp_seal.py` pins
the behaviour, so an upgrade of django-otp that changes these members fails there.
"""

from binascii import unhexlify

from django.db.models.signals import pre_save
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra import field_crypto

_SEED_AAD = b"netra.accounts.totp-seed.v1"
_CODE_PURPOSE = b"netra.accounts.backup-code.v1"
HASHED_PREFIX = "#"
_HASH_CHARS = 15  # StaticToken.token is 16 characters wide


def _seed_aad(user_id) -> bytes:
    return _SEED_AAD + b"\x00" + str(user_id).encode()


def seal_seed(hex_key: str, user_id) -> str:
    return field_crypto.seal_bytes(unhexlify(hex_key.encode()), aad=_seed_aad(user_id))


def open_seed(stored: str, user_id) -> bytes:
    if field_crypto.is_compact_envelope(stored):
        return field_crypto.open_bytes(stored, aad=_seed_aad(user_id))
    # Only a row written before the seal migration (or by raw SQL) is still hex.
    return unhexlify(stored.encode())


def _normalise_code(token: str) -> str:
    return str(token).strip().lower().replace(" ", "")


def backup_code_hashes(token: str) -> list[str]:
    """The stored forms `token` may have: one per configured field key, newest first."""
    return [
        HASHED_PREFIX + digest[:_HASH_CHARS]
        for digest in field_crypto.digests_all_keys(_normalise_code(token), purpose=_CODE_PURPOSE)
    ]


def backup_code_hash(token: str) -> str:
    return backup_code_hashes(token)[0]


def is_hashed(stored: str) -> bool:
    return stored.startswith(HASHED_PREFIX)


# --- hooks into django-otp --------------------------------------------------------------------


def _totp_bin_key(self) -> bytes:
    return open_seed(self.key, self.user_id)


def _seal_totp_on_save(sender, instance, **kwargs):
    if instance.key and not field_crypto.is_compact_envelope(instance.key):
        instance.key = seal_seed(instance.key, instance.user_id)


def _hash_static_token_on_save(sender, instance, **kwargs):
    if instance.token and not is_hashed(instance.token):
        instance.token = backup_code_hash(instance.token)


def _static_verify_token(self, token) -> bool:
    """django-otp's StaticDevice.verify_token, matching the keyed hash instead of the code."""
    verify_allowed, _ = self.verify_is_allowed()
    if not verify_allowed:
        return False
    match = self.token_set.filter(token__in=backup_code_hashes(token)).first()
    if match is None:
        self.throttle_increment()
        return False
    match.delete()
    self.throttle_reset(commit=False)
    self.set_last_used_timestamp(commit=False)
    self.save()
    return True


def install() -> None:
    TOTPDevice.bin_key = property(_totp_bin_key)
    StaticDevice.verify_token = _static_verify_token
    pre_save.connect(_seal_totp_on_save, sender=TOTPDevice, dispatch_uid="netra-seal-totp")
    pre_save.connect(
        _hash_static_token_on_save, sender=StaticToken, dispatch_uid="netra-hash-static"
    )
