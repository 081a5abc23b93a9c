"""Every write to agencies, work units and people, each with its audit event.

The bulk path (`registry_import`, `registry_import_rows`) writes with set-based upserts in
batches (`bulk_create(update_conflicts=True)`) and records ONE audit event per import.
"""

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.audit.services import audit_record
from netra.registry import validation
from netra.registry.choices import AgencyKind, FunctionalGroup
from netra.registry.importer import (
    ImportFileError,
    IssueReport,
    PersonRow,
    RowIssue,
    RowValidator,
    SeenNips,
    check_header,
    infer_agency_kind,
    map_header,
    open_table,
    rows_as_dicts,
)
from netra.registry.models import Agency, Person, WorkUnit
from netra.registry.names import fold, name_key, name_variants_key
from netra.registry.nik import regions_not_loaded_checker
from netra.registry.signals import people_imported

# --- single writes ---------------------------------------------------------------------------


class RegistryError(ValueError):
    """A write was refused; the message is shown to the user, `fields` per field."""

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.fields = fields or {}


def _changes(instance, values: dict) -> dict:
    changed = {}
    for name, value in values.items():
        old = getattr(instance, name)
        if old != value:
            changed[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    return changed


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def agency_upsert(
    *,
    actor,
    code: str,
    name: str,
    kind: str = "",
    region=None,
    ppk_title: str | None = None,
    ppk_name: str | None = None,
    ppk_email: str | None = None,
) -> Agency:
    """Create or update the agency with this `code` (kind inferred from the name if empty)."""
    code = code.strip().upper()
    name = " ".join(name.split())
    if not code or not name:
        raise RegistryError(_("Kode dan nama instansi wajib diisi."))
    values = {"name": name, "kind": kind or infer_agency_kind(name), "region": region}
    for key, value in (("ppk_title", ppk_title), ("ppk_name", ppk_name), ("ppk_email", ppk_email)):
        if value is not None:
            values[key] = value
    agency = Agency.objects.select_for_update().filter(code=code).first()
    created = agency is None
    if created:
        agency = Agency(code=code)
    changed = _changes(agency, values)
    if not created and not changed:
        return agency
    try:
        agency.full_clean()
    except ValidationError as exc:
        raise RegistryError("; ".join(exc.messages)) from exc
    agency.save()
    audit_record(
        actor=actor,
        action="registry.agency_create" if created else "registry.agency_update",
        target=agency,
        payload={"code": code, "changed": changed},
    )
    return agency


@transaction.atomic
def work_unit_upsert(*, actor, agency: Agency, name: str, region=None) -> WorkUnit:
    """Create or update the unit named `name` (compared case- and accent-insensitively)."""
    name = " ".join(name.split())
    key = fold(name)
    if not key:
        raise RegistryError(_("Nama unit kerja wajib diisi."))
    unit = WorkUnit.objects.select_for_update().filter(agency=agency, name_key=key).first()
    created = unit is None
    if created:
        unit = WorkUnit(agency=agency, name_key=key)
    changed = _changes(unit, {"name": name, "region": region})
    if not created and not changed:
        return unit
    unit.save()
    audit_record(
        actor=actor,
        action="registry.work_unit_create" if created else "registry.work_unit_update",
        target=unit,
        payload={"agency": agency.code, "changed": changed},
    )
    return unit


@transaction.atomic
def person_upsert(
    *,
    actor,
    employee_type: str,
    name: str,
    nip: str | None = None,
    nik: str | None = None,
    gender: str = "",
    birth_date: dt.date | None = None,
    position: str = "",
    position_type: str = "",
    functional_group: str = FunctionalGroup.NONE,
    agency: Agency | None = None,
    unit: WorkUnit | None = None,
    region=None,
    status: str | None = None,
) -> Person:
    """Create or update a person by NIP; non-ASN without NIP are always created.

    Checked by `validation.person_validate` (the admin form and the import ask the same);
    birth date and gender default to what the NIP says.
    """
    check = validation.person_validate(
        employee_type=employee_type,
        name=name,
        nip=nip,
        nik=nik,
        birth_date=birth_date,
        gender=gender,
        position_type=position_type,
        functional_group=functional_group,
        status=status or "",
        agency=agency,
        unit=unit,
    )
    if not check.valid:
        raise RegistryError(check.message(), fields=check.field_errors())
    digits = check.nip
    parts = check.name_parts
    values = {
        "employee_type": check.employee_type,
        "nik": check.nik,
        "name": check.name,
        "name_plain": parts.plain,
        "name_key": name_key(parts.plain),
        "name_variants_key": name_variants_key(parts.plain),
        "gender": check.gender,
        "birth_date": check.birth_date,
        "position": position,
        "position_type": position_type,
        "functional_group": functional_group,
        "agency": agency or (unit.agency if unit else None),
        "unit": unit,
        "region": region,
    }
    if status is not None:
        values["status"] = status
    person = None
    if digits:
        person = Person.objects.select_for_update().filter(nip=digits).first()
    created = person is None
    if created:
        person = Person(nip=digits)
    changed = _changes(person, values)
    if not created and not changed:
        return person
    try:
        person.full_clean(exclude=["name_key", "name_variants_key"])
    except ValidationError as exc:
        raise RegistryError("; ".join(exc.messages)) from exc
    person.save()
    audit_record(
        actor=actor,
        action="registry.person_create" if created else "registry.person_update",
        target=person,
        payload={"fields": sorted(changed)},
    )
    return person


@transaction.atomic
def person_set_status(*, actor, person: Person, status: str, reason: str = "") -> Person:
    issue = validation.choice_issue("status", status) if status else None
    if issue or not status:
        raise RegistryError(issue.message if issue else _("Status wajib diisi."))
    old = person.status
    if old == status:
        return person
    person.status = status
    person.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.person_set_status",
        target=person,
        payload={"old": old, "new": status, "reason": reason},
    )
    return person


