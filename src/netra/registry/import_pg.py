# ruff: noqa: S608 -- SQL is built only from constant table names (`_tables(run id)`) and
# column names of this module; every value is a bound parameter.
"""The registry import on PostgreSQL, set-based (docs/registry-import.md, "National scale").

Stages, each committed, so an interrupted import resumes where it stopped (`resume=True`):

1. **staged**: the file is streamed once (`importer.open_table`, the same reading as the
   batched path) into `COPY` of an UNLOGGED staging table keyed by the row number.
2. **prepared**: rows whose digest (of the file row and of the values it wrote) is the one the
   person still carries from an earlier clean import are set aside as unchanged, with no further
   work (`Person.import_digest`). Then values of few distinct kinds (choices, region codes,
   positions, unit and agency names, names) are judged once per distinct value in Python with
   the batched path's own functions; a SQL *screen* then accepts the rows it can prove valid
   without any warning (NIP / NI PPPK layout and dates, NIK region, date and gender agreeing
   with the NIP). Every
   other row goes through `RowValidator` (that is, `validation.person_validate`), so the rules
   and messages are the batched path's. Duplicates within the file (window function), unknown
   agencies and, for an agency's own import, people of other agencies are refused in SQL with
   the batched path's messages; new agencies and work units are written.
3. **batches**: `INSERT ... ON CONFLICT (nip) DO UPDATE ... WHERE (...) IS DISTINCT FROM (...)`
   per range of rows, so unchanged people are not touched; the name index keys of the people
   written are inserted in SQL from a table of keys computed once per distinct name
   (`name_index.keys_for`), in the same transaction. Into an empty registry the secondary
   indexes and foreign keys of the person and name-key tables are built once at the end.
4. **done**: the per-row report is written from the issues table, ONE audit event recorded, the
   staging tables dropped.

The run's state lives in `ImportRun` (table `netra_registry_import_run`).
"""

import contextlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra.audit.services import audit_record
from netra.registry import importer
from netra.registry.choices import EmployeeType, FunctionalGroup, Gender, PersonStatus, PositionType
from netra.registry.contacts import seal as seal_contact
from netra.registry.importer import COLUMNS, IssueReport, RowIssue, RowValidator
from netra.registry.models import Agency, ImportRun, NameToken, Person, PersonNameKey, WorkUnit
from netra.registry.names import fold, name_key, name_variants_key, split_name
from netra.registry.services import UNCOMPARED

RUN_TABLE = ImportRun._meta.db_table
# The file columns this path understands; a file with any other import column (one added to
# `importer.COLUMNS` later) goes through the batched path, which knows every column.
SUPPORTED_COLUMNS = frozenset(
    {
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
        # Sealed by a Python pass over the screened rows (`_Run._contacts`).
        "email",
        "phone",
    }
)


def handles(path: Path) -> bool:
    """Whether this path can import the file (by its header); raises `ImportFileError` as the
    batched path would for a missing or unreadable file."""
    with importer.open_table(path) as table:
        mapped = importer.map_header(table.header)
    return {c for c in mapped if c} <= SUPPORTED_COLUMNS


BATCH_ROWS = 50_000
# From this many valid rows into an empty person table, secondary indexes are built at the end.
FRESH_LOAD_ROWS = 20_000
_FETCH = 20_000
# Stands for the row number in the duplicate message; replaced in SQL by the first row.
_ROW_MARK = 987654321

_GOOD_COLUMNS = (
    "line",
    "nip",
    "name",
    "name_plain",
    "name_key",
    "name_variants_key",
    "employee_type",
    "nik",
    "birth_date",
    "gender",
    "position",
    "position_type",
    "functional_group",
    "agency_code",
    "agency_name",
    "unit_name",
    "unit_key",
    "region_id",
    "status",
    "contact_sealed",
    "contact_digest",
)
# Person columns written on insert, from the good table (agency, unit and region joined).
_PERSON_FROM_GOOD = (
    "nip",
    "employee_type",
    "nik",
    "name",
    "name_plain",
    "name_key",
    "name_variants_key",
    "gender",
    "birth_date",
    "position",
    "position_type",
    "functional_group",
    "status",
    "contact_sealed",
    "contact_digest",
)


_TABLE_KINDS = ("raw", "names", "maps", "good", "issues", "skipped", "keys", "flagged")


def _tables(run_id: int) -> dict[str, str]:
    prefix = f"netra_regimp_{int(run_id)}"
    return {k: f"{prefix}_{k}" for k in _TABLE_KINDS}


# The person values an import writes, in the order of the values half of `import_digest`.
_DIGEST_VALUES = (
    "nip",
    "employee_type",
    "nik",
    "name",
    "name_plain",
    "name_key",
    "name_variants_key",
    "gender",
    "birth_date",
    "position",
    "position_type",
    "functional_group",
    "status",
    "contact_digest",
    "agency_id",
    "unit_id",
    "region_id",
)
# Bump when the digest's definition or the validation rules change: old digests then never match.
_DIGEST_VERSION = "1"


def _values_digest(expressions: dict[str, str] | None = None) -> str:
    """SQL for the digest of the written values: of the person row `p` by default, or of the
    expressions given per column (the same text, so the two can be compared)."""
    expressions = expressions or {}
    parts = ", ".join(
        f"coalesce(({expressions.get(c, f'p.{c}')})::text, '~')" for c in _DIGEST_VALUES
    )
    return f"md5(concat_ws('|', {parts}))"


def _raw_digest(alias: str = "r") -> str:
    """SQL for the digest of a staged file row (all import columns) with the run's salt."""
    return f"md5(%(salt)s || row({', '.join(f'{alias}.{c}' for c in COLUMNS)})::text)"


def _drop(cursor, run_id: int) -> None:
    for table in _tables(run_id).values():
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def unfinished_runs(sha256: str) -> list[dict]:
    """Interrupted imports of a file (for messages and tests)."""
    runs = ImportRun.objects.filter(sha256=sha256).exclude(stage="done").order_by("id")
    return list(runs.values("id", "stage", "batches_done"))


