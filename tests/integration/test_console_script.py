"""The installed `netra` console script: exit codes and --json as a user sees them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NETRA = Path(sys.executable).with_name("netra")

pytestmark = pytest.mark.skipif(not NETRA.exists(), reason="the console script is not installed")


def _run(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NETRA_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    return subprocess.run(
        [str(NETRA), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_valid_nip_exits_0_with_parsed_fields(tmp_path):
    result = _run("validate", "nip", "19860926 201505 1 001", "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["normalised"] == "198609262015051001"
    assert data["birth_date"] == "1986-09-26"


def test_invalid_nip_exits_1_with_the_reason(tmp_path):
    result = _run("validate", "nip", "1986092620150510", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "18" in result.stderr


def test_workdays_add_prints_only_the_date(tmp_path):
    assert _run("migrate", "-v0", tmp_path=tmp_path).returncode == 0
    result = _run("workdays", "add", "2024-04-05", "3", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2024-04-18"  # Lebaran and cuti bersama skipped


def test_help_lists_the_project_commands(tmp_path):
    result = _run("help", tmp_path=tmp_path)
    for command in ("audit", "registry", "rules", "validate", "workdays", "load-reference"):
        assert command in result.stdout
