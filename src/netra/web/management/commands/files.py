"""`netra files check|sweep`: every content-addressed store at once (evidence, issued documents,
decree files, prevention files; netra/content_store.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from netra import content_store


class Command(BaseCommand):
    help = (
        "Stored files of every store (evidence, documents, decrees, prevention). `check` "
        "re-hashes every row's file against its recorded SHA-256 (exit 1 listing each missing "
        "or changed one; --quick: existence and size only); `sweep` removes what crashes and "
        "rolled-back writes left (files no row names) once older than the grace period."
    )

    def add_arguments(self, parser):
        labels = [store.label for store in content_store.stores()]
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="every row's file exists and matches its SHA-256")
        check.add_argument("--quick", action="store_true", help="existence and size only")
        check.add_argument("--json", action="store_true", help="machine-readable output")
        check.add_argument("--store", choices=labels, action="append", help="only this store")
        sweep = sub.add_parser("sweep", help="remove what crashes and rollbacks left")
        sweep.add_argument("--grace", type=int, default=None, help="seconds (default: setting)")
        sweep.add_argument("--store", choices=labels, action="append", help="only this store")
        sweep.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        chosen = options["store"]
        stores = [s for s in content_store.stores() if not chosen or s.label in chosen]
        return getattr(self, "_" + options["action"])(stores, options)

    def _check(self, stores, options):
        summary, problems = {}, []
        for store in stores:
            checked, found = store.check(quick=options["quick"])
            summary[store.label] = {"checked": checked, "problems": len(found)}
            problems += found
        if options["json"]:
            self.stdout.write(
                json.dumps({"stores": summary, "problems": [vars(p) for p in problems]})
            )
        else:
            for label, counts in summary.items():
                self.stdout.write(
                    f"{label}: checked {counts['checked']} files, {counts['problems']} problems"
                )
            for p in problems:
                self.stdout.write(f"  {p.store} {p.row} {p.name}: {p.problem}")
        if problems:
            raise CommandError(f"{len(problems)} stored files failed the check", returncode=1)

    def _sweep(self, stores, options):
        removed = {}
        for store in stores:
            grace = options["grace"] if options["grace"] is not None else store.grace_seconds()
            removed[store.label] = store.sweep(older_than_seconds=grace)
        if options["json"]:
            self.stdout.write(json.dumps({"removed": removed}))
        else:
            for label, count in removed.items():
                self.stdout.write(f"{label}: removed {count} files")
