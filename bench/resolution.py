"""Identity resolution: recall and latency against the naive trigram query, on N generated people.

The registry is the demo generator's people (`registry.demo_file.generate_rows`, valid rows only)
plus the 2,000 held-out people of `bench/data/resolution_people.csv`; the queries are
`bench/data/resolution_queries.csv` (see `bench/resolution_eval.py`). People are loaded directly
(COPY on PostgreSQL, executemany on SQLite) and then indexed with `name_index.index_people()`,
the same call the import makes.

Baseline, run on the same database in the same run: PostgreSQL
`WHERE name_key % q ORDER BY similarity(name_key, q) DESC LIMIT 5` on the pg_trgm GIN index;
SQLite (no pg_trgm): the registry's previous name search `selectors.person_search`.

A query is counted as *unique* when its person's normalised name (words in any order) is no one
else's, and no one else carries every word the query gives; recall targets are stated on those.
"""

import cProfile
import io
import os
import pstats
import statistics
import time
import uuid
from collections import Counter, defaultdict

from django.db import connection, transaction

from bench import resolution_eval

BACKGROUND_SEED = 11


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _agencies(rows: list[dict]) -> tuple[dict, dict]:
    """Create the agencies and units the rows name; return code -> id, (code, unit) -> id."""
    from netra.regions.models import Region
    from netra.registry.choices import AgencyKind
    from netra.registry.models import Agency, WorkUnit
    from netra.registry.names import fold

    regions = dict(Region.objects.values_list("code", "id"))
    agencies: dict[str, int] = dict(Agency.objects.values_list("code", "id"))
    new = {}
    for row in rows:
        code = row["agency_code"].upper()
        if code not in agencies and code not in new:
            region = row["region_code"][:5] if len(code) == 4 else row["region_code"][:2]
            kind = AgencyKind.REGENCY if len(code) == 4 and code.isdigit() else AgencyKind.CENTRAL
            if len(code) == 2 and code.isdigit():
                kind = AgencyKind.PROVINCE
            new[code] = Agency(
                code=code,
                name=row["agency_name"],
                kind=kind,
                region_id=regions.get(region) if kind != AgencyKind.CENTRAL else None,
            )
    Agency.objects.bulk_create(new.values(), batch_size=2000)
    agencies = dict(Agency.objects.values_list("code", "id"))
    units = {(a, k): pk for pk, a, k in WorkUnit.objects.values_list("id", "agency_id", "name_key")}
    fresh = {}
    for row in rows:
        agency = agencies[row["agency_code"].upper()]
        key = (agency, fold(row["unit"]))
        if row["unit"] and key not in units and key not in fresh:
            fresh[key] = WorkUnit(agency_id=agency, name=row["unit"], name_key=key[1])
    WorkUnit.objects.bulk_create(fresh.values(), batch_size=5000)
    units = {(a, k): pk for pk, a, k in WorkUnit.objects.values_list("id", "agency_id", "name_key")}
    return agencies, units


_COLUMNS = [
    "public_id",
    "employee_type",
    "nip",
    "name",
    "name_plain",
    "name_key",
    "name_variants_key",
    "gender",
    "position",
    "position_type",
    "functional_group",
    "agency_id",
    "unit_id",
    "region_id",
    "status",
    "created_at",
    "updated_at",
]


def _load(rows: list[dict]) -> None:
    """Write people straight into registry_person (valid rows only; no audit: a benchmark)."""
    from django.utils import timezone

    from netra.regions.models import Region
    from netra.registry.models import Person
    from netra.registry.names import fold, name_key, name_variants_key, split_name

    # Required columns the benchmark has no value for (contact and import digests ...): their
    # model default, so the loader follows schema changes.
    extra = [
        f
        for f in Person._meta.concrete_fields
        if f.column not in _COLUMNS and not f.primary_key and not f.null
    ]
    columns = [*_COLUMNS, *(f.column for f in extra)]
    defaults = tuple(f.get_default() for f in extra)
    agencies, units = _agencies(rows)
    regions = dict(Region.objects.values_list("code", "id"))
    now = timezone.now()
    values = []
    for row in rows:
        plain = split_name(row["name"]).plain
        agency = agencies[row["agency_code"].upper()]
        values.append(
            (
                str(uuid.uuid4()),
                row.get("employee_type") or "PNS",
                row["nip"],
                row["name"],
                plain,
                name_key(plain),
                name_variants_key(plain),
                row.get("gender", "")[:1],
                row.get("position", ""),
                "",
                "none",
                agency,
                units.get((agency, fold(row["unit"]))) if row["unit"] else None,
                regions.get(row["region_code"]),
                "active",
                now,
                now,
                *defaults,
            )
        )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY registry_person ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(sql) as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO registry_person ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                values,
            )


