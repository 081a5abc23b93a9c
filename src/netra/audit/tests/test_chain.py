"""The audit chain: appends link up, and `netra audit verify` names the first broken event."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from netra.audit import db_guards
from netra.audit.models import AuditEvent, AuditImmutableError
from netra.audit.selectors import audit_chain_verify
from netra.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _record_three():
    for n in range(3):
        audit_record(actor=None, action="test.write", target=("test", str(n)), payload={"n": n})


def _raw(sql: str, params=()):
    """Change rows behind the ORM's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # superuser: skip triggers
        else:
            db_guards.drop(connection)  # the file's owner can drop triggers
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            db_guards.install(connection)


def test_events_link_to_their_predecessor():
    _record_three()
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert audit_chain_verify().intact


def test_verify_command_reports_count(capsys):
    _record_three()
    call_command("audit", "verify")
    assert "3 events" in capsys.readouterr().out


def test_orm_cannot_update_or_delete():
    _record_three()
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(seq=1).update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()


def test_altered_payload_is_named():
    _record_three()
    _raw("UPDATE audit_auditevent SET payload = %s WHERE seq = 2", ['{"n": 99}'])
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == 2
    with pytest.raises(CommandError, match="#2") as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.returncode == 1


def test_deleted_row_is_named():
    _record_three()
    _raw("DELETE FROM audit_auditevent WHERE seq = 2")
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == 2


def test_deleted_tail_is_detected():
    _record_three()
    _raw("DELETE FROM audit_auditevent WHERE seq = 3")
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == 3


def test_reordered_rows_are_detected():
    _record_three()
    _raw("UPDATE audit_auditevent SET seq = 100 WHERE seq = 1")
    _raw("UPDATE audit_auditevent SET seq = 1 WHERE seq = 2")
    _raw("UPDATE audit_auditevent SET seq = 2 WHERE seq = 100")
    report = audit_chain_verify()
    assert not report.intact and report.broken_seq == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_database_trigger_refuses_update_on_postgresql():
    from django.db import DatabaseError, transaction

    _record_three()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1")
