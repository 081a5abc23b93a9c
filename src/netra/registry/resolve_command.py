"""`netra registry resolve`: identity resolution on the command line (docs/identity-resolution.md).

One query from the arguments, or thousands from a CSV file in one process (`--file`): columns
`query` (or `nama`), optional `agency` (`instansi`, `tempat_kerja`) and `region`
(`wilayah`, `kode_wilayah`). With `--json` each query is one JSON line with its candidates.
"""

import csv
import io
import json
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.registry.resolution import ReportedPerson, Resolution, resolve

MAX_LIMIT = 100
_COLUMNS = {
    "query": ("query", "nama", "name"),
    "agency": ("agency", "instansi", "tempat_kerja", "workplace"),
    "region": ("region", "wilayah", "kode_wilayah", "region_code"),
}


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "resolve",
        help="Find who a reported name is: ranked registry candidates with score and reasons.",
    )
    parser.add_argument("query", nargs="?", help='the name as reported, e.g. "Pak Djoko Santoso"')
    parser.add_argument("--agency", default="", help="workplace or agency as reported (a hint)")
    parser.add_argument("--region", default="", help="Kemendagri region code (a hint)")
    parser.add_argument("--limit", type=int, default=5, help="candidates per query (default 5)")
    parser.add_argument(
        "--file", default=None, help="CSV with a query column (optional agency, region)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON line per query")
    parser.add_argument("--timing", action="store_true", help="add the time per query (ms)")


def run(out, err, /, *, query, agency, region, limit, file, json, timing, **_options) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise CommandError(
            _("--limit harus antara 1 dan %(max)d.") % {"max": MAX_LIMIT}, returncode=2
        )
    if bool(query) == bool(file):
        raise CommandError(
            _("Berikan satu nama yang dicari atau --file BERKAS, tidak keduanya."), returncode=2
        )
    if file is None:
        try:
            region_code = _region(region)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        row = {"query": query, "agency": agency, "region": region_code or ""}
        _answer(out, row, limit=limit, as_json=json, timing=timing)
        return
    failed = 0
    for line, row in _read(file):
        try:
            row["region"] = _region(row["region"]) or ""
        except ValueError as exc:
            failed += 1
            _error(out, err, row, line, str(exc), as_json=json)
            continue
        if not row["query"].strip():
            failed += 1
            _error(out, err, row, line, _("Kolom query kosong."), as_json=json)
            continue
        _answer(out, row, limit=limit, as_json=json, timing=timing)
    if failed:
        raise CommandError(
            _("%(count)d baris tidak dapat dicari (lihat pesan per baris).") % {"count": failed},
            returncode=1,
        )


def _region(code: str) -> str | None:
    if not code.strip():
        return None
    try:
        return normalize_region_code(code.strip())
    except InvalidRegionCode as exc:
        raise ValueError(_("Kode wilayah tidak dikenal: %(code)s") % {"code": code}) from exc


def _read(path: str):
    """(line number, row) from the CSV file; whole-file problems are a CommandError."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(_("Berkas tidak ditemukan: %(path)s") % {"path": path}, returncode=1)
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("Berkas bukan CSV UTF-8: %(path)s") % {"path": path}, returncode=1
        ) from exc
    except OSError as exc:
        raise CommandError(
            _("Berkas tidak dapat dibaca: %(path)s") % {"path": path}, returncode=1
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t", "|"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise CommandError(_("Berkas kosong: %(path)s") % {"path": path}, returncode=1) from exc
    names = [h.strip().lower().replace(" ", "_") for h in header]
    where = {}
    for column, aliases in _COLUMNS.items():
        where[column] = next((names.index(a) for a in aliases if a in names), None)
    if where["query"] is None:
        raise CommandError(
            _("Kolom query tidak ada di baris judul (kolom: %(columns)s).")
            % {"columns": ", ".join(header) or "-"},
            returncode=1,
        )
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            yield (
                reader.line_num,
                {
                    column: (cells[i] if i is not None and i < len(cells) else "")
                    for column, i in where.items()
                },
            )
    except csv.Error as exc:
        raise CommandError(
            _("CSV rusak di baris %(line)d: %(error)s") % {"line": reader.line_num, "error": exc},
            returncode=1,
        ) from exc


def _answer(stdout, row: dict, *, limit: int, as_json: bool, timing: bool) -> None:
    reported = ReportedPerson(
        name=row["query"], workplace=row["agency"], region_code=row["region"] or None
    )
    start = time.perf_counter()
    result: Resolution = resolve(reported, limit=limit)
    elapsed = (time.perf_counter() - start) * 1000
    if as_json:
        data = {"query": row["query"], "agency": row["agency"], "region": row["region"]}
        data.update(result.as_dict())
        if timing:
            data["ms"] = round(elapsed, 2)
        stdout.write(json.dumps(data, ensure_ascii=False))
        return
    stdout.write(f"{row['query']}")
    if not result.candidates:
        stdout.write("  " + _("Tidak ada kandidat."))
    elif not result.confident:
        stdout.write("  " + _("Tidak ada yang cocok dengan yakin; kandidat terdekat:"))
    for rank, candidate in enumerate(result.candidates, start=1):
        reasons = "; ".join(
            r.label + (f" ({r.detail})" if r.detail else "") for r in candidate.reasons
        )
        stdout.write(
            f"  {rank}. {candidate.score:5.1f}  {candidate.person.nip or '-'}  "
            f"{candidate.person.name}  [{reasons}]"
        )
    if timing:
        stdout.write(f"  {elapsed:.1f} ms")


def _error(stdout, stderr, row: dict, line: int, message: str, *, as_json: bool) -> None:
    text = _("Baris %(line)d: %(message)s") % {"line": line, "message": message}
    if as_json:
        stdout.write(json.dumps({"query": row["query"], "line": line, "error": message}))
    stderr.write(text)