def _drop_secondary_indexes() -> list[str]:
    """PostgreSQL, empty table: drop the person table's plain secondary indexes (the trigram GIN
    above all) for the bulk load and return their definitions; building them once afterwards is
    many times faster than maintaining them row by row. Constraint indexes stay."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = "
            "'registry_person' AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)"
        )
        rows = cursor.fetchall()
        for name, _definition in rows:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def _restore_indexes(definitions: list[str], progress) -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)
    if definitions:
        progress(f"  person indexes rebuilt in {time.perf_counter() - started:.0f} s")


def _vacuum(progress) -> None:
    """PostgreSQL: VACUUM ANALYZE the freshly written tables, as autovacuum does soon after a
    bulk load. Until the visibility map is set, the key lookups cannot be index-only and read
    one heap page per key row (measured at 500k: twice the database CPU per resolution)."""
    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("registry_person", "registry_personnamekey", "registry_nametoken"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    progress(f"  VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")


def _replace_held_out(held_out: list[dict], progress) -> None:
    """Reusing a registry built before: swap its held-out people (their NIP block, born 1960,
    is one the generator never reaches) for the current evaluation set, and index them."""
    from netra.registry.models import Person
    from netra.registry.name_index import index_people

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registry_personnamekey WHERE person_id IN "
            "(SELECT id FROM registry_person WHERE nip LIKE '1960%%')"
        )
        cursor.execute("DELETE FROM registry_person WHERE nip LIKE '1960%%'")
    _load(held_out)
    ids = Person.objects.filter(nip__in=[p["nip"] for p in held_out]).values_list("pk", flat=True)
    index_people(list(ids))
    progress(f"  reused the registry; held-out people reloaded ({len(held_out):,})")


def build(people: int, progress=print) -> tuple[dict[str, int], float]:
    """Load `people` generated people plus the held-out ones and index them.

    Returns (sorted name key -> number of people with it, for the held-out people's keys only;
    seconds spent in `index_people`)."""
    from netra.regions.services import regions_load_reference
    from netra.registry.demo_file import generate_rows
    from netra.registry.models import Person
    from netra.registry.name_index import index_people
    from netra.registry.normalization import normalize_name

    if not Person.objects.exists():
        regions_load_reference(include_villages=False)
    held_out = resolution_eval.read_people()
    wanted = {normalize_name(p["name"]).sorted_key for p in held_out}
    counts: Counter[str] = Counter()
    held_nips = {p["nip"] for p in held_out}
    started = time.perf_counter()
    batch: list[dict] = []
    loaded = 0
    if not Person.objects.exists():
        deferred = _drop_secondary_indexes()
        for generated in generate_rows(people=people, seed=BACKGROUND_SEED):
            if generated.bad or generated.values["nip"] in held_nips:
                continue
            batch.append(generated.values)
            if len(batch) >= 50_000:
                _load(batch)
                loaded += len(batch)
                progress(f"  loaded {loaded:,} people ({time.perf_counter() - started:.0f} s)")
                batch = []
        _load([*batch, *held_out])
        loaded += len(batch) + len(held_out)
        progress(f"  loaded {loaded:,} people in {time.perf_counter() - started:.0f} s")
        _restore_indexes(deferred, progress)
        started = time.perf_counter()
        index_people()
        index_seconds = time.perf_counter() - started
    else:
        index_seconds = 0.0
        _replace_held_out(held_out, progress)
    _vacuum(progress)
    for plain in Person.objects.values_list("name_plain", flat=True).iterator(50_000):
        key = normalize_name(plain).sorted_key
        if key in wanted:
            counts[key] += 1
    return counts, index_seconds


def _carriers(query: str) -> int:
    """How many people have every (normalised) word of `query` in their name."""
    from django.db.models import Count

    from netra.registry.models import PersonNameKey
    from netra.registry.normalization import normalize_name, pair_key

    tokens = sorted(set(normalize_name(query).tokens))
    if not tokens:
        return 0
    # Whoever has every word has every pair of them: pair lists are far shorter than the lists
    # of common single words at national scale (one pair chain through the words suffices).
    keys = (
        [pair_key(a, b) for a, b in zip(tokens, tokens[1:], strict=False)]
        if len(tokens) > 1
        else [f"t:{tokens[0]}"]
    )
    return (
        PersonNameKey.objects.filter(key__in=keys)
        .values("person_id")
        .annotate(n=Count("key"))
        .filter(n=len(keys))
        .count()
    )


def _baseline(query: str) -> list[str]:
    from netra.registry.names import name_key, split_name
    from netra.registry.selectors import person_search

    if connection.vendor == "postgresql":
        key = name_key(split_name(query).plain)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nip FROM registry_person WHERE name_key %% %s "
                "ORDER BY similarity(name_key, %s) DESC LIMIT 5",
                [key, key],
            )
            return [row[0] for row in cursor.fetchall()]
    return [p.nip for p in person_search(query, limit=5)]


def evaluate(queries: list[dict], unique: dict[str, bool], *, baseline_every: int = 1) -> dict:
    from netra.registry.resolution import ReportedPerson, resolve

    def reported(q):
        return ReportedPerson(
            name=q["query"], workplace=q["agency"], region_code=q["region"] or None
        )

    for q in queries[:20]:  # warm caches (vocabulary, connection, query plans)
        resolve(reported(q), limit=5)
    results = {"netra": defaultdict(list), "baseline": defaultdict(list)}
    cpu = {"python": 0.0, "database": 0.0, "database_known": _backend_cpu() is not None}
    for i, q in enumerate(queries):
        start, python, database = time.perf_counter(), time.process_time(), _backend_cpu()
        candidates = resolve(reported(q), limit=5).candidates
        ms = (time.perf_counter() - start) * 1000
        cpu["python"] += time.process_time() - python
        if database is not None:
            cpu["database"] += _backend_cpu() - database
        nips = [c.person.nip for c in candidates]
        alone = unique[q["nip"]] and not q.get("ambiguous")
        results["netra"][q["kind"]].append((nips, q["nip"], ms, alone))
        # Every kind in turn: sample whole rounds of kinds, not every Nth query.
        if (i // len(resolution_eval.KINDS)) % baseline_every == 0:
            start = time.perf_counter()
            nips = _baseline(q["query"])
            ms = (time.perf_counter() - start) * 1000
            results["baseline"][q["kind"]].append((nips, q["nip"], ms, alone))
    per_query = 1000 / max(1, len(queries))
    results["cpu"] = {
        "python": cpu["python"] * per_query,
        "database": cpu["database"] * per_query,
        "database_known": cpu["database_known"],
    }
    return results


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine only):
    with the process's own CPU time, what a query costs regardless of how loaded the machine
    is (wall-clock latency on a shared machine mostly measures waiting for a core)."""
    if connection.vendor != "postgresql":
        return None
    try:
        pid = connection.connection.info.backend_pid
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, AttributeError, IndexError, ValueError):
        return None


