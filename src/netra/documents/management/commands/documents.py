"""`netra documents verify CODE`, `netra documents check`, `netra documents sweep-staging`."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netra.documents import storage
from netra.documents.choices import VerifyState
from netra.documents.models import IssuedDocument
from netra.documents.selectors import document_verify


class Command(BaseCommand):
    help = (
        "Issued documents. `verify CODE` answers like the public page (exit 0 valid, 1 revoked "
        "or not found, 2 malformed); `check` re-hashes every stored PDF (exit 1 if any is "
        "missing or changed); `sweep-staging` removes staged files of issues that never committed."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="look up a verification code")
        verify.add_argument("code")
        verify.add_argument("--json", action="store_true", help="machine-readable output")
        check = sub.add_parser("check", help="re-hash every stored PDF against its record")
        check.add_argument("--json", action="store_true", help="machine-readable output")
        sweep = sub.add_parser("sweep-staging", help="remove old staged files")
        sweep.add_argument("--dry-run", action="store_true", help="count only, remove nothing")
        sweep.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        return getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _verify(self, options):
        result = document_verify(options["code"])
        if result.state == VerifyState.MALFORMED:
            raise CommandError(
                f"not a valid verification code: {options['code'][:40]!r}", returncode=2
            )
        data = {
            "state": result.state,
            "code": result.code,
            "kind": result.kind,
            "issuer": result.issuer,
            "issued_at": result.issued_at.isoformat() if result.issued_at else None,
            "revoked_at": result.revoked_at.isoformat() if result.revoked_at else None,
            "public_fields": result.public_fields,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data))
        else:
            self.stdout.write(f"{result.code}: {result.state}")
        if result.state != VerifyState.VALID:
            raise CommandError(f"{result.code}: {result.state}", returncode=1)

    def _check(self, options):
        broken = []
        count = 0
        for code, sha256 in IssuedDocument.objects.values_list("code", "sha256").iterator():
            count += 1
            try:
                storage.read_verified(sha256)
            except storage.DocumentIntegrityError as exc:
                broken.append({"code": code, "problem": str(exc)})
        if options["json"]:
            self.stdout.write(json.dumps({"checked": count, "broken": broken}))
        else:
            self.stdout.write(f"checked {count} documents, {len(broken)} broken")
            for item in broken:
                self.stdout.write(f"  {item['code']}: {item['problem']}")
        if broken:
            raise CommandError(f"{len(broken)} stored documents failed the check", returncode=1)

    def _sweep_staging(self, options):
        grace = settings.DOCUMENTS_STAGING_GRACE_SECONDS
        if options["dry_run"]:
            # Old journals and loose staged files the sweep would look at.
            removed = storage.STORE.sweepable(older_than_seconds=grace)
        else:
            removed = storage.sweep_staging(older_than_seconds=grace)
        if options["json"]:
            self.stdout.write(json.dumps({"removed": removed, "dry_run": options["dry_run"]}))
        else:
            verb = "would remove" if options["dry_run"] else "removed"
            self.stdout.write(f"{verb} {removed} staged files")
