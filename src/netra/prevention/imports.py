"""Reading an uploaded attendance list (CSV or XLSX) into rows; no registry lookups here.

Columns are found by their header, case-insensitive, in Indonesian or English: `nip` (also
`nip/ni pppk`), `nik`, `nama`/`name`, `unit`/`unit kerja` (optional). A file needs a number
column (nip or nik) or a name column; anything else is refused as a whole
(`AttendanceFileErrorCode`). CSV may be UTF-8 with or without a byte-order mark, separated by
`;` or `,`.
Empty rows are skipped; row numbers are the file's own (the header is row 1).
"""

import csv
import io
from dataclasses import dataclass
from zipfile import BadZipFile

from django.conf import settings

from netra import tabular
from netra.prevention.errors import AttendanceFileErrorCode as Code
from netra.refusals import Refusal

XLSX_MAGIC = b"PK\x03\x04"
COLUMNS = ("nip", "nik", "name", "unit")
HEADER_ALIASES = {
    "nip": "nip",
    "nip_ni_pppk": "nip",
    "nip_nipppk": "nip",
    "ni_pppk": "nip",
    "nipppk": "nip",
    "nip_pppk": "nip",
    "nik": "nik",
    "no_ktp": "nik",
    "nama": "name",
    "name": "name",
    "nama_lengkap": "name",
    "full_name": "name",
    "unit": "unit",
    "unit_kerja": "unit",
    "work_unit": "unit",
    "satuan_kerja": "unit",
}


def max_rows() -> int:
    return int(getattr(settings, "PREVENTION_ATTENDANCE_MAX_ROWS", 5000))


def max_bytes() -> int:
    return int(getattr(settings, "PREVENTION_ATTENDANCE_MAX_BYTES", 2 * 1024 * 1024))


class AttendanceFileError(Refusal):
    """The file as a whole cannot be used (type, encoding, columns, size); nothing is kept."""


@dataclass(frozen=True)
class AttendanceRow:
    number: int
    nip: str = ""
    nik: str = ""
    name: str = ""
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not (self.nip or self.nik or self.name)


def map_header(raw_headers: list[object]) -> list[str | None]:
    """The canonical column of each position (None for unknown or repeated columns)."""
    return tabular.map_header(raw_headers, HEADER_ALIASES)


def read_bytes(upload) -> bytes:
    """The upload's content, refused when over the size limit or empty."""
    limit = max_bytes()
    data = bytearray()
    for chunk in upload.chunks():
        data += chunk
        if len(data) > limit:
            raise AttendanceFileError(Code.TOO_LARGE, kb=limit // 1024)
    if not data:
        raise AttendanceFileError(Code.EMPTY)
    return bytes(data)


def _csv_table(data: bytes) -> tuple[list[object], list[tuple[int, list[object]]]]:
    if b"\x00" in data[:65536]:
        raise _not_a_table()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AttendanceFileError(Code.ENCODING) from exc
    first_line = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None) or []
        rows = []
        for values in reader:
            rows.append((reader.line_num, list(values)))
            if len(rows) > max_rows() + 1000:  # blank rows are cheap; stop the runaway file
                break
    except csv.Error as exc:
        raise _not_a_table() from exc
    return list(header), rows


def _xlsx_table(data: bytes) -> tuple[list[object], list[tuple[int, list[object]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise AttendanceFileError(Code.XLSX) from exc
    try:
        stream = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(stream, None) or ()
        rows = []
        for number, values in enumerate(stream, start=2):
            rows.append((number, list(values)))
            if len(rows) > max_rows() + 1000:
                break
    finally:
        workbook.close()
    return list(header), rows


def _not_a_table() -> AttendanceFileError:
    return AttendanceFileError(Code.TYPE)


def parse_attendance(data: bytes) -> list[AttendanceRow]:
    """The non-empty rows of an attendance file; raise AttendanceFileError for a bad file."""
    header, raw_rows = _xlsx_table(data) if data.startswith(XLSX_MAGIC) else _csv_table(data)
    mapped = map_header(header)
    if not ({"nip", "nik", "name"} & set(mapped)):
        raise AttendanceFileError(Code.COLUMNS)
    rows: list[AttendanceRow] = []
    for number, values in raw_rows:
        record = {
            column: tabular.cell_text(value)
            for column, value in zip(mapped, values, strict=False)
            if column
        }
        row = AttendanceRow(number=number, **record)
        if row.empty:
            continue
        rows.append(row)
        if len(rows) > max_rows():
            raise AttendanceFileError(Code.TOO_MANY_ROWS, limit=max_rows())
    if not rows:
        raise AttendanceFileError(Code.NO_ROWS)
    return rows
