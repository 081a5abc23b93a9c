"""`make bench` / `python -m bench [--rows N]`: throughput figures for docs/benchmarks.md.

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
    args = parser.parse_args()

    os.environ.setdefault("NETRA_VAR_DIR", tempfile.mkdtemp(prefix="netra-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import coverage, registry_import, workdays

    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )
    started = time.perf_counter()
    for line in registry_import.run(rows=args.rows):
        print(line)
    for line in workdays.run():
        print(line)
    for line in coverage.run():
        print(line)
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
