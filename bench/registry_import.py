"""Registry import throughput: a generated CSV of valid PNS records, imported twice."""

import csv
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from netra.regions.services import regions_load_reference
from netra.registry.services import registry_import

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
            f"rejected {summary.rejected})"
        )
