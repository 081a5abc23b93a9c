"""`netra load-reference`: load regions, rules, elections, working days, case deadlines and pledge
templates (idempotent)."""

import json

from django.core.management.base import BaseCommand, CommandError

from netra.demo.reference import REFERENCE_LOADERS, load_reference


class Command(BaseCommand):
    help = "Load the reviewed reference data files (regions, rules, elections, workdays)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            choices=[label for label, _path in REFERENCE_LOADERS],
            help="load only this part (repeatable)",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        def progress(label):
            if not options["json"]:
                self.stdout.write(f"loading {label} ...")

        try:
            results = load_reference(only=options["only"], progress=progress)
        except (ValueError, OSError) as exc:
            raise CommandError(f"reference data not loaded: {exc}", returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(results, default=str))
            return
        for label, counts in results.items():
            self.stdout.write(f"{label}: {json.dumps(counts, default=str)}")
