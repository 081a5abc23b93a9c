"""Registry import, the pure part: reading CSV/XLSX as a stream and validating rows.

Nothing here writes to the database; `services.registry_import` does, in batches. Column
names, aliases and accepted values are documented in docs/registry-import.md.
"""

import csv
import datetime as dt
import io
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from netra import tabular
from netra.registry import validation
from netra.registry.choices import (
    EmployeeType,
    FunctionalGroup,
    Gender,
    PersonStatus,
    PositionType,
)
from netra.registry.contacts import Contact, clean_email, clean_phone
from netra.registry.contacts import seal as seal_contact
from netra.registry.identifiers import clean_digits
from netra.registry.names import fold, name_key, name_variants_key

COLUMNS = (
    "nip",
    "name",
    "nik",
    "employee_type",
    "birth_date",
    "gender",
    "position",
    "position_type",
    "functional_group",
    "agency_code",
    "agency_name",
    "unit",
    "region_code",
    "status",
    # Where one-time pledge codes go (issue 13 §3); stored sealed (registry/contacts.py).
    "email",
    "phone",
)
# Either contact column in a file writes both (a column left out counts as empty).
CONTACT_COLUMNS = {"email", "phone"}
REQUIRED_COLUMNS = ("nip", "name")
HEADER_ALIASES = {
    "ni_pppk": "nip",
    "nip_ni_pppk": "nip",
    "nip_nipppk": "nip",
    "nomor_induk_pegawai": "nip",
    "nama": "name",
    "nama_lengkap": "name",
    "nama_pegawai": "name",
    "no_ktp": "nik",
    "nomor_induk_kependudukan": "nik",
    "jenis_pegawai": "employee_type",
    "status_kepegawaian": "employee_type",
    "tanggal_lahir": "birth_date",
    "tgl_lahir": "birth_date",
    "jenis_kelamin": "gender",
    "jk": "gender",
    "sex": "gender",
    "jabatan": "position",
    "nama_jabatan": "position",
    "jenis_jabatan": "position_type",
    "kelompok_fungsional": "functional_group",
    "kelompok_jabatan": "functional_group",
    "kode_instansi": "agency_code",
    "nama_instansi": "agency_name",
    "instansi": "agency_name",
    "unit_kerja": "unit",
    "work_unit": "unit",
    "opd": "unit",
    "kode_wilayah": "region_code",
    "kode_lokasi": "region_code",
    "status_pegawai": "status",
    "status_aktif": "status",
    "e_mail": "email",
    "surel": "email",
    "alamat_email": "email",
    "telepon": "phone",
    "no_telepon": "phone",
    "nomor_telepon": "phone",
    "no_hp": "phone",
    "nomor_hp": "phone",
    "hp": "phone",
}
# A column may also be named exactly as in COLUMNS.
_ALIASES = {**{column: column for column in COLUMNS}, **HEADER_ALIASES}

