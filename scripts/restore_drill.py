"""Restore drill: back up a seeded installation, restore it into a fresh database and var dir,
and prove the copy is the same and sound.

    .venv/bin/python scripts/restore_drill.py [--engine postgresql|sqlite] [--cases N]
        [--evidence M]

Source: a new database (PostgreSQL `netra_drill_src` (prefix $DRILL_DB_PREFIX) on $DRILL_PG_URL,
default postgres://postgres@127.0.0.1:5432, or SQLite) and var dir, migrated, loaded with the demo
(`netra demo`) plus N generated cases (`netra demo cases`) and M evidence files (small distinct
PNGs added to the generated reports through the intake service, as a reporter's later evidence
would be: hashed, checked, promoted), with an audit checkpoint.
Then `netra backup`, `netra restore` into `netra_drill_dst` and a new var dir (timed), and on the
copy: row counts and content hashes of every table equal the source's (`netra backup
--table-digests`), `netra audit verify` (chain and checkpoints), `netra evidence check` and
`netra documents check`. Exits 1 on any difference. Figures go to docs/operations.md by hand.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NETRA = str(Path(sys.executable).with_name("netra"))


def run(args, env, *, capture=False):
    started = time.monotonic()
    out = subprocess.run(args, env=env, check=False, capture_output=True, text=True)  # noqa: S603
    elapsed = time.monotonic() - started
    if out.returncode != 0:
        sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
        raise SystemExit(f"FAILED: {' '.join(args[1:])} (exit {out.returncode})")
    return (out.stdout if capture else out.stdout.strip().splitlines()[-1:]), elapsed


# Run by `netra shell -c`: M distinct PNGs spread over the reports, at most 3 per report.
SEED_EVIDENCE = """
import io, random
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from netra.intake.models import Report
from netra.intake.services import report_evidence_add
rng = random.Random(7)
reports = list(Report.objects.order_by("id"))
wanted = {count}
for i in range(wanted):
    image = Image.frombytes("RGB", (24, 24), rng.randbytes(24 * 24 * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    upload = SimpleUploadedFile(f"bukti-{{i}}.png", out.getvalue())
    report_evidence_add(report=reports[i % len(reports)], files=[upload])
print(wanted)
"""


def pg(url: str, sql: str) -> None:
    subprocess.run(["psql", "-X", "-q", url + "/postgres", "-c", sql], check=True)  # noqa: S603,S607


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--evidence", type=int, default=5000, help="evidence files to add")
    parser.add_argument("--keep", action="store_true", help="keep the databases and var dirs")
    parser.add_argument("--json-out", help="also write the figures to this file")
    opts = parser.parse_args()
    base_url = os.environ.get("DRILL_PG_URL", "postgres://postgres@127.0.0.1:5432")
    prefix = os.environ.get("DRILL_DB_PREFIX", "netra_drill")
    src_db, dst_db = f"{prefix}_src", f"{prefix}_dst"
    work = Path(tempfile.mkdtemp(prefix="netra-drill-"))
    src_var, dst_var = work / "src", work / "dst"
    src_var.mkdir()
    dst_var.mkdir()
    env_src = {**os.environ, "NETRA_VAR_DIR": str(src_var)}
    env_dst = {**os.environ, "NETRA_VAR_DIR": str(dst_var)}
    for env in (env_src, env_dst):
        for name in (
            "NETRA_SECRET_KEY",
            "NETRA_FIELD_KEY",
            "NETRA_ACCESS_KEY_PEPPER",
            "NETRA_AUDIT_ANCHOR_KEY",
            "NETRA_MEDIA_ROOT",
            "NETRA_AUDIT_CHECKPOINT_FILE",
            "PGOPTIONS",
        ):
            env.pop(name, None)
    if opts.engine == "postgresql":
        for name in (src_db, dst_db):
            pg(base_url, f"DROP DATABASE IF EXISTS {name}")
            pg(base_url, f"CREATE DATABASE {name}")
        env_src["DATABASE_URL"] = f"{base_url}/{src_db}"
        env_dst["DATABASE_URL"] = f"{base_url}/{dst_db}"
    else:
        env_src.pop("DATABASE_URL", None)
        env_dst.pop("DATABASE_URL", None)
    figures = {"engine": opts.engine, "cases_added": opts.cases, "evidence_added": opts.evidence}
    try:
        print(f"seeding source ({opts.engine}) ...", flush=True)
        _, figures["seed_s"] = run([NETRA, "migrate", "-v0"], env_src)
        run([NETRA, "demo"], env_src)
        if opts.cases:
            run([NETRA, "demo", "cases", "--cases", str(opts.cases)], env_src)
        if opts.evidence:
            seed = SEED_EVIDENCE.format(count=opts.evidence)
            _, figures["evidence_seed_s"] = run([NETRA, "shell", "-c", seed], env_src)
        run([NETRA, "audit", "checkpoint"], env_src)
        archive = work / "netra-backup.tar"
        line, figures["backup_s"] = run([NETRA, "backup", str(archive)], env_src)
        figures["archive_mb"] = round(archive.stat().st_size / 1e6, 1)
        print(line[0] if line else "", flush=True)
        line, figures["restore_s"] = run([NETRA, "restore", str(archive)], env_dst)
        print(line[0] if line else "", flush=True)
        src_digests = json.loads(
            run([NETRA, "backup", "--table-digests"], env_src, capture=True)[0]
        )
        dst_digests, t_digest = run([NETRA, "backup", "--table-digests"], env_dst, capture=True)
        dst_digests = json.loads(dst_digests)
        differ = sorted(t for t in src_digests if src_digests[t] != dst_digests.get(t))
        differ += sorted(set(dst_digests) - set(src_digests))
        figures["tables"] = len(src_digests)
        figures["rows"] = sum(count for count, _ in src_digests.values())
        figures["tables_differing"] = differ
        checks = {}
        for name, args in (
            ("audit", [NETRA, "audit", "verify"]),
            ("evidence", [NETRA, "evidence", "check"]),
            ("documents", [NETRA, "documents", "check"]),
        ):
            known = subprocess.run(  # noqa: S603
                [NETRA, "help", args[1]], env=env_dst, capture_output=True, check=False
            )
            if known.returncode != 0:
                checks[name] = {"output": f"SKIPPED: no `netra {args[1]}` command", "s": 0}
                continue
            line, seconds = run(args, env_dst)
            checks[name] = {"output": line[0] if line else "", "s": round(seconds, 1)}
        figures["checks"] = checks
        figures["verify_s"] = round(t_digest + sum(c["s"] for c in checks.values()), 1)
        figures["restored_and_verified_s"] = round(figures["restore_s"] + figures["verify_s"], 1)
        for key in ("seed_s", "backup_s", "restore_s"):
            figures[key] = round(figures[key], 1)
        figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python " + (
            platform.python_version()
        )
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        if opts.json_out:
            Path(opts.json_out).write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        if differ:
            print(f"FAILED: tables differ after restore: {differ}")
            return 1
        print("restore drill passed")
        return 0
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
            if opts.engine == "postgresql":
                for name in (src_db, dst_db):
                    pg(base_url, f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    raise SystemExit(main())
