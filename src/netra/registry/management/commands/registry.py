"""`netra registry import FILE ...`: bulk import of people (docs/registry-import.md)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from netra.registry import resolve_command
from netra.registry.importer import ImportFileError
from netra.registry.services import registry_import


class Command(BaseCommand):
    help = "Registry tools: import people from CSV or XLSX; resolve reported names."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="Upsert people by NIP from a CSV or XLSX file; bad rows go to an error report.",
        )
        imp.add_argument("file", help="CSV (UTF-8, comma or semicolon) or XLSX file")
        imp.add_argument("--batch-size", type=int, default=None, help="rows per bulk upsert")
        imp.add_argument(
            "--errors-out",
            default=None,
            help="where to write the per-row report (default: FILE.errors.csv next to the input)",
        )
        imp.add_argument("--dry-run", action="store_true", help="validate and count, store nothing")
        imp.add_argument(
            "--resume",
            action="store_true",
            help="PostgreSQL: continue an interrupted import of the same file where it stopped",
        )
        imp.add_argument(
            "--batched",
            action="store_true",
            help="PostgreSQL: use the row-by-row validated batched path instead of the "
            "set-based one",
        )
        imp.add_argument("--json", action="store_true", help="print the summary as JSON")
        imp.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        resolve_command.add_parser(sub)

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(**options)
        elif action == "resolve":
            resolve_command.run(self.stdout, self.stderr, **options)

    def _import(
        self,
        *,
        file,
        batch_size,
        errors_out,
        dry_run,
        json,
        no_progress,
        resume=False,
        batched=False,
        **options,
    ):
        if batch_size is not None and batch_size < 1:
            raise CommandError(_("--batch-size harus 1 atau lebih."), returncode=2)
        bar = tqdm(unit=" baris", file=sys.stderr, disable=no_progress or None, desc=_("Impor"))
        try:
            summary = registry_import(
                actor=None,
                path=file,
                batch_size=batch_size,
                errors_out=errors_out,
                dry_run=dry_run,
                progress=bar.update,
                resume=resume,
                set_based=False if batched else None,
                on_stage=lambda stage: bar.set_description(_stage_labels().get(stage, stage)),
            )
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        finally:
            bar.close()
        data = summary.as_dict()
        if json:
            self.stdout.write(_dumps(data))
            return
        label = _("Uji coba (tidak disimpan)") if dry_run else _("Impor selesai")
        self.stdout.write(
            _(
                "%(label)s: %(read)d baris dibaca, %(created)d baru, %(updated)d diperbarui, "
                "%(unchanged)d tidak berubah, %(rejected)d ditolak, %(warnings)d peringatan."
            )
            % {
                "label": label,
                "read": summary.rows_read,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "rejected": summary.rejected,
                "warnings": summary.warnings,
            }
        )
        if summary.report_path:
            self.stdout.write(_("Laporan per baris: %(path)s") % {"path": summary.report_path})


def _stage_labels() -> dict[str, str]:
    return {
        "copy": _("Impor: membaca berkas"),
        "validate": _("Impor: memeriksa baris"),
        "write": _("Impor: menyimpan"),
        "report": _("Impor: laporan"),
    }


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
