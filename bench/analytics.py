"""Dashboard and public-statistics queries over generated cases, against direct GROUP BYs.

`DATABASE_URL=postgres://... python -m bench --only analytics --cases 1000000`

1. Generates `--cases` cases with everything around them, timed: on an empty PostgreSQL
   database set-based (`netra.demo.fast_cases`: a template of 20,000 cases written by
   `netra.demo.election_cases`, copied by INSERT ... SELECT into other regencies and dates, and
   prevention work), else `netra.demo.election_cases` (COPY on PostgreSQL). Then rebuilds the
   rollups once (`analytics.services.reconcile`, set-based on PostgreSQL), timed.
2. Times every dashboard selector (national, a province officer, a regency officer and a PPK
   officer; with and without filters) and the public statistics of one election: p50 / p95
   over `REPEAT` runs each.
3. Times, in the same run, the direct GROUP BY over the raw tables that would answer the same
   question without rollups (national scope, `RAW_REPEAT` runs each): the baseline.

Target (issue 14): p95 <= 500 ms for every dashboard and public query.
"""

import statistics
import time
from collections.abc import Callable, Iterator

REPEAT = 20
RAW_REPEAT = 3
TARGET_MS = 500


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _time(fn: Callable, repeat: int) -> tuple[float, float]:
    fn()  # warm: first-run parse and cache effects are not what a page sees every time
    samples = []
    for _i in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), _percentile(samples, 95)


def _reference() -> None:
    from netra.regions.models import Region
    from netra.regions.services import regions_load_reference
    from netra.rules.models import ProhibitedAct

    if not Region.objects.filter(level=2).exists():
        regions_load_reference(include_villages=False)
    if not ProhibitedAct.objects.exists():
        from netra.demo.reference import load_reference

        load_reference(only=["rules", "elections", "workdays", "cases"])


def _users() -> dict:
    from netra.accounts.models import Membership, User
    from netra.regions.models import Region
    from netra.registry.models import Agency

    def user(name, **membership):
        account, _created = User.objects.get_or_create(username=f"bench.{name}")
        if membership:
            Membership.objects.get_or_create(user=account, **membership)
        return account

    national = user("national")
    national.is_superuser = True
    national.save(update_fields=["is_superuser"])
    # The busiest province and regency and agency, so the scoped figures are not trivially small.
    from django.db.models import Count

    from netra.cases.models import Case

    top = Case.objects.values("region__code").annotate(n=Count("id")).order_by("-n").first()
    regency = top["region__code"][:5]
    return {
        "national": national,
        "province": user(
            "province", role="bawaslu_officer", region=Region.objects.get(code=regency[:2])
        ),
        "regency": user("regency", role="bawaslu_officer", region=Region.objects.get(code=regency)),
        "ppk": user(
            "ppk", role="ppk_officer", agency=Agency.objects.get(code=regency.replace(".", ""))
        ),
    }


def _dashboard_queries(users: dict) -> list[tuple[str, Callable]]:
    from netra.analytics import selectors as s
    from netra.analytics.filters import Filters
    from netra.elections.models import Election

    election = Election.objects.get(slug="pemilu-2024")
    none = Filters()
    by_election = Filters.from_query({"election": election.slug})
    narrow = Filters.from_query(
        {
            "election": election.slug,
            "functional_group": "teacher",
            "start": "2023-10-01",
            "end": "2024-03-31",
        }
    )
    out = []
    for who, user in users.items():
        for label, f in (("no filter", none), ("election", by_election), ("narrow", narrow)):
            if who != "national" and label == "narrow":
                continue
            out.append(
                (
                    f"dashboard page ({who}, {label})",
                    lambda user=user, f=f: _whole_page(user, f),
                )
            )
    user = users["national"]
    out += [
        ("case_totals (national)", lambda: s.case_totals(user, none)),
        ("cases_over_time (national)", lambda: s.cases_over_time(user, none)),
        ("reports_over_time day (national)", lambda: s.reports_over_time(user, none, "day")),
        ("breakdown province (national)", lambda: s.breakdown(user, none, "province")),
        ("breakdown regency (national)", lambda: s.breakdown(user, none, "regency")),
        ("breakdown act (national)", lambda: s.breakdown(user, none, "act")),
        ("sanctions_by_level (national)", lambda: s.sanctions_by_level(user, none)),
        ("compliance by ppk (national)", lambda: s.compliance(user, none, by="ppk")),
        ("durations (national)", lambda: s.durations(user, none)),
        ("prevention_vs_violations (national)", lambda: s.prevention_vs_violations(user, none)),
        ("overdue list, first page (national)", lambda: list(s.overdue_cases(user, none)[:50])),
        ("filter_options (national)", lambda: s.filter_options(user)),
    ]
    from netra.analytics.public import public_statistics

    out.append(("public statistics (pemilu-2024)", lambda: public_statistics(election)))
    return out


def _whole_page(user, f) -> None:
    """Everything the dashboard page reads (dashboard.dashboard_context), without HTML."""
    from django.utils import translation

    from netra.analytics.dashboard import dashboard_context

    with translation.override("id"):
        dashboard_context(user, f)


