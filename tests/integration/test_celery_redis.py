"""One task through a real broker (Redis on 127.0.0.1:6379) and a real worker thread.

Every other test runs tasks eagerly; this one proves the task is registered, serialisable and
runs in a worker. Skipped when no Redis answers (a laptop without it).
"""

import socket

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from netra.audit.services import audit_record

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
    # A separate app instance, so the project's app (eager in tests, with whatever pools earlier
    # eager tasks cached) is left alone; shared tasks register on every app.
    app = Celery("netra-redis-test", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    app.conf.update(task_always_eager=False, broker_connection_retry_on_startup=False)
    import netra.audit.tasks  # noqa: F401  (registers the shared task)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = app.send_task("audit.verify_chain").get(timeout=30)
    assert result == {"intact": True, "count": 1, "broken_seq": None}
