"""CSV and XLSX exports of case lists (one row per case).

The caller passes a queryset it got from the scoped selector (`selectors.case_list_for`),
optionally narrowed by `filters.CaseFilterSet`; nothing here widens it. Rows are read with
`.iterator()`; CSV is streamed, XLSX is written in openpyxl's write-only mode to a spooled
temporary file. Every export is audited (who, format, how many rows, which filters).

Cells are neutralised against formula injection (RELIABILITY C32/T14): a text starting with
= + - @ | % TAB or CR gets a leading apostrophe (as `defusedcsv` does; `|` becomes `\\|`), and
XLSX text cells are always written as strings, never as formulas. The reporter's identity is
never exported; the reported person's name only for roles that handle the case (see
`reported_person_visible`).
"""

import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from defusedcsv import csv as defusedcsv
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from netra.accounts.choices import Role
from netra.accounts.scopes import user_scope
from netra.audit.services import audit_record
from netra.cases import selectors
from netra.cases.filters import with_due_dates
from netra.cases.models import Case

EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Roles that handle a case and so may see who is reported; auditors check the handling
# (states, deadlines, outcomes) and get the rows without the name (data minimisation).
PERSONAL_DATA_ROLES = frozenset(
    {
        Role.BAWASLU_OFFICER.value,
        Role.SATGAS_ANALYST.value,
        Role.PPK_OFFICER.value,
        Role.AGENCY_HR.value,
        Role.ADMIN.value,
    }
)
COLUMNS = (
    ("number", gettext_lazy("Nomor kasus")),
    ("state", gettext_lazy("Status")),
    ("outcome", gettext_lazy("Hasil resmi")),
    ("region_code", gettext_lazy("Kode wilayah")),
    ("region", gettext_lazy("Wilayah")),
    ("election", gettext_lazy("Pemilihan")),
    ("reported_person", gettext_lazy("Terlapor")),
    ("agency", gettext_lazy("Instansi")),
    ("form", gettext_lazy("Bentuk pelanggaran")),
    ("level", gettext_lazy("Tingkat")),
    ("sanction", gettext_lazy("Sanksi diputus")),
    ("next_due", gettext_lazy("Batas waktu berikutnya")),
    ("overdue", gettext_lazy("Terlambat")),
    ("created", gettext_lazy("Tanggal dibuat")),
    ("closed", gettext_lazy("Tanggal selesai")),
)
_TRIGGERS = frozenset("=+-@|%\t\r")
_NUMBER = re.compile(r"^-?[0-9,.]+$")
_CHUNK = 500
_SPOOL_BYTES = 8 * 1024 * 1024


class ExportFormatError(ValueError):
    """An export format other than csv or xlsx was asked for."""


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula (numbers and dates unchanged)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text and text[0] in _TRIGGERS and not _NUMBER.match(text):
        return "'" + text.replace("|", "\\|")
    return text


def reported_person_visible(user, case: Case) -> bool:
    """May `user` see who is reported in `case` (a case already in the user's scope)?"""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    return bool(selectors.case_roles_for(user, case) & PERSONAL_DATA_ROLES)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _reported_name(case: Case) -> str:
    if case.person_id:
        return case.person.name
    return case.report.reported_name if case.report_id else ""


def case_export_rows(queryset: QuerySet[Case], *, user=None) -> Iterator[list]:
    """One list of cell values per case, in `COLUMNS` order (header not included).

    Without `user` (or for a user whose roles may not see it) the reported person is left
    empty. Values are plain (str, date, bool, None); writers neutralise them.
    """
    rows = with_due_dates(queryset).select_related(
        "region", "election", "report", "person", "person__agency"
    )
    today = timezone.localdate()
    words = _CatalogWords()
    for case in rows.iterator(chunk_size=_CHUNK):
        classification = case.classification or {}
        facts = case.facts or {}
        agency = case.person.agency if case.person_id and case.person.agency_id else None
        show_name = user is not None and reported_person_visible(user, case)
        yield [
            case.number,
            case.get_state_display(),
            case.get_outcome_display() if case.outcome else "",
            case.region.code,
            case.region.name,
            case.election.name if case.election_id else "",
            _reported_name(case) if show_name else "",
            agency.name if agency else "",
            words.form(classification.get("form")),
            words.level(classification.get("level")),
            words.sanction(facts.get("decision_sanction")),
            case.next_due,
            bool(case.next_due and case.next_due < today),
            _local_date(case.created_at),
            _local_date(case.closed_at),
        ]


class _CatalogWords:
    """Catalog codes in words, in the active language (a reader opens the export: no
    `PNS_PP94_...` codes, the form as readers cite it), looked up once per export."""

    def __init__(self):
        from netra.rules.choices import SanctionLevel
        from netra.rules.selectors import form_list, sanction_list

        self._forms = {f.code: str(f.reference) for f in form_list().select_related("regulation")}
        self._sanctions = {s.code: s.label for s in sanction_list()}
        self._levels = dict(SanctionLevel.choices)

    def form(self, code) -> str:
        return self._forms.get(code, code or "")

    def level(self, code) -> str:
        return str(self._levels.get(code, code or ""))

    def sanction(self, code) -> str:
        return str(self._sanctions.get(code, code or ""))


def header_row() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


@transaction.atomic
def case_export_record(*, actor, fmt: str, rows: int, filters: dict | None = None) -> None:
    """Audit one export: who, which format, how many rows, which filters (RELIABILITY C28)."""
    audit_record(
        actor=actor,
        action="cases.exported",
        target=("cases.case", "export"),
        payload={"format": fmt, "rows": rows, "filters": filters or {}},
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _csv_value(value):
    value = neutralise(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _csv_stream(queryset, user, language: str) -> Iterator[str]:
    with translation.override(language):
        writer = defusedcsv.writer(_Echo())
        yield "\ufeff"  # BOM so spreadsheet programs read UTF-8
        yield writer.writerow(header_row())
        for row in case_export_rows(queryset, user=user):
            yield writer.writerow([_csv_value(v) for v in row])


def _xlsx_cell(sheet, value):
    value = neutralise(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text, never a formula
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _xlsx_file(queryset, user):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Kasus"))
    sheet.append([_xlsx_cell(sheet, label) for label in header_row()])
    for row in case_export_rows(queryset, user=user):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    handle = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    book.save(handle)
    handle.seek(0)
    return handle


def export_filename(fmt: str, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"kasus-{today:%Y%m%d}.{fmt}"


def case_export_response(request, queryset: QuerySet[Case], fmt: str, *, filters=None):
    """The export of `queryset` (already scoped to `request.user`) as a download.

    Raises ExportFormatError for a format other than csv/xlsx. The audit event is written
    before the file is served, with the number of rows.
    """
    fmt = str(fmt or "").lower()
    if fmt not in EXPORT_FORMATS:
        raise ExportFormatError(fmt)
    user = request.user
    count = queryset.count()
    case_export_record(actor=user, fmt=fmt, rows=count, filters=filters)
    filename = export_filename(fmt)
    if fmt == "csv":
        language = translation.get_language() or "id"
        response = StreamingHttpResponse(
            _csv_stream(queryset, user, language), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            _xlsx_file(queryset, user),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES["xlsx"],
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
