import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Recompute the analytics rollups from the source tables and correct any that drifted "
        "(the nightly task does the same). Prints what was corrected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the corrections as JSON")

    def handle(self, *args, **options):
        from netra.analytics.services import reconcile

        corrections = reconcile()
        if options["json"]:
            self.stdout.write(json.dumps(corrections, sort_keys=True))
            return
        facts = sum(corrections["facts"].values())
        cubes = sum(corrections["cubes"].values())
        self.stdout.write(
            f"Rollups reconciled: {facts} facts and {cubes} cube rows corrected, "
            f"{corrections['headcount']} headcount rows changed."
        )