def summarise(rows: list[tuple]) -> dict:
    times = [r[2] for r in rows]
    uniq = [r for r in rows if r[3]]

    def recall(subset, k):
        return (
            sum(1 for nips, want, *_ in subset if want in nips[:k]) / len(subset) if subset else 0
        )

    return {
        "n": len(rows),
        "unique": len(uniq),
        "r1": recall(rows, 1),
        "r5": recall(rows, 5),
        "r5_unique": recall(uniq, 5),
        "r1_unique": recall(uniq, 1),
        "none": sum(1 for nips, *_ in rows if not nips) / len(rows) if rows else 0,
        "p50": statistics.median(times) if times else 0,
        "p95": _percentile(times, 95),
        "p99": _percentile(times, 99),
    }


def profile(queries: list[dict], count: int = 100) -> str:
    from netra.registry.resolution import ReportedPerson, resolve

    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries[:count]:
        resolve(
            ReportedPerson(name=q["query"], workplace=q["agency"], region_code=q["region"] or None)
        )
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
    return out.getvalue()


def run(*, people: int, queries: int, baseline_every: int = 1, with_profile: bool = False):
    yield f"resolution: building a registry of {people:,} generated + 2,000 held-out people"
    counts, index_seconds = build(people, progress=print)
    from netra.registry.models import Person
    from netra.registry.normalization import normalize_name

    total = Person.objects.count()
    if index_seconds:
        yield f"  name index: {total:,} people in {index_seconds:.1f} s"
    held_out = {p["nip"]: p for p in resolution_eval.read_people()}
    unique = {nip: counts[normalize_name(p["name"]).sorted_key] == 1 for nip, p in held_out.items()}
    qs = resolution_eval.read_queries(queries)
    # A query can only single out its person if no one else carries every word it gives
    # ("Daniel Harahap" for "Daniel Yuharyanto Harahap" cannot): such queries are not counted
    # as unique even when the person's full name is.
    for q in qs:
        if unique[q["nip"]] and _carriers(q["query"]) > 1:
            q["ambiguous"] = True
    results = evaluate(qs, unique, baseline_every=baseline_every)
    yield (
        f"resolution over {total:,} people, {len(qs)} queries ({connection.vendor}); "
        "baseline: "
        + (
            "pg_trgm similarity() top 5"
            if connection.vendor == "postgresql"
            else "registry.selectors.person_search top 5"
        )
        + (f" on every {baseline_every}th query" if baseline_every > 1 else "")
    )
    header = (
        f"  {'kind':<14}{'n':>5}{'uniq':>6}  {'r@1':>5} {'r@5':>5} {'r@5u':>5} {'none':>5}"
        f"   {'base r@5':>8} {'base r@5u':>9} {'base none':>9}"
    )
    yield header
    kinds = list(resolution_eval.KINDS)
    for kind in [*kinds, "ALL"]:
        if kind == "ALL":
            ours = [r for k in kinds for r in results["netra"][k]]
            base = [r for k in kinds for r in results["baseline"][k]]
        else:
            ours, base = results["netra"][kind], results["baseline"][kind]
        if not ours:
            continue
        a, b = summarise(ours), summarise(base)
        yield (
            f"  {kind:<14}{a['n']:>5}{a['unique']:>6}  {a['r1']:>5.2f} {a['r5']:>5.2f} "
            f"{a['r5_unique']:>5.2f} {a['none']:>5.0%}   {b['r5']:>8.2f} {b['r5_unique']:>9.2f} "
            f"{b['none']:>9.0%}"
        )
    a = summarise([r for k in kinds for r in results["netra"][k]])
    b = summarise([r for k in kinds for r in results["baseline"][k]])
    yield (
        f"  latency netra: p50 {a['p50']:.1f} ms, p95 {a['p95']:.1f} ms, p99 {a['p99']:.1f} ms; "
        f"baseline: p50 {b['p50']:.1f} ms, p95 {b['p95']:.1f} ms, p99 {b['p99']:.1f} ms; "
        f"p95 ratio netra/baseline {a['p95'] / b['p95'] if b['p95'] else 0:.2f}, "
        f"recall@5 (unique) ratio {a['r5_unique'] / b['r5_unique'] if b['r5_unique'] else 0:.2f}"
    )
    cpu = results["cpu"]
    yield (
        f"  CPU per query (mean): resolver process {cpu['python']:.1f} ms"
        + (f", PostgreSQL backend {cpu['database']:.1f} ms" if cpu["database_known"] else "")
    )
    if with_profile:
        yield "  profile (100 queries, cumulative):"
        yield profile(qs)