_GENDERS = {
    "l": Gender.MALE,
    "lk": Gender.MALE,
    "laki laki": Gender.MALE,
    "laki": Gender.MALE,
    "pria": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "1": Gender.MALE,
    "p": Gender.FEMALE,
    "pr": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
    "2": Gender.FEMALE,
}
_EMPLOYEE_TYPES = {
    "pns": EmployeeType.PNS,
    "cpns": EmployeeType.PNS,
    "pppk": EmployeeType.PPPK,
    "p3k": EmployeeType.PPPK,
    "pppk paruh waktu": EmployeeType.PPPK,
    "non asn": EmployeeType.NON_ASN,
    "nonasn": EmployeeType.NON_ASN,
    "honorer": EmployeeType.NON_ASN,
    "ppnpn": EmployeeType.NON_ASN,
    "tkd": EmployeeType.NON_ASN,
    "thl": EmployeeType.NON_ASN,
    "kontrak": EmployeeType.NON_ASN,
}
_POSITION_TYPES = {
    "struktural": PositionType.STRUCTURAL,
    "structural": PositionType.STRUCTURAL,
    "fungsional": PositionType.FUNCTIONAL,
    "functional": PositionType.FUNCTIONAL,
    "pelaksana": PositionType.EXECUTOR,
    "executor": PositionType.EXECUTOR,
    "fungsional umum": PositionType.EXECUTOR,
}
_FUNCTIONAL_GROUPS = {
    "guru": FunctionalGroup.TEACHER,
    "teacher": FunctionalGroup.TEACHER,
    "tenaga pendidik": FunctionalGroup.TEACHER,
    "pendidik": FunctionalGroup.TEACHER,
    "tenaga kesehatan": FunctionalGroup.HEALTH,
    "nakes": FunctionalGroup.HEALTH,
    "kesehatan": FunctionalGroup.HEALTH,
    "health": FunctionalGroup.HEALTH,
    "fungsional lain": FunctionalGroup.OTHER_FUNCTIONAL,
    "lainnya": FunctionalGroup.OTHER_FUNCTIONAL,
    "other": FunctionalGroup.OTHER_FUNCTIONAL,
    "bukan fungsional": FunctionalGroup.NONE,
    "tidak ada": FunctionalGroup.NONE,
    "none": FunctionalGroup.NONE,
}
_STATUSES = {
    "aktif": PersonStatus.ACTIVE,
    "active": PersonStatus.ACTIVE,
    "pensiun": PersonStatus.RETIRED,
    "retired": PersonStatus.RETIRED,
    "diberhentikan": PersonStatus.DISMISSED,
    "berhenti": PersonStatus.DISMISSED,
    "dismissed": PersonStatus.DISMISSED,
}
# Words in a position title that place it in a functional group (seed 003: teachers and health
# workers are most of the functional positions found in violation).
_TEACHER_WORDS = re.compile(r"\b(guru|kepala sekolah|pendidik)\b")
_HEALTH_WORDS = re.compile(
    r"\b(dokter|perawat|bidan|apoteker|asisten apoteker|nutrisionis|sanitarian|radiografer|"
    r"fisioterapis|epidemiolog|perekam medis|pranata laboratorium kesehatan|"
    r"penyuluh kesehatan|tenaga kesehatan|terapis|entomolog kesehatan|elektromedis)\b"
)
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_AGENCY_CODE_MAX = 20
_TEXT_MAX = 200
_XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing is stored. The message is for people."""


@dataclass(frozen=True)
class RowIssue:
    row: int
    nip: str
    column: str
    message: str
    level: str = "error"


@dataclass
class PersonRow:
    row: int
    nip: str
    name: str
    name_plain: str
    name_key: str
    name_variants_key: str
    employee_type: str
    nik: str | None = None
    birth_date: dt.date | None = None
    gender: str = ""
    position: str = ""
    position_type: str = ""
    functional_group: str = FunctionalGroup.NONE
    agency_code: str = ""
    agency_name: str = ""
    unit_name: str = ""
    unit_key: str = ""
    region_id: int | None = None
    status: str = PersonStatus.ACTIVE
    contact_sealed: str = ""
    contact_digest: str = ""
    warnings: list[RowIssue] = field(default_factory=list)


# --- headers ---------------------------------------------------------------------------------


def map_header(raw_headers: list[object]) -> list[str | None]:
    """Canonical column name per position (None for columns we do not know)."""
    return tabular.map_header(raw_headers, _ALIASES)


def check_header(mapped: list[str | None]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in mapped]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ada: %(cols)s. Baris judul harus memuat kolom nip dan "
                "name (nama)."
            )
            % {"cols": ", ".join(missing)}
        )


# --- reading ---------------------------------------------------------------------------------


def is_xlsx(path: Path) -> bool:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return True
    with path.open("rb") as handle:
        return handle.read(4) == _XLSX_MAGIC


class Table:
    """A header and a stream of `(row_number, [cell text...])`; row numbers as in the file."""

    def __init__(self, header: list[object], rows: Iterator[tuple[int, list[str]]], close=None):
        self.header = header
        self.rows = rows
        self._close = close

    def close(self) -> None:
        if self._close:
            self._close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file for streaming; raise `ImportFileError` when it cannot be read."""
    if not path.exists() or not path.is_file():
        raise ImportFileError(_("Berkas tidak ditemukan: %(name)s.") % {"name": path.name})
    try:
        if is_xlsx(path):
            return _open_xlsx(path)
        return _open_csv(path)
    except ImportFileError:
        raise
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise ImportFileError(
            _("Berkas %(name)s tidak dapat dibaca: %(reason)s")
            % {"name": path.name, "reason": exc.__class__.__name__}
        ) from exc