def run(
    *,
    actor,
    path: Path,
    sha256: str,
    summary,
    report_path: Path | None,
    dry_run: bool,
    progress: Callable[[int], None] | None,
    agency: Agency | None,
    resume: bool,
    batch_size: int | None,
    on_stage: Callable[[str], None] | None = None,
):
    """The whole import; `summary` (a `services.ImportSummary`) is filled and returned."""
    options = json.dumps({"agency": agency.pk if agency else None}, sort_keys=True)
    job = _Run(
        actor=actor,
        path=path,
        sha256=sha256,
        summary=summary,
        report_path=report_path,
        progress=progress,
        agency=agency,
        batch_size=max(1, int(batch_size or BATCH_ROWS)),
        on_stage=on_stage or (lambda _stage: None),
    )
    with _file_lock(sha256):
        return _run(job, options, dry_run=dry_run, resume=resume)


@contextlib.contextmanager
def _file_lock(sha256: str):
    """One run per file at a time (a second import of the same file waits for the first, then
    finds it done): a session-level advisory lock keyed by the file's hash."""
    key = int(sha256[:15], 16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        # Each stage's commit need not wait for its WAL flush: a crash loses at most the last
        # stages, which the run's state (committed with them) then redoes; never corrupts.
        cursor.execute("SET synchronous_commit = off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except DatabaseError:
            pass  # a lost connection has released its session locks already


def _run(job, options: str, *, dry_run: bool, resume: bool):
    summary = job.summary
    if dry_run:
        # Everything in one transaction, rolled back: the counts are those of a real run.
        with transaction.atomic():
            job.start(options, resume=False)
            job.stage_copy()
            job.stage_prepare()
            while job.stage_batch():
                pass
            job.finish(record=False)
            transaction.set_rollback(True)
        return summary
    with transaction.atomic():
        job.start(options, resume=resume)
    if job.stage == "new":
        try:
            with transaction.atomic():
                job.stage_copy()
        except Exception:
            job.forget()
            raise
    if job.stage == "staged":
        with transaction.atomic():
            job.stage_prepare()
    while job.stage == "prepared":
        with transaction.atomic():
            if not job.stage_batch():
                job.finish(record=True)
    return summary


class _Run:
    def __init__(
        self,
        *,
        actor,
        path,
        sha256,
        summary,
        report_path,
        progress,
        agency,
        batch_size,
        on_stage,
    ):
        self.actor = actor
        self.path = path
        self.sha256 = sha256
        self.summary = summary
        self.report_path = report_path
        self.progress = progress
        self.agency = agency
        self.batch_size = batch_size
        self.on_stage = on_stage
        self.id = 0
        self.options = ""
        self.stage = "new"
        self.batches_done = 0
        self.t: dict[str, str] = {}
        self.columns: set[str] = set()
        # (name, definition) of the person indexes dropped for a fresh load, rebuilt at the end.
        self.set_aside: list[list[str]] = []
        # The line ranges of the write batches, computed once when the rows are known.
        self.bounds: list[tuple[int, int]] = []

    # --- state -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _timed(self, name: str):
        """Seconds per phase, kept in the summary (`timings`) for the benchmark's profile."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self._add_time(name, time.perf_counter() - started)

    def _add_time(self, name: str, seconds: float) -> None:
        timings = self.summary.timings
        timings[name] = round(timings.get(name, 0.0) + seconds, 3)

    def start(self, options: str, *, resume: bool) -> None:
        self.options = options
        unfinished = list(
            ImportRun.objects.filter(sha256=self.sha256, options=options)
            .exclude(stage="done")
            .order_by("id")
        )
        if resume and unfinished:
            last = unfinished.pop()
            self.id, self.stage, self.batches_done = last.id, last.stage, last.batches_done
            self._restore(last.summary)
        with connection.cursor() as cursor:
            # Without --resume an earlier interrupted run of the file starts over (after putting
            # back any index it had set aside).
            for old in unfinished:
                _restore_indexes(cursor, old.summary.get("set_aside_indexes") or [])
                _drop(cursor, old.id)
                old.delete()
        if not self.id:
            self.id = ImportRun.objects.create(sha256=self.sha256, options=options, stage="new").id
        self.t = _tables(self.id)

    @property
    def salt(self) -> str:
        """What a row's digest depends on besides its cells: the import's options and the
        file's columns (a missing column is not an empty one)."""
        return f"{_DIGEST_VERSION}|{self.options}|{','.join(sorted(self.columns))}|"

    def _restore(self, saved: dict) -> None:
        for key, value in saved.items():
            if key == "bounds":
                self.bounds = [tuple(pair) for pair in value]
            elif key == "columns":
                self.columns = set(value)
            elif key == "set_aside_indexes":
                self.set_aside = value
            elif hasattr(self.summary, key) and key not in {"source", "sha256", "dry_run"}:
                setattr(self.summary, key, value)

    def _save(self, cursor) -> None:
        data = self.summary.as_dict()
        data["columns"] = sorted(self.columns)
        data["bounds"] = [list(pair) for pair in self.bounds]
        data["set_aside_indexes"] = self.set_aside
        ImportRun.objects.filter(id=self.id).update(
            stage=self.stage,
            batches_done=self.batches_done,
            summary=json.loads(json.dumps(data)),
            updated_at=timezone.now(),
        )

    def forget(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            _drop(cursor, self.id)
        ImportRun.objects.filter(id=self.id).delete()

    # --- 1. staging --------------------------------------------------------------------------

    def stage_copy(self) -> None:
        with self._timed("copy"):
            self._copy()

    def _copy(self) -> None:
        from netra.registry.services import _BROKEN_FILE_ERRORS

        self.on_stage("copy")
        t = self.t
        cols = ", ".join(f"{c} text NOT NULL DEFAULT ''" for c in COLUMNS)
        with connection.cursor() as cursor:
            _drop(cursor, self.id)
            cursor.execute(f"CREATE UNLOGGED TABLE {t['raw']} (line integer PRIMARY KEY, {cols})")
            with importer.open_table(self.path) as table:
                mapped = importer.map_header(table.header)
                importer.check_header(mapped)
                positions = [(c, i) for i, c in enumerate(mapped) if c]
                self.columns = {c for c, _i in positions}
                names = ", ".join(["line", *(c for c, _i in positions)])
                read = 0
                # Progress counts rows as they are staged, in the batched path's steps.
                step = max(1, int(settings.NETRA_IMPORT_BATCH_SIZE))
                indexes = [i for _c, i in positions]
                wanted = max(indexes) + 1
                width = len(indexes)
                lines: list[str] = []
                try:
                    with cursor.cursor.copy(f"COPY {t['raw']} ({names}) FROM STDIN") as copy:
                        # COPY's text format written directly, in blocks (cheaper than
                        # `write_row` per value); only a cell with a tab, newline, carriage
                        # return or backslash needs escaping.
                        for number, values in table.rows:
                            if len(values) < wanted:
                                values = values + [""] * (wanted - len(values))
                            line = "\t".join([str(number), *[values[i] for i in indexes]])
                            if line.count("\t") != width or _COPY_SPECIAL.search(line):
                                line = "\t".join(
                                    [str(number), *(_copy_escape(values[i]) for i in indexes)]
                                )
                            lines.append(line)
                            read += 1
                            if read % step == 0:
                                copy.write("\n".join(lines) + "\n")
                                lines.clear()
                                if self.progress:
                                    self.progress(step)
                        if lines:
                            copy.write("\n".join(lines) + "\n")
                except _BROKEN_FILE_ERRORS as exc:
                    raise importer.ImportFileError(
                        _(
                            "Berkas %(name)s rusak atau tidak dapat dibaca sampai akhir "
                            "(%(reason)s); tidak ada data yang disimpan."
                        )
                        % {"name": self.summary.source, "reason": exc.__class__.__name__}
                    ) from exc
            if self.progress and read % step:
                self.progress(read % step)
            self.summary.rows_read = read
            cursor.execute(f"ANALYZE {t['raw']}")
            self.stage = "staged"
            self._save(cursor)

    # --- 2. validation -----------------------------------------------------------------------

    def stage_prepare(self) -> None:
        self.on_stage("validate")
        if self.agency is not None:
            self.columns |= {"agency_code"}
        with connection.cursor() as cursor:
            for name, step in (
                ("unchanged_rows", self._skip_unchanged),
                ("distinct_values", self._maps),
                ("sql_screen", self._screen),
                ("contacts", self._contacts),
                ("python_rows", self._python_rows),
                ("duplicates", self._duplicates),
                ("agencies", self._agencies),
                ("units", self._units),
                ("name_keys", self._name_keys),
            ):
                with self._timed(name):
                    step(cursor)
            t = self.t
            cursor.execute(f"CREATE INDEX ON {t['good']} (line)")
            cursor.execute(f"ANALYZE {t['good']}")
            # Lines with any issue: their people get no digest (their report must come again).
            cursor.execute(
                f"CREATE UNLOGGED TABLE {t['flagged']} AS SELECT DISTINCT line FROM {t['issues']}"
            )
            cursor.execute(f"ALTER TABLE {t['flagged']} ADD PRIMARY KEY (line)")
            cursor.execute(f"ANALYZE {t['flagged']}")
            cursor.execute(f"SELECT count(*) FROM {t['good']}")
            good = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {t['skipped']}")
            skipped = cursor.fetchone()[0]
            self.summary.unchanged += skipped
            self.summary.rejected = self.summary.rows_read - good - skipped
            self._set_indexes_aside(cursor, good)
            self.bounds = self._bounds(cursor)
            self.stage = "prepared"
            self._save(cursor)
        self.on_stage("write")

    def _set_indexes_aside(self, cursor, rows: int) -> None:
        """A fresh load into an empty registry: drop the secondary indexes, the foreign keys and
        the unique constraints other than the NIP (the upsert needs it) of the person table,
        and everything but the table itself of the name-key table, and build them once at the
        end: a bulk build or one validating join is several times cheaper than maintaining
        them row by row (the trigram GIN index and the millions of name keys most of all). The
        definitions are kept in the run's state, so a resumed or restarted run puts them back."""
        if rows < FRESH_LOAD_ROWS:
            return
        person, keys = Person._meta.db_table, PersonNameKey._meta.db_table
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {person}) OR EXISTS (SELECT 1 FROM {keys})")
        if cursor.fetchone()[0]:
            return
        aside: list[list[str]] = []
        for table, kinds in ((person, "fu"), (keys, "fpu")):
            # Constraints: unique and primary keys first (foreign keys may need them back).
            cursor.execute(
                "SELECT c.conname, pg_get_constraintdef(c.oid), c.contype FROM pg_constraint c "
                "WHERE c.conrelid = %s::regclass AND c.contype = ANY(%s) "
                "AND NOT (c.contype = 'u' AND c.conkey = ARRAY[(SELECT attnum FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attname = 'nip')]::int2[]) "
                "ORDER BY c.contype = 'f', c.conname",
                [table, list(kinds), table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conrelid = %s::regclass AND c.conname = i.indexname) ORDER BY 1",
                [table, table],
            )
            indexes = [list(row) for row in cursor.fetchall()]
            # Checks queued by this transaction (new agencies) must run before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name, _definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            aside += indexes
            aside += [
                [name, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}']
                for name, definition, _kind in constraints
            ]
        # Indexes and keys before the foreign keys that check against them.
        aside.sort(key=lambda item: " FOREIGN KEY " in item[1])
        self.set_aside = aside

    def _skip_unchanged(self, cursor) -> None:
        """Rows the person still holds exactly as an earlier clean import of the same row wrote
        them (digest of the file row and of the person's values, `Person.import_digest`): set
        aside in the skipped table and removed from staging, so nothing more is done for them
        (no validation, no write, no name index). They still take part in the duplicate check."""
        t = self.t
        cursor.execute(f"CREATE UNLOGGED TABLE {t['skipped']} (line integer, nip text)")
        person = Person._meta.db_table
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {person} WHERE import_digest <> '')")
        if not cursor.fetchone()[0]:
            return
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"INSERT INTO {t['skipped']} SELECT r.line, r.nip FROM {t['raw']} r "
            f"JOIN {person} p ON p.nip = r.nip "
            f"WHERE p.import_digest <> '' AND left(p.import_digest, 32) = {_raw_digest()} "
            f"AND right(p.import_digest, 32) = {_values_digest()}",
            {"salt": self.salt},
        )
        cursor.execute("RESET work_mem")
        if not cursor.rowcount:
            return
        # Staging keeps only the rows still to do (a copy is cheaper than deleting most rows).
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['raw']}_todo AS SELECT r.* FROM {t['raw']} r "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t['skipped']} s WHERE s.line = r.line)"
        )
        cursor.execute(f"DROP TABLE {t['raw']}")
        cursor.execute(f"ALTER TABLE {t['raw']}_todo RENAME TO {t['raw']}")
        cursor.execute(f"ALTER TABLE {t['raw']} ADD PRIMARY KEY (line)")
        cursor.execute(f"ANALYZE {t['raw']}")

    def _name_keys(self, cursor) -> None:
        """The name index keys of every distinct name to write, computed once per name with the
        resolver's own normalisation (`name_index.keys_for`); the batches join them to people."""
        from netra.registry.name_index import keys_for

        t = self.t
        cursor.execute(f"CREATE UNLOGGED TABLE {t['keys']} (plain text PRIMARY KEY, keys text[])")
        pg = cursor.cursor.connection
        with pg.cursor(name=f"netra_regimp_{self.id}_keys") as server:
            server.execute(f"SELECT DISTINCT name_plain FROM {t['good']}")
            while True:
                chunk = server.fetchmany(_FETCH)
                if not chunk:
                    break
                with pg.cursor() as out, out.copy(f"COPY {t['keys']} FROM STDIN") as copy:
                    copy.set_types(["text", "text[]"])
                    for (plain,) in chunk:
                        copy.write_row((plain, list(keys_for(plain))))
        cursor.execute(f"ANALYZE {t['keys']}")

    def _distinct(self, cursor, query: str, compute, table: str, width: int) -> None:
        """Run `compute` on each distinct value `query` yields, COPY the results to `table`."""
        pg = cursor.cursor.connection
        with pg.cursor(name=f"netra_regimp_{self.id}_distinct") as server:
            server.execute(query)
            while True:
                chunk = server.fetchmany(_FETCH)
                if not chunk:
                    break
                with pg.cursor() as out, out.copy(f"COPY {table} FROM STDIN") as copy:
                    for values in chunk:
                        row = compute(*values)
                        assert len(row) == width
                        copy.write_row(row)

    def _maps(self, cursor) -> None:
        t = self.t
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['maps']} (col text, raw text, value text, extra text, "
            "num integer, PRIMARY KEY (col, raw, extra))"
        )
        for column, table, values in (
            ("employee_type", importer._EMPLOYEE_TYPES, EmployeeType.values),
            ("gender", importer._GENDERS, []),
            ("position_type", importer._POSITION_TYPES, PositionType.values),
            ("functional_group", importer._FUNCTIONAL_GROUPS, FunctionalGroup.values),
            ("status", importer._STATUSES, PersonStatus.values),
        ):

            def choice(text, column=column, table=table, values=values):
                # `RowValidator.validate`'s reading of a choice cell.
                value = importer._choice(text, table, values) or text if text else ""
                return (column, text, value, "", None)

            self._distinct(
                cursor, f"SELECT DISTINCT {column} FROM {t['raw']}", choice, t["maps"], 5
            )
        self._distinct(
            cursor,
            f"SELECT DISTINCT r.position, coalesce(m.value, '') FROM {t['raw']} r "
            f"LEFT JOIN {t['maps']} m ON m.col = 'position_type' AND m.raw = r.position_type",
            lambda position, ptype: (
                "position",
                position,
                " ".join(position.split())[: importer._TEXT_MAX],
                ptype,
                None,
            ),
            t["maps"],
            5,
        )
        # The inferred group of a position (only used when the group cell is empty).
        groups = {}

        def position_group(position, ptype):
            key = (position, ptype)
            if key not in groups:
                groups[key] = importer.infer_functional_group(position, ptype)
            return ("group", position, groups[key], ptype, None)

        self._distinct(
            cursor,
            f"SELECT raw, extra FROM {t['maps']} WHERE col = 'position'",
            position_group,
            t["maps"],
            5,
        )
        from netra.regions.codes import InvalidRegionCode, normalize_region_code
        from netra.regions.models import Region

        region_ids = dict(Region.objects.values_list("code", "id"))

        def region(text):
            if not text:
                return ("region", text, "", "", None)
            try:
                found = region_ids.get(normalize_region_code(text))
            except InvalidRegionCode:
                found = None
            return ("region", text, "ok" if found else "", "", found)

        self._distinct(cursor, f"SELECT DISTINCT region_code FROM {t['raw']}", region, t["maps"], 5)
        self._distinct(
            cursor,
            f"SELECT DISTINCT agency_name FROM {t['raw']}",
            lambda text: ("agency_name", text, " ".join(text.split()), "", None),
            t["maps"],
            5,
        )

        def unit(text):
            squashed = " ".join(text.split())
            return ("unit", text, squashed, fold(squashed), None)

        self._distinct(cursor, f"SELECT DISTINCT unit FROM {t['raw']}", unit, t["maps"], 5)
        cursor.execute(f"ANALYZE {t['maps']}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['names']} (raw text PRIMARY KEY, name text, "
            "plain text, key text, variants text)"
        )

        def person_name(text):
            squashed = " ".join(text.split())
            plain = split_name(squashed).plain
            return (text, squashed, plain, name_key(plain), name_variants_key(plain))

        self._distinct(cursor, f"SELECT DISTINCT name FROM {t['raw']}", person_name, t["names"], 5)
        cursor.execute(f"ANALYZE {t['names']}")

    def _screen(self, cursor) -> None:
        """The good table, first filled with the rows SQL proves valid with no warning."""
        t = self.t
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['good']} (line integer, nip text, name text, "
            "name_plain text, name_key text, name_variants_key text, employee_type text, "
            "nik text, birth_date date, gender text, position text, position_type text, "
            "functional_group text, agency_code text, agency_name text, unit_name text, "
            "unit_key text, region_id integer, status text, "
            # Last, with defaults: the screen's INSERT fills the columns before them; the
            # contact pass (`_contacts`) seals what the file gives.
            "contact_sealed text NOT NULL DEFAULT '', contact_digest text NOT NULL DEFAULT '')"
        )
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['issues']} (line integer, seq integer, nip text, "
            "col text, level text, message text)"
        )
        cursor.execute(_SCREEN_HELPERS, {"today": _today()})
        own = self.agency.code if self.agency is not None else None
        today = _today()
        # Eleven joins to small lookup tables: the planner's row estimates go to 1 and it
        # picks nested loops over seq scans (seconds per thousand rows); hash joins are right.
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _SCREEN.format(**t),
            {
                "today": today,
                "year": today.year,
                "own": own,
                "groups": list(FunctionalGroup.values),
                "ptypes": list(PositionType.values),
                "statuses": list(PersonStatus.values),
                "male": Gender.MALE,
                "female": Gender.FEMALE,
                "active": PersonStatus.ACTIVE,
            },
        )
        for setting in ("enable_nestloop", "enable_mergejoin", "work_mem", "jit"):
            cursor.execute(f"RESET {setting}")
        cursor.execute("DROP TABLE netra_regimp_dates, netra_regimp_prefixes")

    def _contacts(self, cursor) -> None:
        """Seal the e-mail and phone of the rows the screen accepted (SQL cannot seal them; the
        rows left to `_python_rows` are sealed by the validator). A bad value is a warning and
        is left out, as in the batched path."""
        if not self.columns & importer.CONTACT_COLUMNS:
            return
        t = self.t
        pg = cursor.cursor.connection
        cursor.execute(f"DROP TABLE IF EXISTS {t['good']}_contact")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {t['good']}_contact (line integer PRIMARY KEY, "
            "sealed text, digest text)"
        )
        with pg.cursor(name=f"netra_regimp_{self.id}_contacts") as server:
            server.execute(
                f"SELECT g.line, g.nip, r.email, r.phone FROM {t['good']} g "
                f"JOIN {t['raw']} r ON r.line = g.line "
                "WHERE r.email <> '' OR r.phone <> '' ORDER BY g.line"
            )
            while True:
                chunk = server.fetchmany(_FETCH)
                if not chunk:
                    break
                sealed, issues = [], []
                for line, nip, email, phone in chunk:
                    warnings: list = []
                    contact = RowValidator.read_contact(
                        line, nip, {"email": email, "phone": phone}, warnings
                    )
                    for seq, issue in enumerate(warnings):
                        issues.append(
                            (line, seq, issue.nip, issue.column, issue.level, issue.message)
                        )
                    if contact:
                        sealed.append((line, *seal_contact(contact)))
                with pg.cursor() as out:
                    if sealed:
                        with out.copy(f"COPY {t['good']}_contact FROM STDIN") as copy:
                            for item in sealed:
                                copy.write_row(item)
                    if issues:
                        with out.copy(f"COPY {t['issues']} FROM STDIN") as copy:
                            for item in issues:
                                copy.write_row(item)
        cursor.execute(
            f"UPDATE {t['good']} g SET contact_sealed = c.sealed, contact_digest = c.digest "
            f"FROM {t['good']}_contact c WHERE c.line = g.line"
        )
        cursor.execute(f"DROP TABLE {t['good']}_contact")

    def _python_rows(self, cursor) -> None:
        """Rows the screen did not accept: the batched path's validator decides, row by row."""
        from netra.regions.models import Region
        from netra.regions.selectors import NikPrefixIndex
        from netra.registry.nik import regions_not_loaded_checker

        t = self.t
        region_ids = dict(Region.objects.values_list("code", "id"))
        validator = RowValidator(
            columns=self.columns,
            region_ids=region_ids,
            nik_prefix_checker=NikPrefixIndex().check if region_ids else regions_not_loaded_checker,
            agency=self.agency,
            today=_today(),
        )
        pg = cursor.cursor.connection
        names = ", ".join(COLUMNS)
        with pg.cursor(name=f"netra_regimp_{self.id}_rows") as server:
            server.execute(
                f"SELECT line, {names} FROM {t['raw']} r "
                f"WHERE NOT EXISTS (SELECT 1 FROM {t['good']} g WHERE g.line = r.line) "
                "ORDER BY line"
            )
            while True:
                chunk = server.fetchmany(_FETCH)
                if not chunk:
                    break
                good, issues = [], []
                for line, *values in chunk:
                    raw = {c: v for c, v in zip(COLUMNS, values, strict=True) if c in self.columns}
                    row, found = validator.validate(line, raw)
                    for seq, issue in enumerate(found):
                        issues.append(
                            (line, seq, issue.nip, issue.column, issue.level, issue.message)
                        )
                    if row is not None:
                        good.append(_good_tuple(row))
                with pg.cursor() as out:
                    if good:
                        with out.copy(f"COPY {t['good']} FROM STDIN") as copy:
                            for item in good:
                                copy.write_row(item)
                    if issues:
                        with out.copy(f"COPY {t['issues']} FROM STDIN") as copy:
                            for item in issues:
                                copy.write_row(item)

    def _duplicates(self, cursor) -> None:
        t = self.t
        message = _("NIP sudah ada di baris %(row)d; baris ini ditolak.") % {"row": _ROW_MARK}
        # Skipped (unchanged) rows count: a later row with the same NIP is refused, and a
        # skipped row after an earlier valid one is itself a duplicate (refused, not unchanged).
        cursor.execute(
            f"CREATE TEMP TABLE netra_regimp_dups ON COMMIT DROP AS "
            f"SELECT line, nip, first FROM (SELECT line, nip, "
            f"min(line) OVER (PARTITION BY nip) AS first FROM ("
            f"SELECT line, nip FROM {t['good']} UNION ALL "
            f"SELECT line, nip FROM {t['skipped']}) u) d "
            "WHERE line <> first"
        )
        cursor.execute(
            f"INSERT INTO {t['issues']} SELECT line, 100, nip, 'nip', 'error', "
            "replace(%s, %s, first::text) FROM netra_regimp_dups",
            [message, str(_ROW_MARK)],
        )
        cursor.execute(f"DELETE FROM {t['good']} g USING netra_regimp_dups d WHERE g.line = d.line")
        cursor.execute(
            f"DELETE FROM {t['skipped']} s USING netra_regimp_dups d WHERE s.line = d.line"
        )
        cursor.execute("DROP TABLE netra_regimp_dups")

    def _agencies(self, cursor) -> None:
        t = self.t
        if self.agency is None:
            cursor.execute(
                f"SELECT DISTINCT ON (agency_code) agency_code, agency_name "
                f"FROM {t['good']} WHERE agency_code <> '' AND agency_name <> '' "
                "ORDER BY agency_code, line"
            )
            names = dict(cursor.fetchall())
            stored = dict(Agency.objects.filter(code__in=names).values_list("code", "name"))
            new = [
                Agency(code=code, name=name, kind=importer.infer_agency_kind(name))
                for code, name in names.items()
                if code not in stored
            ]
            Agency.objects.bulk_create(new, batch_size=500)
            self.summary.agencies_created += len(new)
            for code, name in names.items():
                if code in stored and stored[code] != name:
                    Agency.objects.filter(code=code).update(name=name)
        cursor.execute(
            f"SELECT DISTINCT agency_code FROM {t['good']} g WHERE agency_code <> '' "
            "AND NOT EXISTS (SELECT 1 FROM registry_agency a WHERE a.code = g.agency_code)"
        )
        unknown = [
            (
                code,
                _(
                    "Kode instansi %(code)s belum terdaftar: isi juga agency_name "
                    "(nama instansi) agar instansi dibuat."
                )
                % {"code": code},
            )
            for (code,) in cursor.fetchall()
        ]
        if unknown:
            cursor.execute(
                f"INSERT INTO {t['issues']} SELECT g.line, 200, g.nip, 'agency_code', "
                f"'error', u.message FROM {t['good']} g JOIN unnest(%s::text[], %s::text[]) "
                "AS u(code, message) ON u.code = g.agency_code",
                [[c for c, _m in unknown], [m for _c, m in unknown]],
            )
            cursor.execute(
                f"DELETE FROM {t['good']} WHERE agency_code = ANY(%s)",
                [[c for c, _m in unknown]],
            )
        if self.agency is not None:
            from netra.registry.services import _other_agency_message

            where = (
                f"FROM {t['good']} g JOIN registry_person p ON p.nip = g.nip "
                "WHERE p.agency_id IS DISTINCT FROM %s"
            )
            cursor.execute(
                f"INSERT INTO {t['issues']} SELECT g.line, 300, g.nip, 'nip', 'error', %s " + where,
                [_other_agency_message(), self.agency.pk],
            )
            cursor.execute(
                f"DELETE FROM {t['good']} x WHERE x.line IN (SELECT g.line {where})",
                [self.agency.pk],
            )

    def _units(self, cursor) -> None:
        t = self.t
        cursor.execute(
            f"INSERT INTO {WorkUnit._meta.db_table} (public_id, agency_id, name, name_key) "
            "SELECT gen_random_uuid(), a.id, u.unit_name, u.unit_key FROM ("
            "SELECT DISTINCT ON (agency_code, unit_key) agency_code, unit_key, unit_name "
            f"FROM {t['good']} WHERE unit_key <> '' AND agency_code <> '' "
            "ORDER BY agency_code, unit_key, line) u "
            "JOIN registry_agency a ON a.code = u.agency_code "
            "ON CONFLICT (agency_id, name_key) DO NOTHING"
        )
        self.summary.units_created += max(cursor.rowcount, 0)

    # --- 3. people ---------------------------------------------------------------------------

    def _bounds(self, cursor) -> list[tuple[int, int]]:
        cursor.execute(
            f"SELECT line FROM (SELECT line, row_number() OVER (ORDER BY line) AS n "
            f"FROM {self.t['good']}) x WHERE n %% %s = 0 ORDER BY line",
            [self.batch_size],
        )
        edges = [0, *(line for (line,) in cursor.fetchall())]
        cursor.execute(f"SELECT coalesce(max(line), 0) FROM {self.t['good']}")
        last = cursor.fetchone()[0]
        if last > edges[-1]:
            edges.append(last)
        return list(zip(edges, edges[1:], strict=False))

    def stage_batch(self) -> bool:
        """Write the next range of people; False when none is left."""
        with connection.cursor() as cursor:
            if not self.bounds:
                # A run saved before the ranges were kept in its state.
                self.bounds = self._bounds(cursor)
            if self.batches_done >= len(self.bounds):
                return False
            low, high = self.bounds[self.batches_done]
            update = _update_columns(self.columns)
            compared = [c for c in update if c not in UNCOMPARED]
            differs = (
                f"({', '.join(f'p.{c}' for c in compared)}) IS DISTINCT FROM "
                f"({', '.join(f'EXCLUDED.{c}' for c in compared)})"
            )
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*update, "import_digest"])
            # Only a change of values moves `updated_at` (and is counted as an update); a row
            # whose values are equal but whose digest is new (first imported by the batched
            # path, or with a warning then) gets the digest alone.
            sets += (
                f", updated_at = CASE WHEN {differs} THEN EXCLUDED.updated_at ELSE p.updated_at END"
            )
            person = Person._meta.db_table
            t = self.t
            good_cols = ", ".join(f"g.{c}" for c in _PERSON_FROM_GOOD)
            other, other_values = _other_person_columns()
            other_cols = "".join(f", {c}" for c in other)
            other_marks = ", %(o" + ")s, %(o".join(str(i) for i in range(len(other))) + ")s"
            other_marks = other_marks if other else ""
            digest = (
                f"CASE WHEN f.line IS NULL THEN {_raw_digest()} || "
                + _values_digest(
                    {
                        **{c: f"g.{c}" for c in _DIGEST_VALUES},
                        "agency_id": "a.id",
                        "unit_id": "u.id",
                        "region_id": "coalesce(g.region_id, a.region_id)",
                    }
                )
                + " ELSE '' END"
            )
            cursor.execute(
                "CREATE TEMP TABLE netra_regimp_written (id bigint, inserted boolean, "
                "changed boolean, name_plain text) ON COMMIT DROP"
            )
            started = time.perf_counter()
            cursor.execute(
                f"WITH w AS (INSERT INTO {person} AS p (public_id, "
                f"{', '.join(_PERSON_FROM_GOOD)}, agency_id, unit_id, region_id, import_digest, "
                f"created_at, updated_at{other_cols}) "
                f"SELECT gen_random_uuid(), {good_cols}, a.id, u.id, "
                f"coalesce(g.region_id, a.region_id), {digest}, now(), now(){other_marks} "
                f"FROM {t['good']} g JOIN {t['raw']} r ON r.line = g.line "
                f"LEFT JOIN {t['flagged']} f ON f.line = g.line "
                "LEFT JOIN registry_agency a ON a.code = g.agency_code AND g.agency_code <> '' "
                f"LEFT JOIN {WorkUnit._meta.db_table} u ON u.agency_id = a.id "
                "AND u.name_key = g.unit_key AND g.unit_key <> '' "
                "WHERE g.line > %(low)s AND g.line <= %(high)s "
                f"ON CONFLICT (nip) DO UPDATE SET {sets} "
                f"WHERE {differs} OR p.import_digest IS DISTINCT FROM EXCLUDED.import_digest "
                "RETURNING p.id, (p.xmax = 0), (p.updated_at = now()), p.name_plain) "
                "INSERT INTO netra_regimp_written SELECT * FROM w",
                {
                    **{f"o{i}": v for i, v in enumerate(other_values)},
                    "low": low,
                    "high": high,
                    "salt": self.salt,
                },
            )
            self._add_time("upsert", time.perf_counter() - started)
            cursor.execute(
                "SELECT count(*) FILTER (WHERE inserted), "
                "count(*) FILTER (WHERE changed AND NOT inserted) FROM netra_regimp_written"
            )
            created, updated = cursor.fetchone()
            cursor.execute(
                f"SELECT count(*) FROM {t['good']} WHERE line > %s AND line <= %s",
                [low, high],
            )
            rows = cursor.fetchone()[0]
            self.summary.created += created
            self.summary.updated += updated
            self.summary.unchanged += rows - created - updated
            if created or updated:
                with self._timed("name_index"):
                    self._index_names(cursor, updated)
            cursor.execute("DROP TABLE netra_regimp_written")
            self.batches_done += 1
            self._save(cursor)
        return True

    def _index_names(self, cursor, updated: int) -> None:
        """Name index keys of the people just written, from the keys table (set-based); an
        updated person's old keys go first (lowering the vocabulary counts)."""
        from netra.registry.name_index import _forget

        keys, tokens = PersonNameKey._meta.db_table, NameToken._meta.db_table
        if updated:
            cursor.execute(
                "SELECT id FROM netra_regimp_written WHERE changed AND NOT inserted ORDER BY id"
            )
            _forget(cursor, [pk for (pk,) in cursor.fetchall()])
        new_keys = (
            f"SELECT unnest(k.keys) AS key, w.id FROM netra_regimp_written w "
            f"JOIN {self.t['keys']} k ON k.plain = w.name_plain WHERE w.changed"
        )
        cursor.execute(f"INSERT INTO {keys} (key, person_id) {new_keys}")
        cursor.execute(
            f"INSERT INTO {tokens} (token, people) SELECT substr(key, 3), count(*) "
            f"FROM ({new_keys}) n WHERE key LIKE 't:%%' GROUP BY 1 "
            f"ON CONFLICT (token) DO UPDATE SET people = {tokens}.people + excluded.people"
        )

    # --- 4. report and audit -----------------------------------------------------------------

    def finish(self, *, record: bool) -> None:
        self._build_indexes()
        self.on_stage("report")
        with self._timed("report"):
            self._finish(record=record)

    def _build_indexes(self) -> None:
        if self.set_aside:
            with self._timed("indexes"), connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                _restore_indexes(cursor, self.set_aside)
                cursor.execute("RESET maintenance_work_mem")
                cursor.execute(f"ANALYZE {Person._meta.db_table}")
                cursor.execute(f"ANALYZE {PersonNameKey._meta.db_table}")
            self.set_aside = []

    def _finish(self, *, record: bool) -> None:
        report = IssueReport(self.report_path)
        pg = connection.cursor().cursor.connection
        try:
            with pg.cursor(name=f"netra_regimp_{self.id}_report") as server:
                server.execute(
                    f"SELECT line, nip, col, message, level FROM {self.t['issues']} "
                    "ORDER BY line, seq"
                )
                while True:
                    chunk = server.fetchmany(_FETCH)
                    if not chunk:
                        break
                    report.write([RowIssue(*item) for item in chunk])
        finally:
            report.close()
        self.summary.warnings = report.warnings
        self.summary.report_path = str(report.path) if report.written else None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT line FROM {self.t['issues']} WHERE level = 'error' ORDER BY line"
            )
            self.summary.rejected_rows = [line for (line,) in cursor.fetchall()][:100_000]
            if record:
                audit_record(
                    actor=self.actor,
                    action="registry.import",
                    target=("registry.import", self.sha256),
                    payload=self.summary.as_dict(),
                )
            _drop(cursor, self.id)
            self.stage = "done"
            self._save(cursor)


