"""T1 (app crash during writes) and T2 (database connections lost during writes).

T1: N submissions (64-512 KB PNG evidence each) at concurrency C; the application (the
gunicorn master and its workers, behind nginx) is killed with SIGKILL once ~40% are
acknowledged, and crashes are also injected at the stage/promote/commit boundary of the evidence
write (NETRA_FAULTS, src/netra/faults.py) with a small probability per request (a worker that
exits is replaced by the gunicorn master); a supervisor restarts the application after the
kill. Clients retry with their Idempotency-Key until acknowledged.

T2: the same load against a server that is never restarted while every connection to its
database is killed three times and, once, new connections are refused for two seconds.

Both: 0 acknowledged reports lost, every acknowledged file byte-identical, 0 orphan files and
nothing left in staging after `netra evidence sweep --grace 0`, `netra evidence check` clean.
"""

import threading
import time

import pytest

from tests.faults import harness as h

pytestmark = pytest.mark.faults

N = h.env_int("FAULTS_SUBMISSIONS", 500)
C = h.env_int("FAULTS_CONCURRENCY", 16)
CRASH_P = h.env_int("FAULTS_CRASH_PER_MILLE", 5) / 1000


def _assert_invariants(figures):
    assert figures["acknowledged"] == figures["submissions"], "some submissions never acked"
    assert figures["acknowledged_lost"] == 0
    assert figures["acknowledged_evidence_lost"] == 0
    assert figures["acknowledged_file_missing_or_changed"] == 0
    assert figures["reports_without_evidence"] == 0
    assert figures["keys_with_two_tracking_numbers"] == 0
    assert figures["orphan_files"] == 0
    assert figures["left_in_staging"] == 0
    assert figures["evidence_check_exit"] == 0


def test_t01_app_killed_during_writes():
    points = ("after_stage", "after_promote", "after_commit")
    faults = ",".join(f"evidence.{point}=exit@{CRASH_P}" for point in points)
    db, server = h.scenario("t01", NETRA_FAULTS=faults, NETRA_SUBMISSIONS_PER_IP="1000000/h")
    subs = h.make_submissions(N, seed=1)
    acked = [0]
    killed = threading.Event()
    lock = threading.Lock()

    def on_ack():
        with lock:
            acked[0] += 1
            if acked[0] >= 0.4 * N and not killed.is_set():
                killed.set()
                server.kill9()

    try:
        server.start()
        server.supervise()
        began = time.monotonic()
        run = h.drive(server, subs, C, on_ack=on_ack)
        seconds = time.monotonic() - began
        server.stop()
        figures = h.verify_store(server, subs)
    finally:
        server.stop()
    figures.update(
        {
            "concurrency": C,
            "kill9_at_acknowledged": int(0.4 * N),
            "server_starts": server.starts,
            "server_deaths": len(server.deaths),
            "injected_crash_exit_137": server.deaths.count(137)
            + server.worker_deaths().count("137"),
            "worker_deaths": len(server.worker_deaths()),
            "server": server.kind,
            "statuses": run["counts"],
            "seconds": round(seconds, 1),
            "fault_plan": faults,
            "bad_receipts": run["bad_receipts"],
            "never_acknowledged": run["never_acknowledged"],
        }
    )
    h.record("T1", **figures)
    assert killed.is_set() and server.deaths, "the server was never killed"
    _assert_invariants(figures)
    db.drop()


def test_t02_database_connections_lost_during_writes():
    db, server = h.scenario("t02", NETRA_SUBMISSIONS_PER_IP="1000000/h")
    subs = h.make_submissions(N, seed=2)
    acked = [0]
    lock = threading.Lock()
    marks = {int(N * f): False for f in (0.25, 0.5, 0.75)}
    outages = []

    def on_ack():
        with lock:
            acked[0] += 1
            for mark, done in marks.items():
                if not done and acked[0] >= mark:
                    marks[mark] = True
                    if mark == int(N * 0.5):
                        threading.Thread(
                            target=lambda: outages.append(("refused_2s", db.refuse_connections(2)))
                        ).start()
                    else:
                        outages.append(("killed", db.kill_connections()))

    try:
        server.start()
        pid = server.proc.pid
        began = time.monotonic()
        run = h.drive(server, subs, C, on_ack=on_ack)
        seconds = time.monotonic() - began
        same_process = server.proc.poll() is None and server.proc.pid == pid
        server.stop()
        figures = h.verify_store(server, subs)
    finally:
        server.stop()
    figures.update(
        {
            "concurrency": C,
            "outages": outages,
            "server_restarted": not same_process,
            "statuses": run["counts"],
            "seconds": round(seconds, 1),
            "bad_receipts": run["bad_receipts"],
            "never_acknowledged": run["never_acknowledged"],
        }
    )
    h.record("T2", **figures)
    assert same_process, "the app had to be restarted to reconnect"
    assert run["counts"].get(500, 0) == 0, "a lost connection answered 500, not 503"
    _assert_invariants(figures)
    db.drop()
