"""T3 idempotent retry, T4 client abort mid-upload, T6 overload shedding (live server: gunicorn
behind nginx as deployed, tests/faults/harness.py)."""

import socket
import threading
import time

import pytest

from tests.faults import harness as h

pytestmark = pytest.mark.faults


def test_t03_idempotent_retry():
    db, server = h.scenario("t03", NETRA_SUBMISSIONS_PER_IP="1000000/h")
    (sub,) = h.make_submissions(1, seed=3)
    (other,) = h.make_submissions(1, seed=33)
    answers = []
    try:
        server.start()
        headers = {"Content-Type": sub.content_type, "Idempotency-Key": sub.key}

        def fire():
            answers.append(h.request(server.base, "POST", h.SUBMIT, sub.body, headers))

        threads = [threading.Thread(target=fire) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for _ in range(3):
            answers.append(h.request(server.base, "POST", h.SUBMIT, sub.body, headers))
        different = h.request(
            server.base,
            "POST",
            h.SUBMIT,
            other.body,
            {"Content-Type": other.content_type, "Idempotency-Key": sub.key},
        )
        with db.connect() as conn:
            reports = conn.execute("SELECT count(*) FROM intake_report").fetchone()[0]
    finally:
        server.stop()
    numbers = {a.json()["tracking_number"] for a in answers if 200 <= a.status < 300}
    statuses = sorted(a.status for a in answers)
    h.record(
        "T3",
        concurrent=10,
        sequential=3,
        statuses=statuses,
        distinct_tracking_numbers=len(numbers),
        different_body_status=different.status,
        reports_in_db=reports,
    )
    assert all(200 <= s < 300 for s in statuses), statuses
    assert len(numbers) == 1 and reports == 1
    assert different.status in (409, 422)
    db.drop()


def _abort_upload(port: int, body: bytes, ctype: str, cut: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        head = (
            f"POST {h.SUBMIT} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        sock.sendall(head + body[:cut])


def _slow_client(port: int, seconds: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=seconds + 5) as sock:
        sock.sendall(
            f"POST {h.SUBMIT} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            "multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n".encode()
        )
        for _ in range(seconds):
            sock.sendall(b"-")
            time.sleep(1)


def _tree_bytes(path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _disk(server) -> int:
    """Bytes under the places an upload can leave something: the store, Django's temporary
    upload files and the proxy's temporary request bodies."""
    return sum(_tree_bytes(server.var_dir / d) for d in ("media", "tmp", "proxy/temp"))


def test_t04_client_abort_mid_upload():
    aborted = h.env_int("FAULTS_ABORTS", 100)
    slow = h.env_int("FAULTS_SLOW_CLIENTS", 20)
    db, server = h.scenario("t04", NETRA_SUBMISSIONS_PER_IP="1000000/h")
    subs = h.make_submissions(10, seed=4)
    probe_seconds: list[float] = []
    try:
        server.start()
        baseline = _disk(server)
        slow_threads = [
            threading.Thread(target=_slow_client, args=(server.port, 20), daemon=True)
            for _ in range(slow)
        ]
        for thread in slow_threads:
            thread.start()
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                probe_seconds.append(h.request(server.base, "GET", "/", timeout=30).seconds)
                time.sleep(0.2)

        prober = threading.Thread(target=probe)
        prober.start()
        for i in range(aborted):
            sub = subs[i % len(subs)]
            _abort_upload(server.port, sub.body, sub.content_type, cut=(i * 7919) % len(sub.body))
        time.sleep(3)  # the server notices the hang-ups
        for thread in slow_threads:  # the probe goes on for as long as the slow clients do
            thread.join()
        stop.set()
        prober.join()
        time.sleep(2)
        with db.connect() as conn:
            reports = conn.execute("SELECT count(*) FROM intake_report").fetchone()[0]
        sweep = server.netra("evidence", "sweep", "--grace", "0")
        after = _disk(server)
    finally:
        server.stop()
    figures = {
        "server": server.kind,
        "aborted_uploads": aborted,
        "slow_clients": slow,
        "reports_created": reports,
        "disk_growth_bytes_after_sweep": after - baseline,
        "sweep": sweep.stdout.strip() or sweep.stderr.strip()[-300:],
        "health_probe_p95_ms": round(h.percentile(probe_seconds, 95) * 1000, 1),
        "health_probe_max_ms": round(max(probe_seconds, default=0) * 1000, 1),
        "health_probes": len(probe_seconds),
    }
    h.record("T4", **figures)
    assert reports == 0
    assert after - baseline <= 1024 * 1024
    assert figures["health_probe_p95_ms"] < 200
    db.drop()


def test_t06_overload_is_shed_not_queued():
    """Clients ramp up to FAULTS_OVERLOAD_CLIENTS (300) over the first half of the run and all
    keep going to its end, each sending its next request as soon as it has an answer (1 s after
    a refusal): far past what 2 workers x 4 threads serve (16 at once at nginx)."""
    clients = h.env_int("FAULTS_OVERLOAD_CLIENTS", 300)
    seconds = h.env_int("FAULTS_OVERLOAD_SECONDS", 40)
    db, server = h.scenario(
        "t06", NETRA_SUBMISSIONS_PER_IP="1000000/h", NETRA_MAX_CONCURRENT_REQUESTS="8"
    )
    subs = h.make_submissions(40, seed=6, min_kb=64, max_kb=256)
    lock = threading.Lock()
    counts: dict[int, int] = {}
    latencies: dict[str, list[float]] = {"shed": [], "served": [], "no_answer": []}
    acked: list[h.Submission] = []
    peak_rss = [0.0]
    try:
        server.start()
        began = time.monotonic()
        end = began + seconds

        def client(i: int):
            time.sleep(i * seconds / 2 / clients)  # the ramp
            n = 0
            while time.monotonic() < end:
                sub = subs[(i + n) % len(subs)]
                n += 1
                if i % 3 == 0:
                    key = f"{sub.key}-{i}-{n}"
                    answer = h.request(
                        server.base,
                        "POST",
                        h.SUBMIT,
                        sub.body,
                        {"Content-Type": sub.content_type, "Idempotency-Key": key},
                        timeout=35,
                    )
                else:
                    answer = h.request(server.base, "GET", "/lapor/", timeout=35)
                with lock:
                    counts[answer.status] = counts.get(answer.status, 0) + 1
                    if answer.status in (429, 503):
                        latencies["shed"].append(answer.seconds)
                    elif answer.status == 0:
                        latencies["no_answer"].append(answer.seconds)
                    else:
                        latencies["served"].append(answer.seconds)
                    if answer.status == 201 and i % 3 == 0:
                        done = h.Submission(key, sub.body, sub.content_type, sub.sha256)
                        done.acked = answer.json()["tracking_number"]
                        acked.append(done)
                if answer.status in (429, 503):
                    # Told to come back in 5 s (Retry-After); an impatient client tries again
                    # after 1 s. Without any pause 300 threads spin on instant refusals and
                    # the driver itself takes the machine's CPU.
                    time.sleep(1)

        def watch_memory():
            while time.monotonic() < end:
                peak_rss[0] = max(peak_rss[0], server.rss_mb())
                time.sleep(0.5)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        threads.append(threading.Thread(target=watch_memory))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        server.stop()
        store = h.verify_store(server, acked)
    finally:
        server.stop()
    figures = {
        "server": server.kind,
        "clients": f"ramp 0 to {clients} over {seconds // 2} s, then held",
        "seconds": seconds,
        "limit": "nginx max_conns 16" if server.kind == "stack" else "8 per process",
        "statuses": counts,
        "shed_p50_ms": round(h.percentile(latencies["shed"], 50) * 1000, 1),
        "shed_max_ms": round(max(latencies["shed"], default=0) * 1000, 1),
        "served_p95_ms": round(h.percentile(latencies["served"], 95) * 1000, 1),
        "slowest_ms": round(max(sum(latencies.values(), []), default=0) * 1000, 1),
        "no_answer": len(latencies["no_answer"]),
        "peak_rss_mb": round(peak_rss[0], 1),
        "acknowledged": store["acknowledged"],
        "acknowledged_lost": store["acknowledged_lost"],
        "acknowledged_file_missing_or_changed": store["acknowledged_file_missing_or_changed"],
    }
    h.record("T6", **figures)
    assert counts.get(503, 0) + counts.get(429, 0) > 0, "nothing was shed: not overloaded"
    assert figures["shed_max_ms"] < 1000, "a refusal took a second or more"
    assert figures["slowest_ms"] < 30000 and figures["no_answer"] == 0, "a request hung"
    assert not any(500 <= s < 600 and s != 503 for s in counts)
    assert figures["peak_rss_mb"] < 1536
    assert store["acknowledged_lost"] == 0 and store["acknowledged_file_missing_or_changed"] == 0
    db.drop()
