"""`netra evidence check|sweep|release|recheck`: the evidence store's health and quarantine."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netra.intake import evidence, services
from netra.intake.models import Evidence


class Command(BaseCommand):
    help = (
        "Evidence files. `check` re-hashes every row's files (exit 1 listing each missing or "
        "changed one; --quick: existence and size only); `sweep` cleans up after crashes and "
        "abandoned uploads; `release ID --reason` lets a quarantined file be downloaded; "
        "`recheck` scans quarantined files again."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="every row's file exists and matches its SHA-256")
        check.add_argument("--quick", action="store_true", help="existence and size only")
        check.add_argument("--json", action="store_true", help="machine-readable output")
        sweep = sub.add_parser("sweep", help="remove what crashes and abandoned forms left")
        sweep.add_argument("--grace", type=int, default=None, help="seconds (default: setting)")
        release = sub.add_parser("release", help="release a quarantined file (audited)")
        release.add_argument("evidence_id")
        release.add_argument("--reason", required=True)
        sub.add_parser("recheck", help="scan quarantined files again")

    def handle(self, *args, **options):
        return getattr(self, "_" + options["action"])(options)

    def _check(self, options):
        checked, problems = evidence.store_check(quick=options["quick"])
        if options["json"]:
            self.stdout.write(
                json.dumps({"checked": checked, "problems": [vars(p) for p in problems]})
            )
        else:
            self.stdout.write(f"checked {checked} evidence files, {len(problems)} problems")
            for p in problems:
                self.stdout.write(
                    f"  evidence {p.evidence} (report {p.report}) {p.copy}: {p.problem}"
                )
        if problems:
            raise CommandError(f"{len(problems)} evidence files failed the check", returncode=1)

    def _sweep(self, options):
        grace = options["grace"]
        if grace is None:
            grace = settings.INTAKE_STAGING_GRACE_SECONDS
        removed = evidence.sweep_staging(older_than_seconds=grace)
        self.stdout.write(f"removed {removed} files")

    def _release(self, options):
        row = Evidence.objects.filter(public_id=options["evidence_id"]).first()
        if row is None:
            raise CommandError("no such evidence", returncode=1)
        try:
            services.evidence_release(actor=None, evidence_row=row, reason=options["reason"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=1) from exc
        except evidence.EvidenceIntegrityError as exc:
            raise CommandError(
                f"the stored file is {exc} (SHA-256 check failed): not released", returncode=1
            ) from exc
        self.stdout.write(f"released {row.public_id}")

    def _recheck(self, options):
        counts = services.evidence_recheck_quarantined()
        self.stdout.write(json.dumps(counts))