def _raw_queries() -> list[tuple[str, Callable]]:
    """The same questions straight from the source tables (national, no rollups)."""
    from django.db import connection

    def sql(statement: str) -> Callable:
        def run():
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall()

        return run

    return [
        (
            "raw: cases by state",
            sql("SELECT state, count(*) FROM cases_case WHERE merged_into_id IS NULL GROUP BY 1"),
        ),
        (
            "raw: cases by month and state",
            sql(
                "SELECT date_trunc('month', created_at), state, count(*) FROM cases_case "
                "WHERE merged_into_id IS NULL GROUP BY 1, 2"
            ),
        ),
        (
            "raw: reports by day and source",
            sql(
                "SELECT date_trunc('day', created_at), source, count(*) FROM intake_report "
                "GROUP BY 1, 2"
            ),
        ),
        (
            "raw: cases by province and state",
            sql(
                "SELECT left(r.code, 2), c.state, count(*) FROM cases_case c "
                "JOIN regions_region r ON r.id = c.region_id GROUP BY 1, 2"
            ),
        ),
        (
            "raw: cases by act and state",
            sql("SELECT classification->>'act', state, count(*) FROM cases_case GROUP BY 1, 2"),
        ),
        (
            "raw: decisions by level",
            sql(
                "SELECT sanction_levels::text, count(*) FROM sanctions_decision "
                "WHERE status <> 'superseded' GROUP BY 1"
            ),
        ),
        (
            "raw: compliance by agency",
            sql(
                "SELECT p.agency_id, d.compliance, count(*) FROM sanctions_decision d "
                "JOIN registry_person p ON p.id = d.person_id WHERE d.status <> 'superseded' "
                "GROUP BY 1, 2 UNION ALL SELECT p.agency_id, 'overdue', count(*) "
                "FROM cases_casedeadline dl JOIN cases_case c ON c.id = dl.case_id "
                "JOIN registry_person p ON p.id = c.person_id WHERE dl.code = 'ppk_follow_up' "
                "AND dl.met_at IS NULL AND dl.overdue_since IS NOT NULL GROUP BY 1"
            ),
        ),
        (
            "raw: days to recommendation (median, p90)",
            sql(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), "
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM ("
                "SELECT min(e.created_at)::date - min(r.created_at)::date AS d "
                "FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id "
                "JOIN intake_report r ON r.id = c.report_id "
                "WHERE e.to_state IN ('recommended', 'recommendation_to_authority', "
                "'recommendation_to_ppk') GROUP BY c.id) t"
            ),
        ),
        (
            "raw: headcount and cases per agency",
            sql(
                "SELECT agency_id, count(*) FROM registry_person WHERE status = 'active' "
                "GROUP BY 1 UNION ALL SELECT p.agency_id, count(*) FROM cases_case c "
                "JOIN registry_person p ON p.id = c.person_id GROUP BY 1"
            ),
        ),
    ]


def run(*, cases: int, seed: int = 42, queries: bool = True) -> Iterator[str]:
    from django.db import connection

    from netra.analytics.services import reconcile
    from netra.cases.models import Case
    from netra.demo.election_cases import generate_cases

    _reference()
    existing = Case.objects.count()
    if existing < cases:
        started = time.perf_counter()
        if connection.vendor == "postgresql" and not existing:
            # Set-based: a template from the ORM generator, copied in SQL (demo/fast_cases.py).
            from netra.demo.fast_cases import generate_cases_fast

            result = generate_cases_fast(
                cases=cases, seed=seed, progress=lambda line: print("  " + line, flush=True)
            )
            yield "  phases: " + ", ".join(
                f"{phase} {seconds:.0f} s" for phase, seconds in result["seconds"].items()
            )
        else:
            result = generate_cases(cases=cases - existing, seed=seed)
        seconds = time.perf_counter() - started
        rows = sum(result["rows"].values())
        yield (
            f"generate: {result['cases']} cases ({rows} rows in "
            f"{len(result['rows'])} tables) in {seconds:.0f} s "
            f"({result['cases'] / seconds:.0f} cases/s)"
        )
        yield "  rows: " + ", ".join(f"{t} {n}" for t, n in result["rows"].items())
        started = time.perf_counter()
        summary = reconcile()
        yield f"reconcile (all rollups from the tables): {time.perf_counter() - started:.0f} s"
        yield f"  {summary}"
    else:
        # Reused data: rebuild the rollups anyway (their tables may be newer than the data).
        yield f"generate: {existing} cases already in the database, reused"
        started = time.perf_counter()
        summary = reconcile()
        yield f"reconcile (all rollups from the tables): {time.perf_counter() - started:.0f} s"
        yield f"  {summary}"
    if not queries:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    users = _users()
    yield ""
    yield f"| query ({Case.objects.count()} cases) | p50 ms | p95 ms | ≤ {TARGET_MS} ms |"
    yield "|---|---:|---:|:---:|"
    worst = 0.0
    for name, fn in _dashboard_queries(users):
        p50, p95 = _time(fn, REPEAT)
        worst = max(worst, p95)
        yield f"| {name} | {p50:.1f} | {p95:.1f} | {'yes' if p95 <= TARGET_MS else 'NO'} |"
    yield ""
    if connection.vendor != "postgresql":
        yield "raw GROUP BY baseline: PostgreSQL only (the statements use its SQL)"
        return
    yield "| baseline: direct GROUP BY over the raw tables (national) | p50 ms | p95 ms |"
    yield "|---|---:|---:|"
    for name, fn in _raw_queries():
        p50, p95 = _time(fn, RAW_REPEAT)
        yield f"| {name} | {p50:.0f} | {p95:.0f} |"
    yield ""
    yield f"worst dashboard/public p95: {worst:.1f} ms (target {TARGET_MS} ms)"