def _other_person_columns() -> tuple[list[str], list]:
    """Person columns the import does not fill, with their model defaults: a field added to the
    model later (Django's defaults live in Python, not in the table) never breaks this INSERT."""
    explicit = {"id", "public_id", "agency_id", "unit_id", "region_id", "created_at", "updated_at"}
    explicit.add("import_digest")
    explicit |= set(_PERSON_FROM_GOOD)
    columns, values = [], []
    for field in Person._meta.concrete_fields:
        if field.column in explicit:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, values


def _restore_indexes(cursor, definitions) -> None:
    if not definitions:
        return
    # Deferred foreign-key checks still queued in this transaction (a dry run, or an outer
    # transaction) must run before an index can be built on the table.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, definition in definitions:
        if definition.startswith("ALTER TABLE "):
            # A constraint: put back unless an earlier attempt (then interrupted) already did.
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = %s)", [name])
            if cursor.fetchone()[0]:
                continue
        for head in ("CREATE INDEX ", "CREATE UNIQUE INDEX "):
            if definition.startswith(head):
                definition = definition.replace(head, f"{head}IF NOT EXISTS ", 1)
        cursor.execute(definition)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


_COPY_SPECIAL = re.compile(r"[\\\n\r]")


def _copy_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _today():
    import datetime as dt

    return dt.date.today()


