"""`netra restore ARCHIVE`: verify the manifest, then restore into an empty database and var dir
(netra/backup.py). Run `netra audit verify`, `netra evidence check` and `netra documents check`
afterwards, in a new process (this one still holds the keys it started with)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netra import backup


class Command(BaseCommand):
    help = "Restore an archive from `netra backup` into an empty database and media directory."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--verify-only", action="store_true", help="check the manifest, restore nothing"
        )
        parser.add_argument("--no-keys", action="store_true", help="do not write restored keys")

    def handle(self, *args, **options):
        passphrase = os.environ.get("NETRA_BACKUP_PASSPHRASE") or None
        try:
            if options["verify_only"]:
                import tempfile

                with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as tmp:
                    manifest = backup.open_archive(
                        Path(options["archive"]), Path(tmp), passphrase=passphrase
                    )
                self.stdout.write(f"archive intact: {len(manifest['files'])} files match")
                return
            result = backup.restore_backup(
                Path(options["archive"]),
                db=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                checkpoint_file=Path(settings.AUDIT_CHECKPOINT_FILE),
                var_dir=Path(settings.VAR_DIR),
                passphrase=passphrase,
                with_keys=not options["no_keys"],
            )
        except backup.BackupError as exc:
            raise CommandError(f"restore refused: {exc}", returncode=1) from exc
        manifest = result["manifest"]
        self.stdout.write(
            f"restored {manifest['engine']} database and {len(manifest['files'])} files "
            f"from a backup of {manifest['created_at']}"
        )
        for note in result["notes"]:
            self.stdout.write(f"to do: {note}")