# --- bulk import -----------------------------------------------------------------------------


@dataclass
class ImportSummary:
    source: str
    sha256: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    agencies_created: int = 0
    units_created: int = 0
    dry_run: bool = False
    report_path: str | None = None
    rejected_rows: list[int] = field(default_factory=list, repr=False)
    # Seconds per phase of the set-based path (for benchmarks; not part of the summary).
    timings: dict[str, float] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("rejected_rows")
        data.pop("timings")
        return data


# Person fields written for each input column; columns absent from a file leave stored values.
_FIELDS_BY_COLUMN = {
    "name": ("name", "name_plain", "name_key", "name_variants_key"),
    "nik": ("nik",),
    "employee_type": ("employee_type",),
    "position": ("position",),
    "position_type": ("position_type",),
    "functional_group": ("functional_group",),
    "agency_code": ("agency_id",),
    "unit": ("unit_id",),
    "region_code": ("region_id",),
    "status": ("status",),
    # The sealed contact changes with every seal (random nonce): compared by its digest.
    "email": ("contact_digest", "contact_sealed"),
    "phone": ("contact_digest", "contact_sealed"),
}
# Written but never compared (see above).
UNCOMPARED = ("contact_sealed",)
# Always written: derived from the NIP when the columns are missing.
_ALWAYS = ("birth_date", "gender")


