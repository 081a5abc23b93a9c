"""`netra audit verify`: walk the audit chain, compare it with the checkpoints kept outside the
database and name the first broken link. `netra audit checkpoint`: append a checkpoint now."""

import json

from django.core.management.base import BaseCommand, CommandError

from netra.audit import anchor
from netra.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Audit-chain tools. `verify` exits 0 when intact, 1 naming the first broken event; "
        "`checkpoint` records the verified head in the checkpoint file."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chain against its checkpoints")
        verify.add_argument("--json", action="store_true", help="machine-readable output")
        sub.add_parser("checkpoint", help="verify new events and append a checkpoint")

    def handle(self, *args, **options):
        if options["action"] == "checkpoint":
            return self._checkpoint()
        report = audit_chain_verify()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "intact": report.intact,
                        "count": report.count,
                        "broken_seq": report.broken_seq,
                        "reason": report.reason,
                        "checkpoints": report.checkpoints,
                        "checkpoint_seq": report.checkpoint_seq,
                    }
                )
            )
        if report.intact:
            if not options["json"]:
                anchored = (
                    f", agrees with {report.checkpoints} checkpoints "
                    f"(last at #{report.checkpoint_seq})"
                    if report.checkpoints
                    else f"; no checkpoints yet in {anchor.path()}"
                )
                self.stdout.write(f"audit chain intact: {report.count} events{anchored}")
            return
        where = f"at event #{report.broken_seq}" if report.broken_seq else ""
        raise CommandError(
            f"audit chain broken {where}: {report.reason} "
            f"({report.count} events verified before it)",
            returncode=1,
        )

    def _checkpoint(self):
        try:
            point = anchor.checkpoint_write()
        except anchor.AnchorError as exc:
            raise CommandError(f"checkpoint refused: {exc}", returncode=1) from exc
        if point is None:
            self.stdout.write("no new events since the last checkpoint")
        else:
            self.stdout.write(f"checkpoint written: #{point.seq} {point.hash[:16]}")
