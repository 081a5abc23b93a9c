"""Cutting the audit history: each attack from issue 15, on the engines where it applies.

The database guards (db_guards) refuse the attacks to anyone who cannot disable triggers; the
checkpoints outside the database (anchor) catch them when the triggers were disabled, as a
superuser or the owner of the tables can."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from netra.audit import anchor, db_guards
from netra.audit.chain import canonical_json, chain_hash
from netra.audit.models import AuditEvent, AuditHead
from netra.audit.selectors import audit_chain_verify
from netra.audit.services import audit_record

pytestmark = pytest.mark.django_db

PG = "connection.vendor != 'postgresql'"
SQLITE = "connection.vendor != 'sqlite'"


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    settings.AUDIT_ANCHOR_KEYS = ["anchor key for the tests"]
    return settings.AUDIT_CHECKPOINT_FILE


def _record(n: int, start: int = 0):
    for i in range(start, start + n):
        audit_record(actor=None, action="test.write", target=("test", str(i)), payload={"n": i})


def _as_owner(*statements):
    """Run SQL with the guards out of the way, as the tables' owner or a superuser could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # skips triggers
        else:
            db_guards.drop(connection)
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            db_guards.install(connection)


def _verify_fails(match: str) -> None:
    report = audit_chain_verify()
    assert not report.intact, report
    assert match in report.reason
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1


def test_checkpoint_is_written_outside_the_database_and_verify_agrees(checkpoint_file, capsys):
    _record(3)
    call_command("audit", "checkpoint")
    assert "#3" in capsys.readouterr().out
    line = json.loads(checkpoint_file.read_text().splitlines()[0])
    assert line["seq"] == 3 and line["hash"] == AuditHead.objects.get().hash
    assert oct(checkpoint_file.stat().st_mode & 0o777) == "0o600"
    # Nothing new: no second line. New events: one more line linked to the first.
    assert anchor.checkpoint_write() is None
    _record(2, start=3)
    point = anchor.checkpoint_write()
    assert point.seq == 5 and point.prev == line["mac"]
    report = audit_chain_verify()
    assert report.intact and report.checkpoints == 2 and report.checkpoint_seq == 5
    call_command("audit", "verify")
    assert "agrees with 2 checkpoints" in capsys.readouterr().out


def test_delete_the_tail_and_rewind_the_head_is_caught_by_the_checkpoint():
    _record(4)
    anchor.checkpoint_write()
    e2 = AuditEvent.objects.get(seq=2)
    _as_owner(
        ("DELETE FROM audit_auditevent WHERE seq > 2", []),
        ("UPDATE audit_audithead SET seq = 2, hash = %s", [e2.hash]),
    )
    # The chain alone looks whole now; only the checkpoint remembers #4.
    _verify_fails("chain ends at #2 but a checkpoint")
    # And no checkpoint is signed over the cut chain.
    with pytest.raises(anchor.AnchorError):
        anchor.checkpoint_write()


def test_truncating_events_and_head_is_caught_by_the_checkpoint():
    _record(3)
    anchor.checkpoint_write()
    if connection.vendor == "postgresql":
        # (Deferred foreign-key checks of this test's transaction would block TRUNCATE.)
        _as_owner(
            ("SET CONSTRAINTS ALL IMMEDIATE", []),
            ("TRUNCATE audit_auditevent, audit_audithead", []),
        )
    else:
        _as_owner(("DELETE FROM audit_auditevent", []), ("DELETE FROM audit_audithead", []))
    _verify_fails("chain ends at #0")


def test_a_rebuilt_chain_with_fresh_hashes_differs_from_the_checkpoint():
    _record(3)
    anchor.checkpoint_write()
    # Rewrite event 2 and recompute every hash from there: the chain itself verifies again.
    rows = list(AuditEvent.objects.order_by("seq"))
    prev = rows[0].hash
    statements = []
    for event in rows[1:]:
        payload = {"n": 99} if event.seq == 2 else event.payload
        body = {
            "seq": event.seq,
            "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "payload": payload,
        }
        digest = chain_hash(prev, body)
        statements.append(
            (
                "UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s "
                "WHERE seq = %s",
                [canonical_json(payload), prev, digest, event.seq],
            )
        )
        prev = digest
    statements.append(("UPDATE audit_audithead SET hash = %s", [prev]))
    _as_owner(*statements)
    _verify_fails("event #3 differs from the checkpoint")


