"""`netra retention purge [--dry-run] [--json]`: apply the retention policy now (ADR 0014).

The same job beat runs daily (`cases.retention_purge`). `--dry-run` counts what is due and
changes nothing. Output names counts only, never content.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from netra.cases.retention import retention_purge
from netra.intake.retention import PurgeBusy


class Command(BaseCommand):
    help = (
        "Retention (ADR 0014). `purge` deletes the content, evidence files and reporter "
        "identity of reports that were not registered, once NETRA_RETENTION_UNREGISTERED_DAYS "
        "have passed since, and erases reporters' identities once every case of their report "
        "ended NETRA_RETENTION_REPORTER_IDENTITY_DAYS ago; cases that were registered are "
        "never purged. `--dry-run` counts what is due and changes nothing."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="apply the retention policy now")
        purge.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        purge.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        try:
            summary = retention_purge(dry_run=options["dry_run"])
        except PurgeBusy as exc:
            raise CommandError(f"{exc}; try again later", returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict()))
        else:
            verb = "due" if summary.dry_run else "purged"
            self.stdout.write(
                f"{'dry run: ' if summary.dry_run else ''}"
                f"not registered > {summary.unregistered_days or 'off'} days: "
                f"{summary.reports} reports in {summary.cases} cases {verb} "
                f"({summary.evidence} evidence rows, {summary.files_removed} files removed); "
                f"reporter identities after {summary.identity_days or 'off'} days: "
                f"{summary.identities} {'due' if summary.dry_run else 'erased'}"
            )
        if summary.failed:
            raise CommandError(
                f"{summary.failed} purges failed (see the log); the next run retries them",
                returncode=1,
            )