def _open_csv(path: Path) -> Table:
    handle = path.open("r", encoding="utf-8-sig", newline="")
    sample = handle.read(64 * 1024)
    handle.seek(0)
    if "\x00" in sample:
        handle.close()
        raise ImportFileError(
            _("Berkas %(name)s bukan CSV (UTF-8) atau XLSX.") % {"name": path.name}
        )
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max(",;\t|", key=first_line.count) if first_line else ","
    reader = csv.reader(handle, delimiter=delimiter)
    header = next(reader, None)
    if not header:
        handle.close()
        raise ImportFileError(_("Berkas %(name)s kosong.") % {"name": path.name})

    def rows() -> Iterator[tuple[int, list[str]]]:
        for values in reader:
            if any(v.strip() for v in values):
                yield reader.line_num, [v.strip() for v in values]

    return Table(header, rows(), handle.close)


def _open_xlsx(path: Path) -> Table:
    from zipfile import BadZipFile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            _("Berkas %(name)s bukan XLSX yang utuh.") % {"name": path.name}
        ) from exc
    sheet = workbook.worksheets[0]
    stream = sheet.iter_rows(values_only=True)
    header = next(stream, None)
    if not header:
        workbook.close()
        raise ImportFileError(_("Berkas %(name)s kosong.") % {"name": path.name})

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(stream, start=2):
            cells = [tabular.cell_text(v) for v in values]
            if any(cells):
                yield number, cells

    return Table(list(header), rows(), workbook.close)


def count_rows(path: Path) -> int:
    """The data rows of a file (empty lines not counted), read once as a stream: the total of
    an import's progress."""
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    with open_table(path) as table:
        try:
            return sum(1 for _row in table.rows)
        except (UnicodeDecodeError, csv.Error, BadZipFile, ParseError, OSError, KeyError) as exc:
            raise ImportFileError(
                _("Berkas %(name)s rusak atau tidak dapat dibaca sampai akhir (%(reason)s).")
                % {"name": path.name, "reason": exc.__class__.__name__}
            ) from exc


def rows_as_dicts(
    mapped: list[str | None], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, dict[str, str]]]:
    for number, values in rows:
        record = {}
        for column, value in zip(mapped, values, strict=False):
            if column:
                record[column] = tabular.cell_text(value)
        yield number, record


# --- values ----------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    # Spreadsheets sometimes add a time: "1986-09-26 00:00:00".
    text = text.split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _choice(text: str, table: Mapping[str, str], values: list[str]) -> str | None:
    key = fold(text)
    if key in table:
        return table[key]
    for value in values:
        if key == fold(value):
            return value
    return None


def infer_functional_group(position: str, position_type: str) -> str:
    key = fold(position)
    if _TEACHER_WORDS.search(key):
        return FunctionalGroup.TEACHER
    if _HEALTH_WORDS.search(key):
        return FunctionalGroup.HEALTH
    if position_type == PositionType.FUNCTIONAL:
        return FunctionalGroup.OTHER_FUNCTIONAL
    return FunctionalGroup.NONE


def infer_agency_kind(name: str) -> str:
    from netra.registry.choices import AgencyKind

    key = fold(name)
    if re.match(r"(pemerintah )?(provinsi|prov)\b|pemprov\b", key):
        return AgencyKind.PROVINCE
    if re.match(r"(pemerintah )?(kabupaten|kab|kota)\b|pemkab\b|pemkot\b", key):
        return AgencyKind.REGENCY
    return AgencyKind.CENTRAL


# --- rows ------------------------------------------------------------------------------------


