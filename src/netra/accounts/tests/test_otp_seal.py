"""TOTP seeds and backup codes at rest (otp_seal): a dump alone gives neither."""

import importlib
from binascii import hexlify

import pytest
from django.apps import apps
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra import field_crypto
from netra.accounts import otp_seal
from netra.accounts.tests.fixtures import totp_code

VERIFY = "/akun/otp/"

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_totp_seed_is_sealed_in_the_database_and_opens_with_the_field_key(make_staff, settings):
    user = make_staff(username="seal")
    device = TOTPDevice.objects.get(user=user)
    stored = _raw("otp_totp_totpdevice", "key", device.pk)
    seed = device.bin_key
    # The column holds an envelope that fits django-otp's 80 characters, never the hex seed.
    assert field_crypto.is_compact_envelope(stored) and len(stored) <= 80
    assert hexlify(seed).decode() not in stored and len(seed) == 20
    # A fresh instance (as login loads it) opens the same seed and accepts its code.
    fresh = TOTPDevice.objects.get(pk=device.pk)
    assert fresh.bin_key == seed and fresh.verify_token(totp_code(fresh))
    # Another key (a dump read elsewhere) cannot open it.
    settings.FIELD_KEYS = ["someone else's key"]
    with pytest.raises(field_crypto.EnvelopeError):
        TOTPDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


def test_sealed_seed_is_bound_to_its_user(make_staff):
    alice = make_staff(username="alice")
    bob = make_staff(username="bob")
    a = TOTPDevice.objects.get(user=alice)
    b = TOTPDevice.objects.get(user=bob)
    # Copying Alice's envelope onto Bob's device does not give Bob her seed.
    TOTPDevice.objects.filter(pk=b.pk).update(key=a.key)
    with pytest.raises(field_crypto.EnvelopeError):
        TOTPDevice.objects.get(pk=b.pk).bin_key  # noqa: B018


def test_field_key_rotation_keeps_totp_and_backup_codes_working(make_staff, settings):
    user = make_staff(username="rot")
    device = TOTPDevice.objects.get(user=user)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    # A new key first, the old one still listed (docs/operations.md, key rotation).
    settings.FIELD_KEYS = ["a newer key", *settings.FIELD_KEYS]
    fresh = TOTPDevice.objects.get(pk=device.pk)
    assert fresh.verify_token(totp_code(fresh))
    assert StaticDevice.objects.get(pk=static.pk).verify_token("ABCD2345")


def test_backup_codes_are_stored_hashed_and_work_once(client, make_staff):
    user = make_staff(username="codes")
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    token = StaticToken.objects.create(device=static, token="qwer7yui")
    stored = _raw("otp_static_statictoken", "token", token.pk)
    assert stored.startswith("#") and "qwer7yui" not in stored
    # The stored hash itself is not a code.
    client.force_login(user)
    assert client.post(VERIFY, {"token": stored}).status_code == 200
    assert client.post(VERIFY, {"token": "qwer7yui"}).status_code == 302
    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"token": "qwer7yui"}).status_code == 200
    assert not StaticToken.objects.filter(device=static).exists()


def test_migration_seals_existing_clear_rows(make_staff):
    user = make_staff(username="legacy")
    device = TOTPDevice.objects.get(user=user)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    token = StaticToken.objects.create(device=static, token="x")
    # Rows as django-otp wrote them before: hex seed, clear code (update() skips pre_save).
    hex_seed = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.filter(pk=device.pk).update(key=hex_seed)
    StaticToken.objects.filter(pk=token.pk).update(token="zxcv2345")
    migration = importlib.import_module("netra.accounts.migrations.0003_seal_otp_secrets")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # a second run changes nothing
    stored = _raw("otp_totp_totpdevice", "key", device.pk)
    assert field_crypto.is_compact_envelope(stored)
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == bytes.fromhex(hex_seed)
    assert _raw("otp_static_statictoken", "token", token.pk) == otp_seal.backup_code_hash(
        "zxcv2345"
    )
    assert StaticDevice.objects.get(pk=static.pk).verify_token("zxcv2345")
