"""`netra regions load|show|search`: Kemendagri region reference data."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from netra.regions.choices import RegionLevel
from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.regions.selectors import region_ancestors, region_get, region_search
from netra.regions.services import regions_load_reference

LEVEL_NAMES = {"province": 1, "regency": 2, "district": 3, "village": 4}


def region_dict(region, ancestors=None) -> dict:
    data = {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "kind": region.kind,
        "parent": region.parent.code if region.parent_id else None,
        "edition": region.edition,
    }
    if ancestors is not None:
        data["ancestors"] = [{"code": a.code, "name": a.name} for a in ancestors]
    return data


class Command(BaseCommand):
    help = "Kemendagri regions: load the 2025 edition, show one region, search by name."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load (upsert) the Kepmendagri 2025 regions")
        load.add_argument(
            "--provinces", help="only these province codes, comma-separated (e.g. 32,35)"
        )
        load.add_argument(
            "--no-villages", action="store_true", help="stop at districts (kecamatan)"
        )
        load.add_argument("--json", action="store_true", help="machine-readable output")

        show = sub.add_parser("show", help="show one region by code (3201, 32.01, 32-01)")
        show.add_argument("code")
        show.add_argument("--json", action="store_true", help="machine-readable output")

        search = sub.add_parser("search", help="find regions by name (Bogor, Kab. Bogor)")
        search.add_argument("name")
        search.add_argument("--level", choices=list(LEVEL_NAMES))
        search.add_argument("--limit", type=int, default=20, help="at most this many (20)")
        search.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        getattr(self, f"handle_{options['action']}")(options)

    def handle_load(self, options):
        provinces = None
        if options["provinces"] is not None:
            provinces = [p for p in options["provinces"].split(",") if p.strip()]
            if not provinces:
                raise CommandError(_("--provinces kosong."), returncode=1)
        try:
            result = regions_load_reference(
                provinces=provinces, include_villages=not options["no_villages"]
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for level, counts in result["levels"].items():
            self.stdout.write(
                f"{level}: {counts['source']} in edition {result['edition']}, "
                f"{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged, {counts['stale']} stale"
            )
        if not result["changed"]:
            self.stdout.write("nothing changed")

    def handle_show(self, options):
        try:
            code = normalize_region_code(options["code"])
        except InvalidRegionCode as exc:
            raise CommandError(str(exc), returncode=1) from exc
        region = region_get(code)
        if region is None:
            raise CommandError(
                _("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code}, returncode=1
            )
        ancestors = region_ancestors(region)
        children = region.children.count()
        if options["json"]:
            data = region_dict(region, ancestors)
            data["children"] = children
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"{region.code}  {region.name}")
        self.stdout.write(f"{region.get_level_display()} ({region.get_kind_display()})")
        if ancestors:
            self.stdout.write(" > ".join(f"{a.code} {a.name}" for a in ancestors))
        self.stdout.write(f"children: {children}; edition {region.edition}")

    def handle_search(self, options):
        if options["limit"] < 1:
            raise CommandError(_("--limit harus lebih dari 0."), returncode=1)
        if not options["name"].strip():
            raise CommandError(_("Nama wilayah yang dicari kosong."), returncode=1)
        level = LEVEL_NAMES.get(options["level"]) if options["level"] else None
        found = list(region_search(options["name"], level=level)[: options["limit"]])
        if options["json"]:
            self.stdout.write(json.dumps([region_dict(r) for r in found]))
            return
        if not found:
            self.stdout.write(_("Tidak ada wilayah yang cocok."))
            return
        for region in found:
            label = RegionLevel(region.level).label
            self.stdout.write(f"{region.code:<14} {label:<15} {region.name}")