class RowValidator:
    """Turns one raw row into a `PersonRow` or a list of issues; no database writes.

    `region_ids` maps dotted region codes to ids; `nik_prefix_checker` is the bulk
    `regions.selectors.NikPrefixIndex().check` (or any callable of six digits). With `agency`,
    the import is that agency's own: rows of another agency code are refused, rows without one
    are that agency's, and agency names in the file are ignored.
    """

    def __init__(
        self,
        *,
        columns: set[str],
        region_ids: Mapping[str, int],
        nik_prefix_checker: Callable,
        today: dt.date | None = None,
        agency=None,
    ):
        self.columns = columns
        self.agency = agency
        self.region_ids = region_ids
        self.nik_prefix_checker = nik_prefix_checker
        self.today = today or dt.date.today()

    def validate(
        self, number: int, raw: Mapping[str, str]
    ) -> tuple[PersonRow | None, list[RowIssue]]:
        """The cells are read here (aliases, dates, the key column); the person is checked by
        `validation.person_validate`, the same check as the service and the admin form."""
        errors: list[RowIssue] = []
        nip_text = (raw.get("nip") or "").strip()
        nip_digits = clean_digits(nip_text)

        def error(column: str, message: str) -> None:
            errors.append(RowIssue(number, nip_digits or nip_text, column, str(message)))

        # The NIP is the upsert key of every row (also non-ASN): the import needs it.
        number_text = nip_text
        if not nip_text:
            error("nip", _("NIP kosong: kolom nip wajib diisi."))
        elif "e+" in nip_text.lower():
            error(
                "nip",
                _(
                    "NIP tersimpan sebagai bilangan di spreadsheet sehingga angkanya hilang: "
                    "format kolom sebagai teks."
                ),
            )
            number_text = ""

        birth_date = None
        birth_text = (raw.get("birth_date") or "").strip()
        if birth_text:
            birth_date = parse_date(birth_text)
            if birth_date is None:
                error(
                    "birth_date",
                    _("Tanggal lahir %(v)r tidak valid: gunakan TTTT-BB-HH atau HH-BB-TTTT.")
                    % {"v": birth_text},
                )

        def cell_choice(column: str, table: Mapping[str, str], values: list[str]) -> str:
            text = (raw.get(column) or "").strip()
            # Unknown text goes to the validator as written: it names the accepted values.
            return _choice(text, table, values) or text if text else ""

        employee_type = cell_choice("employee_type", _EMPLOYEE_TYPES, EmployeeType.values)
        gender = cell_choice("gender", _GENDERS, [])
        position_type = cell_choice("position_type", _POSITION_TYPES, PositionType.values)
        group = cell_choice("functional_group", _FUNCTIONAL_GROUPS, FunctionalGroup.values)
        status = cell_choice("status", _STATUSES, PersonStatus.values)
        position = " ".join((raw.get("position") or "").split())[:_TEXT_MAX]

        check = validation.person_validate(
            employee_type=employee_type or None,
            name=raw.get("name") or "",
            nip=number_text,
            nik=(raw.get("nik") or "").strip(),
            birth_date=birth_date,
            gender=gender,
            position_type=position_type,
            functional_group=group,
            status=status,
            today=self.today,
            nik_prefix_checker=self.nik_prefix_checker,
        )
        warnings: list[RowIssue] = []
        for issue in check.issues:
            if issue.code == "nip_required" and not number_text:
                continue  # the empty key is already reported above
            target = errors if issue.level == validation.ERROR else warnings
            target.append(
                RowIssue(number, nip_digits or nip_text, issue.field, issue.message, issue.level)
            )

        if not group:
            group = infer_functional_group(position, position_type)

        agency_code = (raw.get("agency_code") or "").strip().upper()
        agency_name = " ".join((raw.get("agency_name") or "").split())
        unit_name = " ".join((raw.get("unit") or "").split())
        if self.agency is not None:
            # An agency's own import: its rows only, and it never renames or creates agencies.
            if not agency_code:
                agency_code = self.agency.code
            elif agency_code != self.agency.code:
                error(
                    "agency_code",
                    _(
                        "Baris ini untuk instansi %(code)s; impor ini hanya untuk pegawai "
                        "%(name)s (kode %(own)s)."
                    )
                    % {"code": agency_code, "name": self.agency.name, "own": self.agency.code},
                )
            agency_name = ""
        if len(agency_code) > _AGENCY_CODE_MAX:
            error("agency_code", _("Kode instansi paling panjang 20 karakter."))
        if agency_name and not agency_code:
            error("agency_code", _("Nama instansi diisi tetapi kode instansi kosong."))
        if len(agency_name) > _TEXT_MAX:
            error("agency_name", _("Nama instansi terlalu panjang (lebih dari 200 huruf)."))
        if unit_name and not agency_code:
            error("unit", _("Unit kerja diisi tetapi kode instansi kosong."))
        if len(unit_name) > _TEXT_MAX:
            error("unit", _("Nama unit kerja terlalu panjang (lebih dari 200 huruf)."))

        region_id = None
        region_text = (raw.get("region_code") or "").strip()
        if region_text:
            from netra.regions.codes import InvalidRegionCode, normalize_region_code

            try:
                region_id = self.region_ids.get(normalize_region_code(region_text))
            except InvalidRegionCode as exc:
                error("region_code", str(exc))
            else:
                if region_id is None:
                    error(
                        "region_code",
                        _("Kode wilayah %(v)s tidak ada dalam daftar Kemendagri.")
                        % {"v": region_text},
                    )

        contact = Contact()
        if self.columns & CONTACT_COLUMNS:
            contact = self.read_contact(number, nip_digits or nip_text, raw, warnings)

        if errors:
            return None, errors + warnings
        sealed, digest = seal_contact(contact)
        parts = check.name_parts
        row = PersonRow(
            row=number,
            nip=check.nip or nip_digits,
            name=check.name,
            name_plain=parts.plain,
            name_key=name_key(parts.plain),
            name_variants_key=name_variants_key(parts.plain),
            employee_type=check.employee_type,
            nik=check.nik,
            birth_date=check.birth_date,
            gender=check.gender,
            position=position,
            position_type=position_type,
            functional_group=group,
            agency_code=agency_code,
            agency_name=agency_name,
            unit_name=unit_name,
            unit_key=fold(unit_name),
            region_id=region_id,
            status=status or PersonStatus.ACTIVE,
            contact_sealed=sealed,
            contact_digest=digest,
            warnings=warnings,
        )
        return row, warnings

    @staticmethod
    def read_contact(number: int, nip: str, raw: Mapping[str, str], warnings: list) -> Contact:
        """The row's e-mail and phone; one that is not valid is left out with a warning (the
        person is still imported, only without that way to reach them)."""
        issues = validation.contact_issues(raw.get("email") or "", raw.get("phone") or "")
        for issue in issues:
            warnings.append(RowIssue(number, nip, issue.field, issue.message, issue.level))
        bad = {issue.field for issue in issues}
        return Contact(
            email="" if "email" in bad else clean_email(raw.get("email") or "") or "",
            phone="" if "phone" in bad else clean_phone(raw.get("phone") or "") or "",
        )