def _good_tuple(row) -> tuple:
    return (
        row.row,
        row.nip,
        row.name,
        row.name_plain,
        row.name_key,
        row.name_variants_key,
        row.employee_type,
        row.nik or None,
        row.birth_date,
        row.gender,
        row.position,
        row.position_type,
        row.functional_group,
        row.agency_code,
        row.agency_name,
        row.unit_name,
        row.unit_key,
        row.region_id,
        row.status,
        row.contact_sealed,
        row.contact_digest,
    )


def _update_columns(columns: set[str]) -> list[str]:
    from netra.registry.services import _update_fields

    return list(_update_fields(columns))


# Helper tables of the screen: every real date from 1900 to today by its YYYYMMDD text (a NIP's
# first eight digits are a birth date exactly when they are a key here), and the six-digit NIK
# prefixes whose district, regency and province are all in the region table.
_SCREEN_HELPERS = """
CREATE TEMP TABLE netra_regimp_dates ON COMMIT DROP AS
SELECT to_char(d, 'YYYYMMDD') AS ymd, d::date AS birth
FROM generate_series('1900-01-01'::date, %(today)s::date, interval '1 day') AS d;
CREATE TEMP TABLE netra_regimp_prefixes ON COMMIT DROP AS
SELECT replace(d.code, '.', '') AS prefix FROM regions_region d
WHERE d.level = 3
  AND EXISTS (SELECT 1 FROM regions_region r WHERE r.code = substr(d.code, 1, 5))
  AND EXISTS (SELECT 1 FROM regions_region p WHERE p.code = substr(d.code, 1, 2));
ANALYZE netra_regimp_dates;
ANALYZE netra_regimp_prefixes;
"""

