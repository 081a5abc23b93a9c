"""`netra documents ...`: answers, exit codes, --json, bad input."""

import json
import os
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netra.documents import codes, storage
from netra.documents.services import document_revoke

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("documents", *args, stdout=out)
    return out.getvalue()


def test_verify_valid_prints_the_state(issue_document):
    document = issue_document(public_fields={"letter_number": "9/2026"})
    assert run("verify", document.code.lower()) == f"{document.code}: valid\n"
    data = json.loads(run("verify", document.code, "--json"))
    assert data["state"] == "valid" and data["public_fields"] == {"letter_number": "9/2026"}


def test_verify_revoked_and_unknown_exit_1(issue_document):
    document = issue_document()
    document_revoke(actor=None, document=document, reason="x")
    with pytest.raises(CommandError) as exc:
        run("verify", document.code)
    assert exc.value.returncode == 1 and "revoked" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        run("verify", codes.code_new())
    assert exc.value.returncode == 1 and "not_found" in str(exc.value)


def test_verify_malformed_exits_2():
    with pytest.raises(CommandError) as exc:
        run("verify", "VRF-123")
    assert exc.value.returncode == 2 and "not a valid verification code" in str(exc.value)


def test_missing_subcommand_is_an_error():
    with pytest.raises(CommandError):
        run()


def test_check_names_a_tampered_file(issue_document):
    good = issue_document()
    bad = issue_document()
    assert json.loads(run("check", "--json")) == {"checked": 2, "broken": []}
    storage.stored_path(bad.sha256).write_bytes(b"%PDF-changed")
    with pytest.raises(CommandError) as exc:
        run("check")
    assert exc.value.returncode == 1
    assert good.code != bad.code


def test_sweep_staging_dry_run_then_remove(settings):
    settings.DOCUMENTS_STAGING_GRACE_SECONDS = 60
    old = storage.stage(b"%PDF-left over")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = storage.stage(b"%PDF-in flight")
    assert json.loads(run("sweep-staging", "--dry-run", "--json")) == {
        "removed": 1,
        "dry_run": True,
    }
    assert old.exists()
    assert run("sweep-staging") == "removed 1 staged files\n"
    assert not old.exists() and fresh.exists()
