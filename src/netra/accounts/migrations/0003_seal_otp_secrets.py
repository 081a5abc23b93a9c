"""Seal existing TOTP seeds with the field key and replace stored backup codes by their keyed
hashes (accounts/otp_seal.py). Not reversible: a hashed code cannot be turned back."""

from django.db import migrations


def forwards(apps, schema_editor):
    from netra import field_crypto
    from netra.accounts import otp_seal

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for device in TOTPDevice.objects.all().only("pk", "key", "user_id").iterator():
        if not field_crypto.is_compact_envelope(device.key):
            sealed = otp_seal.seal_seed(device.key, device.user_id)
            TOTPDevice.objects.filter(pk=device.pk).update(key=sealed)
    for token in StaticToken.objects.all().only("pk", "token").iterator():
        if not otp_seal.is_hashed(token.token):
            StaticToken.objects.filter(pk=token.pk).update(
                token=otp_seal.backup_code_hash(token.token)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_memberships"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
