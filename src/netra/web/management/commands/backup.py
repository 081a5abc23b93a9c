"""`netra backup OUT`: database, stored files, audit checkpoints and keys in one archive with a
SHA-256 manifest (netra/backup.py). The archive is as sensitive as the keys in it."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from netra import backup


class Command(BaseCommand):
    help = (
        "Back up the database, evidence and document files, audit checkpoints and the keys that "
        "read them. WARNING: with the keys inside, the archive opens every sealed field; keep it "
        "like the keys, or use --no-keys / --encrypt."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("out", nargs="?", help="archive file to write")
        parser.add_argument("--no-keys", action="store_true", help="leave the keys out")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="encrypt the archive with the passphrase in NETRA_BACKUP_PASSPHRASE",
        )
        parser.add_argument(
            "--table-digests",
            action="store_true",
            help="print each table's row count and content hash as JSON (restore drills)",
        )

    def handle(self, *args, **options):
        if options["table_digests"]:
            self.stdout.write(json.dumps(backup.table_digests(connection), sort_keys=True))
            return
        if not options["out"]:
            raise CommandError("give the archive file to write")
        passphrase = None
        if options["encrypt"]:
            passphrase = os.environ.get("NETRA_BACKUP_PASSPHRASE", "")
            if len(passphrase) < 12:
                raise CommandError("set NETRA_BACKUP_PASSPHRASE (12 characters or more)")
        keys = None if options["no_keys"] else backup.current_keys(settings)
        manifest = backup.create_backup(
            Path(options["out"]),
            db=settings.DATABASES["default"],
            media_root=Path(settings.MEDIA_ROOT),
            checkpoint_file=Path(settings.AUDIT_CHECKPOINT_FILE),
            keys=keys,
            passphrase=passphrase,
        )
        size = sum(meta["size"] for meta in manifest["files"].values())
        self.stdout.write(
            f"backup written: {options['out']} ({len(manifest['files'])} files, "
            f"{size / 1e6:.1f} MB before packing, {manifest['engine']})"
        )
        if keys is not None:
            self.stderr.write(
                "WARNING: this archive holds the keys (secret key, field keys, access-key pepper, "
                "audit anchor key): anyone with it can read reporter identities. Store it as you "
                "store the keys" + ("." if passphrase else ", or back up with --encrypt.")
            )