# --- duplicates ------------------------------------------------------------------------------


class SeenNips:
    """NIPs already taken in this import, on disk so 4.4 M of them stay out of memory.

    The first row with a NIP wins; later rows with the same NIP are rejected (documented).
    """

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="netra-import-")
        self._db = sqlite3.connect(str(Path(self._dir.name) / "seen.sqlite3"))
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE seen (nip TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def claim(self, rows: list[tuple[str, int]]) -> dict[str, int]:
        """Record `(nip, row)` pairs; return {nip: first row} for those already taken."""
        taken: dict[str, int] = {}
        nips = list({nip for nip, _row in rows})
        for start in range(0, len(nips), 900):
            chunk = nips[start : start + 900]
            marks = ",".join("?" * len(chunk))
            # Only "?" placeholders are formatted in; the values are bound parameters.
            query = f"SELECT nip, row FROM seen WHERE nip IN ({marks})"  # noqa: S608
            taken.update(self._db.execute(query, chunk))
        duplicates: dict[str, int] = {}
        fresh: list[tuple[str, int]] = []
        for nip, row in rows:
            if nip in taken:
                duplicates.setdefault(nip, taken[nip])
                continue
            taken[nip] = row
            fresh.append((nip, row))
        self._db.executemany("INSERT INTO seen (nip, row) VALUES (?, ?)", fresh)
        return duplicates

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


# --- error report ----------------------------------------------------------------------------

REPORT_HEADER = ["row", "nip", "column", "level", "message"]


class IssueReport:
    """The per-row report (CSV, formula-safe), opened only when there is something to say."""

    def __init__(self, path: Path | None):
        self.path = path
        self._handle: io.TextIOBase | None = None
        self._writer = None
        self.errors = 0
        self.warnings = 0

    def write(self, issues: list[RowIssue]) -> None:
        if not issues:
            return
        if self._writer is None and self.path is not None:
            import defusedcsv.csv as safe_csv

            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = safe_csv.writer(self._handle)
            self._writer.writerow(REPORT_HEADER)
        for issue in issues:
            if issue.level == "error":
                self.errors += 1
            else:
                self.warnings += 1
            if self._writer is not None:
                self._writer.writerow(
                    [issue.row, issue.nip, issue.column, issue.level, issue.message]
                )

    @property
    def written(self) -> bool:
        return self._writer is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
