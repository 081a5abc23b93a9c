"""`netra rules classify|acts|list|show|authority|load`: the neutrality rules catalog."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import CPNS, Category, Verdict
from netra.rules.classification import ClassificationError, classify
from netra.rules.presenters import authority_dict, form_dict
from netra.rules.services import ReferenceDataError, rules_load_reference


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("Tanggal tidak valid: %(value)s (gunakan YYYY-MM-DD).") % {"value": value},
            returncode=2,
        ) from exc


class Command(BaseCommand):
    help = "Aturan netralitas ASN: klasifikasi perbuatan, daftar bentuk pelanggaran, lembaga."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        classify_p = sub.add_parser("classify", help="classify an act (form, level, sanctions)")
        classify_p.add_argument("--act", required=True, help="act slug (see `rules acts`)")
        classify_p.add_argument(
            "--employee-type",
            required=True,
            help=f"one of {', '.join([*EmployeeType.values, CPNS])}",
        )
        classify_p.add_argument("--date", required=True, help="act date, YYYY-MM-DD")
        classify_p.add_argument("--election", required=True, help="election slug")
        classify_p.add_argument(
            "--phase",
            choices=["prospective_candidate", "candidate"],
            help="override the phase inferred from the candidate-determination date",
        )
        classify_p.add_argument(
            "--race",
            help="presidential, legislative or regional_head, where the races' dates differ",
        )
        classify_p.add_argument("--json", action="store_true", help="machine-readable output")

        acts = sub.add_parser("acts", help="list the prohibited acts (slugs and labels)")
        acts.add_argument("--json", action="store_true", help="machine-readable output")

        list_p = sub.add_parser("list", help="list violation forms")
        list_p.add_argument("--category", choices=Category.values)
        list_p.add_argument("--regulation", help="regulation code, e.g. SKB-2022 or SKB-2020")
        list_p.add_argument("--json", action="store_true", help="machine-readable output")

        show = sub.add_parser("show", help="show one violation form by code (SKB2022-D8)")
        show.add_argument("code")
        show.add_argument("--json", action="store_true", help="machine-readable output")

        authority = sub.add_parser("authority", help="recommending authority on a date")
        authority.add_argument("date", help="YYYY-MM-DD")
        authority.add_argument("--json", action="store_true", help="machine-readable output")

        load = sub.add_parser("load", help="load rules/data (idempotent)")
        load.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        getattr(self, f"handle_{options['action']}")(options)

    def _out(self, options, data, text_lines):
        if options.get("json"):
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            for line in text_lines:
                self.stdout.write(line)

    def handle_classify(self, options):
        act_date = parse_date(options["date"])
        try:
            result = classify(
                act=options["act"],
                employee_type=options["employee_type"],
                act_date=act_date,
                election=options["election"],
                phase=options["phase"],
                race=options.get("race"),
            )
        except ClassificationError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        data = result.as_dict()
        verdict = str(Verdict(data["verdict"]).label)
        if data["verdict_reason"]:
            verdict += f" ({data['verdict_reason']})"
        lines = [
            f"{_('Putusan')}: {verdict}",
            f"{_('Perbuatan')}: {data['act']} ({data['act_label']})",
            f"{_('Instrumen')}: {data['instrument']}; {_('tahapan')}: {data['phase']}",
            f"{_('Bentuk')}: {data['form'] or '-'}; {_('kategori')}: {data['category'] or '-'}; "
            f"{_('tingkat')}: {data['level']}",
            f"{_('Dasar hukum')}: {data['legal_basis']}",
            f"{_('Sanksi')}:",
            *[f"  - {s['code']}: {s['label']}" for s in data["sanctions"]],
        ]
        authority = data["recommending_authority"]
        lines.append(f"{_('Pemberi rekomendasi')}: {authority['code'] if authority else '-'}")
        lines += [f"! {w['code']}: {w['message']}" for w in data["warnings"]]
        self._out(options, data, lines)

    def handle_acts(self, options):
        acts = selectors.act_list()
        data = [
            {"slug": act.slug, "label_id": act.label_id, "label_en": act.label_en} for act in acts
        ]
        self._out(options, data, [f"{act.slug}\t{act.label}" for act in acts])

    def handle_list(self, options):
        regulation = options["regulation"]
        if regulation and selectors.regulation_get(regulation) is None:
            raise CommandError(
                _("Peraturan tidak dikenal: %(code)s.") % {"code": regulation}, returncode=2
            )
        forms = selectors.form_list(category=options["category"], regulation=regulation)
        data = [form_dict(form) for form in forms]
        lines = [f"{form.code}\t{form.category}\t{form.level}\t{form.label[:80]}" for form in forms]
        self._out(options, data, lines)

    def handle_show(self, options):
        form = selectors.form_get(options["code"])
        if form is None:
            raise CommandError(
                _("Bentuk pelanggaran tidak dikenal: %(code)s.") % {"code": options["code"]},
                returncode=2,
            )
        data = form_dict(form, detail=True)
        lines = [f"{key}: {value}" for key, value in data.items()]
        self._out(options, data, lines)

    def handle_authority(self, options):
        day = parse_date(options["date"])
        authority = selectors.recommending_authority_on(day)
        data = {"date": day.isoformat(), "authority": authority_dict(authority)}
        name = authority.name if authority else _("tidak ada yang tercatat")
        self._out(options, data, [f"{day}: {authority.code if authority else '-'} ({name})"])

    def handle_load(self, options):
        try:
            result = rules_load_reference()
        except ReferenceDataError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        lines = [f"{key}: {value}" for key, value in result.items()]
        self._out(options, result, lines)
