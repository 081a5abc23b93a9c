"""`netra audit verify`: walk the audit chain and name the first broken link."""

import json

from django.core.management.base import BaseCommand, CommandError

from netra.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit-chain tools. `verify` exits 0 when intact, 1 naming the first broken event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chain of every audit event")
        verify.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "intact": report.intact,
                        "count": report.count,
                        "broken_seq": report.broken_seq,
                        "reason": report.reason,
                    }
                )
            )
        if report.intact:
            if not options["json"]:
                self.stdout.write(f"audit chain intact: {report.count} events")
            return
        raise CommandError(
            f"audit chain broken at event #{report.broken_seq}: {report.reason} "
            f"({report.count} events verified before it)",
            returncode=1,
        )
