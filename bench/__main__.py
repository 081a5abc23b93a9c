"""`make bench` / `python -m bench [--rows N] [--people N] [--only PART]`: figures for
docs/benchmarks.md. Identity resolution at national scale:
`DATABASE_URL=postgres://... python -m bench --people 4400000 --only resolution`.

Runs against a throw-away SQLite database (or DATABASE_URL if set) in a temporary var/ directory,
so it never touches a real installation.
"""

import argparse
import os
import platform
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000, help="people in the import file")
    parser.add_argument(
        "--people", type=int, default=20_000, help="generated people for the resolution bench"
    )
    parser.add_argument(
        "--queries", type=int, default=1000, help="noisy queries for the resolution bench"
    )
    parser.add_argument(
        "--baseline-every",
        type=int,
        default=1,
        help="run the baseline query on every Nth resolution query only (it is slow at scale)",
    )
    parser.add_argument("--profile", action="store_true", help="profile the resolver")
    parser.add_argument(
        "--cases", type=int, default=20_000, help="generated cases for the analytics bench"
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="analytics: generate the cases and build the rollups, time no query",
    )
    parser.add_argument(
        "--national",
        action="store_true",
        help="import: the national benchmark on PostgreSQL (generated files of 100k, 500k and "
        "--people rows, each against a plain COPY of the same file)",
    )
    parser.add_argument(
        "--only",
        choices=["import", "workdays", "coverage", "resolution", "analytics"],
        default=None,
        help="run one part only",
    )
    args = parser.parse_args()

    os.environ.setdefault("NETRA_VAR_DIR", tempfile.mkdtemp(prefix="netra-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import analytics, coverage, registry_import, resolution, workdays

    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )
    started = time.perf_counter()
    parts = {
        "import": lambda: (
            registry_import.run_national(people=args.people)
            if args.national
            else registry_import.run(rows=args.rows)
        ),
        "workdays": workdays.run,
        "coverage": coverage.run,
        "resolution": lambda: resolution.run(
            people=args.people,
            queries=args.queries,
            baseline_every=args.baseline_every,
            with_profile=args.profile,
        ),
        # Not in the default run: it needs PostgreSQL for its baseline and takes minutes.
        "analytics": lambda: analytics.run(cases=args.cases, queries=not args.generate_only),
    }
    for name, part in parts.items():
        if args.only == name or (args.only is None and name != "analytics"):
            for line in part():
                print(line, flush=True)
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
