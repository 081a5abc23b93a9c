"""`netra validate nip|nipppk|nik VALUE [--json]`: check one identity number."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from netra.registry.choices import Gender
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_nip, parse_nipppk

PARSERS = {"nip": parse_nip, "nipppk": parse_nipppk, "nik": parse_nik}
LABELS = {
    "birth_date": "tanggal lahir",
    "appointment_year": "tahun pengangkatan",
    "appointment_month": "bulan TMT CPNS",
    "pppk_code": "kode PPPK",
    "gender": "jenis kelamin",
    "sequence": "nomor urut",
    "province_code": "kode provinsi",
    "province_name": "provinsi",
    "regency_code": "kode kabupaten/kota",
    "regency_name": "kabupaten/kota",
    "district_code": "kode kecamatan",
    "district_name": "kecamatan",
}


class Command(BaseCommand):
    help = "Validate a NIP (PNS), NI PPPK or NIK as typed; exit 1 when it is not valid."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        for kind, text in (
            ("nip", "NIP PNS, 18 digits: birth date, TMT CPNS, gender, sequence"),
            ("nipppk", "NI PPPK, 18 digits: birth date, year, code, gender, sequence"),
            ("nik", "NIK, 16 digits: region, birth date (women +40), sequence"),
        ):
            cmd = sub.add_parser(kind, help=text)
            cmd.add_argument("value", help="the number as typed; spaces, dots and dashes allowed")
            cmd.add_argument("--json", action="store_true", help="print a JSON object")

    def handle(self, *args, kind, value, json: bool = False, **options):
        result = PARSERS[kind](value)
        data = result.as_dict()
        if json:
            self.stdout.write(_dumps(data))
        else:
            self._print(data)
        if not result.valid:
            if json:
                raise SystemExit(1)
            reasons = "; ".join(i["message"] for i in data["errors"])
            raise CommandError(
                _("%(kind)s tidak valid: %(reasons)s") % {"kind": kind.upper(), "reasons": reasons},
                returncode=1,
            )

    def _print(self, data: dict) -> None:
        if data["valid"]:
            self.stdout.write(_("Valid: %(v)s") % {"v": data["formatted"]})
            for key, label in LABELS.items():
                value = data.get(key)
                if key == "gender" and value:
                    value = Gender(value).label
                if value not in (None, ""):
                    self.stdout.write(f"  {label}: {value}")
        for issue in data["warnings"]:
            self.stdout.write(_("Peringatan: %(m)s") % {"m": issue["message"]})


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
