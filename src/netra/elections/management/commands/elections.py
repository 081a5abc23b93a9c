"""`netra elections list|show|load`: elections and their stage dates."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from netra.elections.presenters import election_dict
from netra.elections.selectors import UnknownElectionError, election_get, election_list
from netra.elections.services import ElectionDataError, elections_load_reference


class Command(BaseCommand):
    help = "Pemilihan (pemilu dan pilkada) beserta tanggal tahapannya."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        list_p = sub.add_parser("list", help="list elections")
        list_p.add_argument("--json", action="store_true", help="machine-readable output")
        show = sub.add_parser("show", help="show one election with its stages")
        show.add_argument("slug")
        show.add_argument("--json", action="store_true", help="machine-readable output")
        load = sub.add_parser("load", help="load elections/data/elections.toml (idempotent)")
        load.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        getattr(self, f"handle_{options['action']}")(options)

    def _write_json(self, data):
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def handle_list(self, options):
        elections = list(election_list())
        if options["json"]:
            self._write_json([election_dict(election) for election in elections])
            return
        for election in elections:
            data = election_dict(election)
            self.stdout.write(
                f"{election.slug}\t{data['vote_date']}\t{election.kind}\t"
                f"{_('penetapan calon')}: {data['candidate_determination_date'] or '-'}\t"
                f"{election.name}"
            )

    def handle_show(self, options):
        try:
            election = election_get(options["slug"])
        except UnknownElectionError as exc:
            raise CommandError(
                _("Pemilihan tidak dikenal: %(slug)s.") % {"slug": options["slug"]},
                returncode=2,
            ) from exc
        data = election_dict(election, detail=True)
        if options["json"]:
            self._write_json(data)
            return
        self.stdout.write(f"{election.slug}: {election.name} ({election.kind})")
        self.stdout.write(f"{_('Pemungutan suara')}: {data['vote_date']}")
        for stage in data["stages"]:
            race = f" [{stage['race']}]" if stage["race"] else ""
            self.stdout.write(
                f"  {stage['kind']}{race}: {stage['start_date']} - {stage['end_date']}"
            )
        regions = data["regions"]
        if regions["expected"]:
            self.stdout.write(
                f"{_('Wilayah')}: {regions['linked']}/{regions['expected']}"
                + ("" if regions["complete"] else f" ({_('daftar belum lengkap')})")
            )

    def handle_load(self, options):
        try:
            result = elections_load_reference()
        except ElectionDataError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if options["json"]:
            self._write_json(result)
            return
        for key, value in result.items():
            if key != "regions":
                self.stdout.write(f"{key}: {value}")
        for slug, report in result["regions"].items():
            self.stdout.write(
                f"{slug}: {report['linked']}/{report['expected']} regions linked, "
                f"{len(report['missing'])} listed codes missing"
            )