def test_an_edited_event_is_named_before_the_checkpoints():
    _record(3)
    anchor.checkpoint_write()
    _as_owner(("UPDATE audit_auditevent SET action = 'forged' WHERE seq = 2", []))
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == 2 and "altered" in report.reason


def test_an_edited_or_removed_checkpoint_line_breaks_the_file(checkpoint_file):
    for n in range(3):
        _record(1, start=n)
        anchor.checkpoint_write()
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 3
    checkpoint_file.write_text("\n".join([lines[0], lines[2]]) + "\n")
    _verify_fails("does not follow")
    forged = json.loads(lines[2])
    forged["seq"] = 2
    checkpoint_file.write_text("\n".join([lines[0], lines[1], json.dumps(forged)]) + "\n")
    _verify_fails("fails its MAC")


def test_anchor_key_rotation_keeps_old_checkpoints_readable(settings):
    _record(2)
    anchor.checkpoint_write()
    settings.AUDIT_ANCHOR_KEYS = ["a newer anchor key", *settings.AUDIT_ANCHOR_KEYS]
    _record(1, start=2)
    anchor.checkpoint_write()
    assert audit_chain_verify().checkpoints == 2
    settings.AUDIT_ANCHOR_KEYS = ["a newer anchor key"]
    _verify_fails("no configured anchor key")


def test_no_checkpoint_yet_is_intact_and_says_so(capsys):
    _record(1)
    call_command("audit", "verify")
    assert "no checkpoints yet" in capsys.readouterr().out


# --- the database guards ---------------------------------------------------------------------


def _refused(sql, params=()):
    with (
        pytest.raises((DatabaseError, IntegrityError)) as excinfo,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL netra.allow_audit_truncate = 'off'")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, params)
    # Refused by the guards, not by something else.
    assert "insert-only" in str(excinfo.value) or "only moves forward" in str(excinfo.value)


def test_database_refuses_update_delete_and_head_rewind():
    _record(3)
    e1 = AuditEvent.objects.get(seq=1)
    _refused("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1")
    _refused("DELETE FROM audit_auditevent WHERE seq = 3")
    _refused("DELETE FROM audit_audithead")
    _refused("UPDATE audit_audithead SET seq = 1, hash = %s", [e1.hash])
    _refused("UPDATE audit_audithead SET seq = 9, hash = 'made-up'")
    assert AuditEvent.objects.count() == 3 and AuditHead.objects.get().seq == 3
    # Appending still moves the head forward.
    _record(1, start=3)
    assert AuditHead.objects.get().seq == 4 and audit_chain_verify().intact


@pytest.mark.skipif(PG, reason="TRUNCATE triggers are PostgreSQL's")
def test_postgresql_refuses_truncate():
    _record(2)
    _refused("TRUNCATE audit_auditevent CASCADE")
    _refused("TRUNCATE audit_audithead")
    assert AuditEvent.objects.count() == 2


@pytest.mark.skipif(PG, reason="PostgreSQL test sessions")
def test_postgresql_truncate_allowance_needs_a_test_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'audit_event_immutable'")
        source = cursor.fetchone()[0]
    assert "current_database() LIKE 'test%'" in source


def test_guards_are_installed():
    names = db_guards.installed(connection)
    expected = {"audit_event_no_update_delete", "audit_event_no_truncate"}
    if connection.vendor == "sqlite":
        expected = {"audit_event_no_update", "audit_event_no_delete"}
    assert expected | {"audit_head_no_delete", "audit_head_forward"} <= names


@pytest.mark.skipif(SQLITE, reason="SQLite rebuilds tables in migrations")
def test_post_migrate_reinstalls_sqlite_triggers_a_rebuild_dropped():
    db_guards.drop(connection)
    assert "audit_event_no_delete" not in db_guards.installed(connection)
    db_guards.post_migrate_install(sender=None, using="default")
    assert "audit_event_no_delete" in db_guards.installed(connection)


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_can_still_flush_the_audit_tables():
    # Teardown flushes every table (TRUNCATE / DELETE); the guards let only a test run do it.
    _record(2)
    assert AuditEvent.objects.count() == 2
