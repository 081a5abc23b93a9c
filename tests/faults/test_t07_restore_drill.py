"""T7 restore drill under `make faults`: scripts/restore_drill.py on PostgreSQL (backup, restore
into a fresh database and var dir, every table's count and content hash compared, audit verify,
evidence and documents checks on the copy). The fast SQLite round trip is in `make test`
(src/netra/web/tests/test_backup.py, also run by test_delegated's T7 step)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.faults import harness as h

pytestmark = pytest.mark.faults


def test_t07_restore_drill():
    cases = h.env_int("NETRA_FAULTS_DRILL_CASES", 2000)
    evidence = h.env_int("NETRA_FAULTS_DRILL_EVIDENCE", 5000)  # RELIABILITY T7: 5,000 files
    out = Path(tempfile.mkdtemp(prefix="netra-drill-out-")) / "figures.json"
    env = {
        **os.environ,
        "DRILL_PG_URL": h.PG_ADMIN_URL.rsplit("/", 1)[0],
        "DRILL_DB_PREFIX": f"{h.DB_PREFIX}_drill",
    }
    env.pop("NETRA_FAULTS_RUN", None)
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(h.ROOT / "scripts" / "restore_drill.py"),
            "--cases",
            str(cases),
            "--evidence",
            str(evidence),
            "--json-out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    figures = json.loads(out.read_text()) if out.exists() else {}
    h.record("T7-drill", **figures)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert figures["tables_differing"] == []
    assert "intact" in figures["checks"]["audit"]["output"]
    checked = int(figures["checks"]["evidence"]["output"].split()[1])
    assert checked >= evidence, figures["checks"]["evidence"]  # each with its display copy
    for name in ("evidence", "documents"):
        assert not figures["checks"][name]["output"].startswith("SKIPPED"), name
