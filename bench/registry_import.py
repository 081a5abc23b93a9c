"""Registry import throughput on a generated national registry file (`netra demo generate`).

`run(rows=...)` (the quick `make bench`): a file of valid PNS rows of one agency (the
prevention benchmark reads them) imported twice (all new, then all unchanged) on whatever
database is configured.

`run_national(people=N)` (PostgreSQL): for each size of 100k, 500k and N (the sizes below N),
a plain `COPY` of the same file into a bare table of text columns (the baseline) and the full
import (staging, validation, upsert with every index, name index, report, audit), then the
same file again (unchanged). Prints the ratio of throughputs, the time per 1,000 rows at each
size (linear growth keeps it flat), peak memory and the import's per-phase profile.
"""

import csv
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

from django.db import connection

from netra.regions.services import regions_load_reference
from netra.registry import demo_file
from netra.registry.services import registry_import

NATIONAL_SIZES = (100_000, 500_000)
TARGET_RATIO = 0.5


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's peak resident memory so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _generate(rows: int, folder: Path) -> Path:
    path = folder / f"people-{rows}.csv"
    demo_file.write_file(path=path, people=rows, seed=7)
    return path


GIVEN = ["Ahmad", "Siti", "Budi", "Dewi", "Agus", "Sri", "Eko", "Nur", "Rina", "Hendra"]
FAMILY = ["Santoso", "Wahyuni", "Saputra", "Lestari", "Hidayat", "Rahmawati", "Setiawan"]
TITLES = ["", "Drs. ", "dr. ", "H. ", "Hj. "]
SUFFIXES = ["", ", S.Pd.", ", S.Kep., Ns.", ", S.E.", ", M.M."]


def _rows(count: int, seed: int = 7):
    rng = random.Random(seed)
    seen = set()
    while len(seen) < count:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        hired = birth.year + rng.randrange(20, 35)
        gender = rng.choice("12")
        nip = f"{birth:%Y%m%d}{hired}{rng.randrange(1, 13):02d}{gender}{rng.randrange(1, 999):03d}"
        if nip in seen:
            continue
        seen.add(nip)
        name = f"{rng.choice(TITLES)}{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice(SUFFIXES)}"
        yield [nip, name, "PNS", "3201", "Pemerintah Kabupaten Bogor", "Dinas Pendidikan", "32.01"]


def run(*, rows: int):
    regions_load_reference(provinces=["32"], include_villages=False)
    path = Path(tempfile.mkdtemp()) / "people.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["nip", "name", "employee_type", "agency_code", "agency_name", "unit", "region_code"]
        )
        writer.writerows(_rows(rows))
    for label in ("first import (all new)", "second import (all unchanged)"):
        started = time.perf_counter()
        summary = registry_import(actor=None, path=path)
        seconds = time.perf_counter() - started
        yield (
            f"registry import, {label}: {summary.rows_read} rows in {seconds:.1f} s "
            f"= {summary.rows_read / seconds:,.0f} rows/s "
            f"(created {summary.created}, unchanged {summary.unchanged}, "
            f"rejected {summary.rejected}; peak memory {_peak_mb():,.0f} MB)"
        )


def _copy_baseline(path: Path) -> float:
    """Seconds for a plain COPY of the file into a bare table (no validation, no index)."""
    columns = ", ".join(f"{c} text" for c in demo_file.FILE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_baseline")
        cursor.execute(f"CREATE TABLE bench_copy_baseline ({columns})")
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.cursor.copy(
                "COPY bench_copy_baseline FROM STDIN (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_baseline")
    return seconds


def _empty_registry() -> None:
    from netra.registry.models import Agency, NameToken, Person, PersonNameKey, WorkUnit

    # DELETE, not TRUNCATE ... CASCADE: other apps' tables point at people and agencies, and a
    # cascade would empty them whole. The registry was empty when the benchmark started.
    tables = [m._meta.db_table for m in (PersonNameKey, NameToken, Person, WorkUnit, Agency)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (model table names)
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def run_national(*, people: int):
    from netra.registry.models import Agency, Person

    if connection.vendor != "postgresql":
        yield "national import benchmark: PostgreSQL only (set DATABASE_URL); skipped"
        return
    if Person.objects.exists() or Agency.objects.exists():
        yield "national import benchmark: needs a database with an empty registry; skipped"
        return
    regions_load_reference(include_villages=False)
    folder = Path(tempfile.mkdtemp(prefix="netra-bench-import-"))
    sizes = sorted({s for s in NATIONAL_SIZES if s < people} | {people})
    per_thousand = []
    for size in sizes:
        started = time.perf_counter()
        path = _generate(size, folder)
        generated = time.perf_counter() - started
        megabytes = path.stat().st_size / 1e6
        copy_seconds = _copy_baseline(path)
        _empty_registry()
        started = time.perf_counter()
        summary = registry_import(actor=None, path=path)
        seconds = time.perf_counter() - started
        peak = _peak_mb()
        started = time.perf_counter()
        again = registry_import(actor=None, path=path)
        again_seconds = time.perf_counter() - started
        ratio = copy_seconds / seconds
        per_thousand.append((size, seconds / size * 1000))
        yield (
            f"{size:,} rows ({megabytes:,.0f} MB, generated in {generated:.0f} s): "
            f"COPY {copy_seconds:.1f} s = {size / copy_seconds:,.0f} rows/s; "
            f"import {seconds:.1f} s = {size / seconds:,.0f} rows/s; "
            f"ratio {ratio:.3f}x of COPY (target {TARGET_RATIO}x: "
            f"{'met' if ratio >= TARGET_RATIO else 'missed'}); "
            f"created {summary.created:,}, rejected {summary.rejected:,}; "
            f"re-import unchanged {again_seconds:.1f} s "
            f"(unchanged {again.unchanged:,}, updated {again.updated}); "
            f"peak memory {peak:,.0f} MB"
        )
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items())
        yield f"  profile of the import: {phases}"
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in again.timings.items() if v >= 0.05)
        yield f"  profile of the unchanged re-import: {phases}"
        path.unlink()
    if len(per_thousand) > 1:
        (small, small_ms), (large, large_ms) = per_thousand[0], per_thousand[-1]
        yield (
            f"growth {small:,} -> {large:,} rows ({large / small:.0f}x): time per 1,000 rows "
            f"{small_ms:.2f} s -> {large_ms:.2f} s ({large_ms / small_ms:.2f}x; 1.00 = linear)"
        )
    _empty_registry()
