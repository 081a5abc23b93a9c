"""One task through a real broker (Redis on 127.0.0.1:6379) and a real worker thread.

Every other test runs tasks eagerly; this one proves the task is registered, serialisable and
runs in a worker. Skipped when no Redis answers (a laptop without it).
"""

import socket

import pytest
from celery.contrib.testing.worker import start_worker

from netra.audit.services import audit_record
from netra.celery import app

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.redis
@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_audit_verify_task_runs_through_redis():
    audit_record(actor=None, action="test.write", target=("test", "1"), payload={})
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "result_backend", "task_always_eager", "broker_transport_options")
    }
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        broker_transport_options={},
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = app.send_task("audit.verify_chain").get(timeout=30)
    finally:
        app.conf.update(saved)
    assert result == {"intact": True, "count": 1, "broken_seq": None}