def _update_fields(columns: set[str]) -> list[str]:
    fields = list(_ALWAYS)
    for column, names in _FIELDS_BY_COLUMN.items():
        if column in columns:
            fields.extend(n for n in names if n not in fields)
    if "position" in columns and "functional_group" not in fields:
        fields.append("functional_group")  # inferred from the position title
    return fields


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def registry_import(
    *,
    actor,
    path: Path | str,
    batch_size: int | None = None,
    errors_out: Path | str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    agency: Agency | None = None,
    resume: bool = False,
    set_based: bool | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import people from a CSV or XLSX file (docs/registry-import.md).

    On PostgreSQL the import is set-based (`import_pg`: COPY into staging, validation and
    upsert in SQL, committed in stages, `resume=True` continues an interrupted run);
    elsewhere, or with `set_based=False`, rows are validated in Python and upserted in batches
    in one transaction. Both give the same people, counts and per-row report.

    Raises `ImportFileError` (nothing stored) when the file is missing, unreadable or lacks the
    required columns. Bad rows never abort: they go to the report CSV (next to the input or
    `errors_out`). `progress(n)` is called after each batch with the rows it read. With
    `agency`, the import is that agency's own (agency HR on the web): rows of another agency,
    and people registered elsewhere, are refused per row.
    """
    started = timezone.now()
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(_("Berkas tidak ditemukan: %(name)s.") % {"name": path.name})
    try:
        sha256 = _file_sha256(path)
    except OSError as exc:
        raise ImportFileError(
            _("Berkas %(name)s tidak dapat dibaca.") % {"name": path.name}
        ) from exc
    report_path = Path(errors_out) if errors_out else default_report_path(path)
    if set_based is None:
        set_based = connection.vendor == "postgresql"
    if set_based:
        from netra.registry import import_pg

        set_based = import_pg.handles(path)
    if set_based:
        summary = import_pg.run(
            actor=actor,
            path=path,
            sha256=sha256,
            summary=ImportSummary(source=path.name, sha256=sha256, dry_run=dry_run),
            report_path=report_path,
            dry_run=dry_run,
            progress=progress,
            agency=agency,
            resume=resume,
            batch_size=batch_size,
            on_stage=on_stage,
        )
        return _announce(summary, started)
    with open_table(path) as table:
        mapped = map_header(table.header)
        check_header(mapped)
        summary = _import(
            actor=actor,
            columns={c for c in mapped if c},
            records=rows_as_dicts(mapped, table.rows),
            source=path.name,
            sha256=sha256,
            batch_size=batch_size,
            report_path=report_path,
            dry_run=dry_run,
            progress=progress,
            agency=agency,
        )
    return _announce(summary, started)


def _announce(summary: ImportSummary, since=None) -> ImportSummary:
    """Tell listeners once per import that people changed (bulk writes send no post_save);
    `since`: when the import started (the people it changed have `updated_at` after it)."""
    if not summary.dry_run and (summary.created or summary.updated):
        transaction.on_commit(
            lambda: people_imported.send(sender=Person, summary=summary, since=since)
        )
    return summary


def registry_import_rows(
    *,
    actor,
    rows: Iterable[dict[str, str]],
    source: str,
    batch_size: int | None = None,
    report_path: Path | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """The same import from in-memory rows (dicts keyed by column names), e.g. demo data."""
    started = timezone.now()
    rows = list(rows)
    columns = set().union(*(r.keys() for r in rows)) if rows else set()
    check_header(list(columns))
    digest = hashlib.sha256(repr(sorted(sorted(r.items()) for r in rows)).encode()).hexdigest()
    summary = _import(
        actor=actor,
        columns=columns,
        records=((n, r) for n, r in enumerate(rows, start=2)),
        source=source,
        sha256=digest,
        batch_size=batch_size,
        report_path=report_path,
        dry_run=dry_run,
        progress=None,
        agency=None,
    )
    return _announce(summary, started)


# What a file that breaks half-way raises while it is streamed (encoding, CSV, zip/XML).
_BROKEN_FILE_ERRORS = (UnicodeDecodeError, csv.Error, BadZipFile, ParseError, OSError, KeyError)


def _batches(records: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in records:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _import(
    *,
    actor,
    columns: set[str],
    records: Iterator[tuple[int, dict[str, str]]],
    source: str,
    sha256: str,
    batch_size: int | None,
    report_path: Path | None,
    dry_run: bool,
    progress: Callable[[int], None] | None,
    agency: Agency | None,
) -> ImportSummary:
    from netra.regions.models import Region
    from netra.regions.selectors import NikPrefixIndex

    batch_size = max(1, int(batch_size or settings.NETRA_IMPORT_BATCH_SIZE))
    summary = ImportSummary(source=source, sha256=sha256, dry_run=dry_run)
    if agency is not None:
        columns = columns | {"agency_code"}  # every row is the agency's
    region_ids = dict(Region.objects.values_list("code", "id"))
    validator = RowValidator(
        columns=columns,
        region_ids=region_ids,
        nik_prefix_checker=NikPrefixIndex().check if region_ids else regions_not_loaded_checker,
        agency=agency,
    )
    writer = _BatchWriter(columns=columns, summary=summary, agency=agency)
    report = IssueReport(report_path)
    seen = SeenNips()
    completed = False
    try:
        # One transaction: a file that breaks half-way (or an interrupted run) stores nothing,
        # and the single audit event describes exactly what was committed.
        with transaction.atomic():
            for batch in _batches(records, batch_size):
                summary.rows_read += len(batch)
                good: list[PersonRow] = []
                for number, raw in batch:
                    row, issues = validator.validate(number, raw)
                    report.write(issues)
                    if row is None:
                        summary.rejected += 1
                        summary.rejected_rows.append(number)
                    else:
                        good.append(row)
                duplicates = seen.claim([(r.nip, r.row) for r in good])
                if duplicates:
                    kept = []
                    for r in good:
                        first = duplicates.get(r.nip)
                        if first is not None and first != r.row:
                            report.write(
                                [
                                    RowIssue(
                                        r.row,
                                        r.nip,
                                        "nip",
                                        _("NIP sudah ada di baris %(row)d; baris ini ditolak.")
                                        % {"row": first},
                                    )
                                ]
                            )
                            summary.rejected += 1
                            summary.rejected_rows.append(r.row)
                        else:
                            kept.append(r)
                    good = kept
                rejected_now = writer.write(good)
                for r, message, column in rejected_now:
                    report.write([RowIssue(r.row, r.nip, column, message)])
                    summary.rejected += 1
                    summary.rejected_rows.append(r.row)
                if progress:
                    progress(len(batch))
            summary.warnings = report.warnings
            summary.report_path = str(report.path) if report.written else None
            if dry_run:
                transaction.set_rollback(True)
            else:
                audit_record(
                    actor=actor,
                    action="registry.import",
                    target=("registry.import", sha256),
                    payload=summary.as_dict(),
                )
        completed = True
    except _BROKEN_FILE_ERRORS as exc:
        raise ImportFileError(
            _(
                "Berkas %(name)s rusak atau tidak dapat dibaca sampai akhir (%(reason)s); "
                "tidak ada data yang disimpan."
            )
            % {"name": source, "reason": exc.__class__.__name__}
        ) from exc
    finally:
        seen.close()
        report.close()
        if not completed and report.path is not None and report.written:
            report.path.unlink(missing_ok=True)
    return summary


class _BatchWriter:
    """Upserts agencies, units and people of one batch with a few set-based statements."""

    def __init__(self, *, columns: set[str], summary: ImportSummary, agency=None):
        self.columns = columns
        self.agency = agency
        self.summary = summary
        self.update_fields = _update_fields(columns)
        self.compare_fields = [f for f in self.update_fields if f not in UNCOMPARED]
        # code -> (id, name, region_id); (agency_id, unit key) -> id. Both stay small
        # (hundreds of agencies, tens of thousands of units) even for the national register.
        self.agencies: dict[str, tuple[int, str, int | None]] = {}
        self.units: dict[tuple[int, str], int] = {}

    def write(self, rows: list[PersonRow]) -> list[tuple[PersonRow, str, str]]:
        rejected: list[tuple[PersonRow, str, str]] = []
        self._agencies(rows, rejected)
        bad = {id(r) for r, _m, _c in rejected}
        rows[:] = [r for r in rows if id(r) not in bad]
        self._units(rows)
        self._people(rows, rejected)
        bad = {id(r) for r, _m, _c in rejected}
        rows[:] = [r for r in rows if id(r) not in bad]
        return rejected

    def _agencies(self, rows: list[PersonRow], rejected: list) -> None:
        wanted = {r.agency_code for r in rows if r.agency_code} - set(self.agencies)
        if wanted:
            for pk, code, name, region_id in Agency.objects.filter(code__in=wanted).values_list(
                "id", "code", "name", "region_id"
            ):
                self.agencies[code] = (pk, name, region_id)
        names: dict[str, str] = {}
        for r in rows:
            if r.agency_code and r.agency_name:
                names.setdefault(r.agency_code, r.agency_name)
        new = [
            Agency(code=code, name=name, kind=infer_agency_kind(name))
            for code, name in names.items()
            if code not in self.agencies
        ]
        renamed = [
            Agency(code=code, name=name, kind=AgencyKind.CENTRAL)
            for code, name in names.items()
            if code in self.agencies and self.agencies[code][1] != name
        ]
        if new:
            Agency.objects.bulk_create(new, batch_size=500)
            self.summary.agencies_created += len(new)
        if renamed:
            Agency.objects.bulk_create(
                renamed, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
            )
        if new or renamed:
            codes = [a.code for a in new + renamed]
            for pk, code, name, region_id in Agency.objects.filter(code__in=codes).values_list(
                "id", "code", "name", "region_id"
            ):
                self.agencies[code] = (pk, name, region_id)
        for r in rows:
            if r.agency_code and r.agency_code not in self.agencies:
                rejected.append(
                    (
                        r,
                        _(
                            "Kode instansi %(code)s belum terdaftar: isi juga agency_name "
                            "(nama instansi) agar instansi dibuat."
                        )
                        % {"code": r.agency_code},
                        "agency_code",
                    )
                )

    def _units(self, rows: list[PersonRow]) -> None:
        wanted: dict[tuple[int, str], str] = {}
        for r in rows:
            if r.unit_key:
                key = (self.agencies[r.agency_code][0], r.unit_key)
                if key not in self.units:
                    wanted.setdefault(key, r.unit_name)
        if not wanted:
            return
        agency_ids = {a for a, _k in wanted}
        keys = {k for _a, k in wanted}
        existing = WorkUnit.objects.filter(agency_id__in=agency_ids, name_key__in=keys)
        for pk, agency_id, key in existing.values_list("id", "agency_id", "name_key"):
            self.units[(agency_id, key)] = pk
        new = [
            WorkUnit(agency_id=a, name_key=k, name=name)
            for (a, k), name in wanted.items()
            if (a, k) not in self.units
        ]
        if new:
            WorkUnit.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
            self.summary.units_created += len(new)
            fetched = WorkUnit.objects.filter(
                agency_id__in={u.agency_id for u in new}, name_key__in={u.name_key for u in new}
            )
            for pk, agency_id, key in fetched.values_list("id", "agency_id", "name_key"):
                self.units[(agency_id, key)] = pk

    def _people(self, rows: list[PersonRow], rejected: list) -> None:
        if not rows:
            return
        stored = {
            values["nip"]: values
            for values in Person.objects.filter(nip__in=[r.nip for r in rows]).values(
                "nip", "agency_id", *self.compare_fields
            )
        }
        to_write: list[Person] = []
        for r in rows:
            current = stored.get(r.nip)
            if self.agency is not None and current and current["agency_id"] != self.agency.pk:
                rejected.append((r, _other_agency_message(), "nip"))
                continue
            agency = self.agencies.get(r.agency_code) if r.agency_code else None
            values = {
                "nip": r.nip,
                "employee_type": r.employee_type,
                "nik": r.nik,
                "name": r.name,
                "name_plain": r.name_plain,
                "name_key": r.name_key,
                "name_variants_key": r.name_variants_key,
                "gender": r.gender,
                "birth_date": r.birth_date,
                "position": r.position,
                "position_type": r.position_type,
                "functional_group": r.functional_group,
                "agency_id": agency[0] if agency else None,
                "unit_id": self.units.get((agency[0], r.unit_key))
                if agency and r.unit_key
                else None,
                "region_id": r.region_id if r.region_id else (agency[2] if agency else None),
                "status": r.status,
                "contact_sealed": r.contact_sealed,
                "contact_digest": r.contact_digest,
            }
            if current is None:
                self.summary.created += 1
            elif all(current[f] == values[f] for f in self.compare_fields):
                self.summary.unchanged += 1
                continue
            else:
                self.summary.updated += 1
            to_write.append(Person(**values))
        if to_write:
            Person.objects.bulk_create(
                to_write,
                update_conflicts=True,
                unique_fields=["nip"],
                update_fields=[*(f.removesuffix("_id") for f in self.update_fields), "updated_at"],
            )
            # The derived name index of the people written (one set-based call per batch).
            from netra.registry.name_index import index_people

            index_people(
                Person.objects.filter(nip__in=[p.nip for p in to_write]).values_list(
                    "pk", flat=True
                )
            )


def _other_agency_message() -> str:
    return _(
        "NIP ini sudah terdaftar pada instansi lain (atau tanpa instansi); baris ini ditolak. "
        "Perpindahan pegawai antarinstansi dicatat oleh administrator."
    )