# The screen: a row is taken here only when every check the batched path makes would pass
# with no warning; anything else (or anything unsure) is left to `RowValidator`. Ages follow
# `identifiers.age_on`: an appointment on the 1st of a month (NIP) or on 31 December (NI
# PPPK) is at least 18 years after birth exactly when it is on or after birth + 18 years.
_SCREEN = """
INSERT INTO {good}
SELECT r.line, r.nip, n.name, n.plain, n.key, n.variants, et.value, nullif(r.nik, ''),
       b.birth,
       coalesce(nullif(ge.value, ''),
                CASE WHEN substr(r.nip, 15, 1) = '1' THEN %(male)s ELSE %(female)s END),
       pos.value, pt.value,
       CASE WHEN gr.value <> '' THEN gr.value ELSE inf.value END,
       CASE WHEN %(own)s::text IS NULL THEN upper(r.agency_code) ELSE %(own)s::text END,
       CASE WHEN %(own)s::text IS NULL THEN an.value ELSE '' END,
       un.value, un.extra, rg.num,
       coalesce(nullif(st.value, ''), %(active)s)
FROM {raw} r
JOIN netra_regimp_dates b ON b.ymd = substr(r.nip, 1, 8)
JOIN {names} n ON n.raw = r.name
JOIN {maps} et ON et.col = 'employee_type' AND et.raw = r.employee_type AND et.extra = ''
JOIN {maps} pt ON pt.col = 'position_type' AND pt.raw = r.position_type AND pt.extra = ''
JOIN {maps} st ON st.col = 'status' AND st.raw = r.status AND st.extra = ''
JOIN {maps} gr ON gr.col = 'functional_group' AND gr.raw = r.functional_group AND gr.extra = ''
JOIN {maps} ge ON ge.col = 'gender' AND ge.raw = r.gender AND ge.extra = ''
JOIN {maps} pos ON pos.col = 'position' AND pos.raw = r.position AND pos.extra = pt.value
JOIN {maps} inf ON inf.col = 'group' AND inf.raw = r.position AND inf.extra = pt.value
JOIN {maps} an ON an.col = 'agency_name' AND an.raw = r.agency_name AND an.extra = ''
JOIN {maps} un ON un.col = 'unit' AND un.raw = r.unit
JOIN {maps} rg ON rg.col = 'region' AND rg.raw = r.region_code AND rg.extra = ''
WHERE CASE
    WHEN r.nip !~ '^[0-9]{{18}}$' OR b.birth > %(today)s THEN false
    WHEN substr(r.nip, 15, 1) NOT IN ('1', '2') OR substr(r.nip, 16, 3) = '000' THEN false
    WHEN et.value = 'PNS' THEN
      CASE WHEN substr(r.nip, 13, 2) NOT BETWEEN '01' AND '12'
                OR substr(r.nip, 9, 4) < '1900' THEN false
           ELSE make_date(substr(r.nip, 9, 4)::int, substr(r.nip, 13, 2)::int, 1)
                  BETWEEN greatest(date_trunc('month', b.birth)::date,
                                   (b.birth + interval '18 years')::date) AND %(today)s
                AND make_date(substr(r.nip, 9, 4)::int, substr(r.nip, 13, 2)::int, 1)
                  < (b.birth + interval '61 years')::date
      END
    WHEN et.value = 'PPPK' THEN
      CASE WHEN substr(r.nip, 9, 4) NOT BETWEEN '2019' AND %(year)s::text THEN false
           ELSE make_date(substr(r.nip, 9, 4)::int, 12, 31)
                  >= (b.birth + interval '18 years')::date
                AND make_date(substr(r.nip, 9, 4)::int, 12, 31)
                  < (b.birth + interval '61 years')::date
      END
    ELSE false
  END
  AND n.plain <> '' AND length(n.name) <= 200
  AND (r.birth_date = '' OR r.birth_date = to_char(b.birth, 'YYYY-MM-DD'))
  AND (ge.value = '' OR ge.value
       = CASE WHEN substr(r.nip, 15, 1) = '1' THEN %(male)s ELSE %(female)s END)
  AND pt.value = ANY(%(ptypes)s::text[] || '{{""}}'::text[])
  AND gr.value = ANY(%(groups)s::text[] || '{{""}}'::text[])
  AND st.value = ANY(%(statuses)s::text[] || '{{""}}'::text[])
  AND r.agency_code ~ '^[A-Za-z0-9._-]{{0,20}}$'
  AND (%(own)s::text IS NULL OR r.agency_code = '' OR upper(r.agency_code) = %(own)s::text)
  AND (an.value = '' OR r.agency_code <> '' OR %(own)s::text IS NOT NULL)
  AND length(an.value) <= 200
  AND (un.value = '' OR r.agency_code <> '' OR %(own)s::text IS NOT NULL)
  AND length(un.value) <= 200
  AND (r.region_code = '' OR rg.value = 'ok')
  AND CASE
    WHEN r.nik = '' THEN true
    WHEN r.nik !~ '^[0-9]{{16}}$' THEN false
    ELSE substr(r.nik, 13, 4) <> '0000'
      AND b.birth BETWEEN (%(today)s - interval '98 years')::date
                      AND (%(today)s - interval '19 years')::date
      AND substr(r.nik, 7, 6) = lpad((extract(day from b.birth)::int
            + CASE WHEN substr(r.nip, 15, 1) = '1' THEN 0 ELSE 40 END)::text, 2, '0')
            || to_char(b.birth, 'MMYY')
      AND substr(r.nik, 1, 6) IN (SELECT prefix FROM netra_regimp_prefixes)
  END
"""
