"""Exports of the dashboard tables (CSV streamed, XLSX written row by row).

Every table is read through the same scoped selectors as the page, so an export never holds
more than the user may see on the dashboard. The list behind the "overdue" figure is a case
list: it goes through the case export (`cases.exports.case_export_response`: streamed CSV,
audited, the reported person's name only for roles that handle cases).

Aggregate tables are small (at most one row per agency or regency), but are still produced
lazily: CSV is a StreamingHttpResponse, XLSX uses openpyxl's write-only mode into a spooled
temporary file. Cells are neutralised against formula injection like the case export.
"""

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator

from defusedcsv import csv as defusedcsv
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from netra.analytics import selectors
from netra.analytics.choices import Follow, Outcome
from netra.analytics.filters import Filters
from netra.cases.exports import CONTENT_TYPES, EXPORT_FORMATS, neutralise

_SPOOL_BYTES = 8 * 1024 * 1024

_OUTCOME_COLUMNS = [
    ("cases", pgettext_lazy("jumlah", "Kasus")),
    (Outcome.PROVEN.value, Outcome.PROVEN.label),
    (Outcome.NOT_PROVEN.value, Outcome.NOT_PROVEN.label),
    (Outcome.PENDING.value, Outcome.PENDING.label),
    (Outcome.DROPPED.value, Outcome.DROPPED.label),
]
_FOLLOW_COLUMNS = [(f.value, f.label) for f in Follow] + [
    ("total", gettext_lazy("Jumlah")),
    ("rate", gettext_lazy("Tingkat kepatuhan (0–1)")),
]


def _breakdown(by: str, heading) -> Callable:
    def build(user, f: Filters):
        return (
            [("key", gettext_lazy("Kode")), ("label", heading), *_OUTCOME_COLUMNS],
            selectors.breakdown(user, f, by),
        )

    return build


def _compliance(user, f: Filters):
    return (
        [
            ("key", gettext_lazy("Kode instansi")),
            ("label", gettext_lazy("PPK dan instansi")),
            *_FOLLOW_COLUMNS,
        ],
        selectors.compliance(user, f, by="ppk"),
    )


def _prevention(user, f: Filters):
    return (
        [
            ("key", gettext_lazy("Kode instansi")),
            ("label", gettext_lazy("Instansi")),
            ("headcount", gettext_lazy("Jumlah pegawai")),
            ("pledges", gettext_lazy("Ikrar netralitas")),
            ("pledge_coverage", gettext_lazy("Cakupan ikrar (0–1)")),
            ("activities", gettext_lazy("Kegiatan sosialisasi")),
            ("attendance", gettext_lazy("Kehadiran")),
            ("pacts", gettext_lazy("Pakta integritas")),
            ("cases", pgettext_lazy("jumlah", "Kasus")),
            ("proven", gettext_lazy("Terbukti")),
            ("proven_per_1000", gettext_lazy("Terbukti per 1.000 pegawai")),
        ],
        selectors.prevention_vs_violations(user, f, by="agency"),
    )


def _sanctions(user, f: Filters):
    return (
        [
            ("key", gettext_lazy("Kode")),
            ("label", gettext_lazy("Tingkat sanksi")),
            ("n", pgettext_lazy("jumlah", "Sanksi")),
        ],
        selectors.sanctions_by_level(user, f),
    )


# name in the URL -> (file name stem, builder)
TABLES: dict[str, tuple[str, Callable]] = {
    "wilayah": ("kasus-per-wilayah", None),  # province or regency, chosen by the filters
    "perbuatan": ("kasus-per-perbuatan", _breakdown("act", gettext_lazy("Perbuatan"))),
    "bentuk": ("kasus-per-bentuk", _breakdown("form", gettext_lazy("Bentuk pelanggaran"))),
    "instansi": ("kasus-per-instansi", _breakdown("agency", gettext_lazy("Instansi"))),
    "kelompok": (
        "kasus-per-kelompok-jabatan",
        _breakdown("functional_group", gettext_lazy("Kelompok jabatan")),
    ),
    "kepatuhan": ("kepatuhan-ppk", _compliance),
    "pencegahan": ("pencegahan-dan-pelanggaran", _prevention),
    "sanksi": ("sanksi-per-tingkat", _sanctions),
}


def table_for(name: str, user, f: Filters):
    """(columns, rows) of a dashboard table; KeyError for an unknown table."""
    stem, build = TABLES[name]
    if name == "wilayah":
        by = "regency" if f.province or f.regency else "province"
        heading = gettext_lazy("Kabupaten/kota") if by == "regency" else gettext_lazy("Provinsi")
        build = _breakdown(by, heading)
    return build(user, f)


def _cells(columns, rows: Iterable[dict]) -> Iterator[list]:
    for row in rows:
        yield [row.get(key) for key, _label in columns]


class _Echo:
    def write(self, value):
        return value


def _csv_stream(columns, rows, language: str) -> Iterator[str]:
    with translation.override(language):
        writer = defusedcsv.writer(_Echo())
        yield "\ufeff"  # spreadsheet programs then read UTF-8
        yield writer.writerow([str(label) for _key, label in columns])
        for values in _cells(columns, rows):
            yield writer.writerow(["" if v is None else neutralise(v) for v in values])


def _xlsx_cell(sheet, value):
    value = neutralise(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text, never a formula
        return cell
    return WriteOnlyCell(sheet, value=value)


def _xlsx_file(columns, rows, title: str):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, str(label)) for _key, label in columns])
    for values in _cells(columns, rows):
        sheet.append([_xlsx_cell(sheet, v) for v in values])
    handle = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    book.save(handle)
    handle.seek(0)
    return handle


def export_response(name: str, fmt: str, user, f: Filters, *, today: dt.date | None = None):
    """The download of dashboard table `name` in `fmt` (csv or xlsx), within the user's scope.
    KeyError: unknown table; ValueError: unknown format."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(fmt)
    stem = TABLES[name][0]
    columns, rows = table_for(name, user, f)
    today = today or timezone.localdate()
    filename = f"{stem}-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(columns, rows, translation.get_language() or "id"),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            _xlsx_file(columns, rows, _("Data")),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
