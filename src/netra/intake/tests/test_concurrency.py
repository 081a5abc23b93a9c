"""T3: the same submission fired concurrently with one Idempotency-Key stores one report."""

import threading

import pytest
from django.db import connection, connections

from netra.intake.models import IdempotencyKey, Report
from netra.intake.services import report_submit
from netra.intake.tests.fixtures import report_input


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database shares one cache: concurrent writers get "
    "'table is locked' instead of waiting; the file database serialises with IMMEDIATE",
)
def test_concurrent_retries_store_one_report(intake_reference):
    data = report_input()
    results, errors = [], []
    barrier = threading.Barrier(6)

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(report_submit(data=data, idempotency_key="concurrent-key-1"))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [], errors
    assert Report.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    assert len({(r.pk, key) for r, key in results}) == 1, connection.vendor
