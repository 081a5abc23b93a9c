"""The fault harness's machinery: a live PostgreSQL database per scenario, the application as
production runs it (gunicorn with deploy/gunicorn.conf.py behind nginx with
deploy/nginx/netra.conf, each on a free port; gunicorn killable with SIGKILL and restarted by a
supervisor), a threaded HTTP load driver with idempotent retries, and the end-of-run invariant
checks. NETRA_FAULTS_SERVER=runserver starts one `netra runserver` instead (the server
`make run` starts), for comparison.

Nothing here is imported by the application; only `make faults` (tests/faults/) uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
NETRA = [str(ROOT / ".venv" / "bin" / "netra")]
GUNICORN = [
    str(ROOT / ".venv" / "bin" / "gunicorn"),
    "-c",
    str(ROOT / "deploy" / "gunicorn.conf.py"),
]
NGINX_CONF = ROOT / "deploy" / "nginx" / "netra.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_KIND = os.environ.get("NETRA_FAULTS_SERVER", "stack")  # or "runserver"
PG_ADMIN_URL = os.environ.get("NETRA_FAULTS_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB_PREFIX = os.environ.get("NETRA_FAULTS_DB", "netra_faults")
RESULTS = ROOT / "var" / "faults" / "results.json"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# --- figures --------------------------------------------------------------------------------


def record(test: str, **figures) -> None:
    """Print a test's figures and keep them in var/faults/results.json (docs/reliability.md)."""
    figures = {"at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), **figures}
    print(f"\n[{test}] " + json.dumps(figures, default=str), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[test] = figures
    RESULTS.write_text(json.dumps(data, indent=2, default=str, sort_keys=True))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- PostgreSQL -----------------------------------------------------------------------------


def _admin():
    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def _db_url(name: str) -> str:
    parts = urlsplit(PG_ADMIN_URL)
    return parts._replace(path="/" + name).geturl()


def _fingerprint() -> str:
    """Migrations and reference data: a change rebuilds the template database."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "netra"
    for path in sorted(src.glob("*/migrations/*.py")) + sorted(src.glob("*/data/**/*")):
        if path.is_file():
            digest.update(str(path.relative_to(src)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _terminate(conn, name: str) -> int:
    rows = conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    ).fetchall()
    return len(rows)


def _netra(args: list[str], env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        NETRA + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def base_env(var_dir: Path, db_name: str, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NETRA_", "DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "netra.settings",
            "DATABASE_URL": _db_url(db_name),
            "NETRA_VAR_DIR": str(var_dir),
            "NETRA_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def template_db() -> str:
    """A migrated database with the reference data, rebuilt when migrations change."""
    name = f"{DB_PREFIX}_tpl"
    mark = _fingerprint()
    with _admin() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row and row[0] == mark:
            return name
        _terminate(conn, name)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    var_dir = Path(tempfile.mkdtemp(prefix="netra-faults-tpl-"))
    env = base_env(var_dir, name)
    for args in (["migrate", "--no-input"], ["load-reference"]):
        done = _netra(args, env)
        if done.returncode:
            raise RuntimeError(f"netra {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    shutil.rmtree(var_dir, ignore_errors=True)
    with _admin() as conn:
        _terminate(conn, name)
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{mark}'")
    return name


@dataclass
class LiveDb:
    name: str

    @property
    def url(self) -> str:
        return _db_url(self.name)

    def connect(self):
        return psycopg.connect(self.url, autocommit=True)

    def kill_connections(self) -> int:
        """Every server connection to this database dies at once (as in a PostgreSQL crash or
        restart, for this database only: the cluster is shared)."""
        with _admin() as conn:
            return _terminate(conn, self.name)

    def refuse_connections(self, seconds: float) -> int:
        """An outage: connections are cut and new ones refused for `seconds`."""
        with _admin() as conn:
            conn.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
            killed = _terminate(conn, self.name)
            time.sleep(seconds)
            conn.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
        return killed

    def drop(self) -> None:
        with _admin() as conn:
            conn.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
            _terminate(conn, self.name)
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def fresh_db(label: str) -> LiveDb:
    template = template_db()
    name = f"{DB_PREFIX}_{label}"
    with _admin() as conn:
        _terminate(conn, name)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        _terminate(conn, template)
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return LiveDb(name)


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The application under test. `stack` (the default): gunicorn (deploy/gunicorn.conf.py,
    2 gthread workers x 4 threads) behind nginx (deploy/nginx/netra.conf rendered for this
    test's ports and var dir, run in the foreground with its own prefix, temp and log
    directories). `runserver`: one threaded `netra runserver --noreload`.

    `base` and `port` are where clients connect (nginx for the stack); `proc` is the
    application process (the gunicorn master), the one `kill9` kills with its workers and
    `supervise` restarts; nginx stays up across those restarts, like a separate service.
    """

    def __init__(self, db: LiveDb, var_dir: Path, kind: str | None = None, **env):
        self.db = db
        self.var_dir = var_dir
        self.kind = kind or SERVER_KIND
        self.port = free_port()
        self.app_port = free_port() if self.kind == "stack" else self.port
        if self.kind == "stack":
            env = {"NETRA_TRUSTED_PROXIES": "127.0.0.1", **env}
        self.env = base_env(var_dir, db.name, **env)
        self.log_path = var_dir / "server.log"
        self.proxy_dir = var_dir / "proxy"
        self.proc: subprocess.Popen | None = None
        self.proxy: subprocess.Popen | None = None
        self.starts = 0
        self.deaths: list[int] = []
        self._supervise = False
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_logs(self) -> list[Path]:
        logs = self.proxy_dir / "logs"
        return [logs / "netra-access.log", logs / "netra-error.log", logs / "error.log"]

    def start(self, wait: float = 120) -> None:
        if self.kind == "stack" and (self.proxy is None or self.proxy.poll() is not None):
            self._start_proxy()
        log = open(self.log_path, "ab")  # noqa: SIM115 (the child keeps it)
        if self.kind == "stack":
            command = GUNICORN
            env = {**self.env, "NETRA_BIND": f"127.0.0.1:{self.app_port}"}
        else:
            command = NETRA + ["runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"]
            env = self.env
        self.proc = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # kill9 kills the master and its workers together
        )
        self.starts += 1
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited at start: {self.log_path.read_text()[-2000:]}")
            if self._answers():
                self._warm_up()
                return
            time.sleep(0.2)
        raise RuntimeError("server did not start")

    def _warm_up(self) -> None:
        """A few requests at once, so that every worker has served its first request (the
        first one in a process fills Django's lazy caches and takes seconds on a busy machine):
        the tests measure a server that has been up, as in production."""
        if self.kind != "stack":
            return
        app = f"http://127.0.0.1:{self.app_port}"
        threads = [
            threading.Thread(target=request, args=(app, "GET", path), kwargs={"timeout": 30})
            for path in ("/", "/lapor/") * 4
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _answers(self) -> bool:
        """The application itself answers (gunicorn: once a worker has booted)."""
        if self.kind != "stack":
            try:
                with socket.create_connection(("127.0.0.1", self.app_port), timeout=0.5):
                    return True
            except OSError:
                return False
        return request(f"http://127.0.0.1:{self.app_port}", "GET", "/", timeout=10).status > 0

    def _start_proxy(self) -> None:
        """nginx in the foreground, as this test's child, with everything under var/proxy."""
        prefix = self.proxy_dir
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        conf = (
            NGINX_CONF.read_text()
            .replace("@LISTEN@", f"127.0.0.1:{self.port}")
            .replace("@UPSTREAM@", f"127.0.0.1:{self.app_port}")
            .replace("@LOG_DIR@", str(prefix / "logs"))
        )
        (prefix / "netra.conf").write_text(conf)
        temp = prefix / "temp"
        user = ""
        if os.geteuid() == 0:
            # Workers drop to an unprivileged user: it must reach the temp directories.
            user = "user nobody nogroup;"
            for path in (self.var_dir, prefix):
                path.chmod(path.stat().st_mode | 0o711)
        (prefix / "nginx.conf").write_text(
            f"""# Rendered by tests/faults/harness.py: the host's part of nginx.conf; netra.conf
# (deploy/nginx/netra.conf) is the part the project ships.
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/netra.conf;
}}
"""
        )
        args = [
            NGINX,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "logs" / "error.log"),
        ]
        check = subprocess.run(args + ["-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx refused its configuration: {check.stderr}")
        self.proxy = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proxy.poll() is not None:
                raise RuntimeError("nginx exited at start: " + self.proxy_logs[-1].read_text())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start")

    def kill9(self) -> None:
        """kill -9 of the application: the gunicorn master and every worker at once."""
        if self.proc and self.proc.poll() is None:
            # It may have died on its own (an injected crash) a moment ago.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        self._supervise = False
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()
        if self.proxy and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
                self.proxy.wait()

    def supervise(self) -> None:
        """Restart the application whenever it dies (kill -9, injected crash), like systemd
        would. (A worker that dies is replaced by the gunicorn master itself.)"""
        self._supervise = True

        def loop():
            while self._supervise:
                proc = self.proc
                if proc is not None and proc.poll() is not None:
                    self.deaths.append(proc.returncode)
                    if self._supervise:
                        self.start()
                time.sleep(0.2)

        threading.Thread(target=loop, daemon=True).start()

    def worker_deaths(self) -> list[str]:
        """How each gunicorn worker that died went ("137" for an injected crash's exit code,
        "SIGKILL" for a signal), from the master's log; the master replaced each one."""
        import re

        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        found = re.findall(r"Worker \(pid:\d+\) (?:exited with code (\d+)|was sent (SIG\w+))", text)
        return [code or sig for code, sig in found]

    def rss_mb(self) -> float:
        """Resident memory of the application and the proxy, every process of each."""
        roots = [p.pid for p in (self.proc, self.proxy) if p is not None and p.poll() is None]
        return sum(_rss_kb(pid) for pid in _process_trees(roots)) / 1024

    def netra(self, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in self.env.items() if k != "NETRA_FAULTS"}
        return _netra(list(args), env)


def _process_trees(roots: list[int]) -> set[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(parents.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def scenario(label: str, **env) -> tuple[LiveDb, Server]:
    db = fresh_db(label)
    var_dir = Path(tempfile.mkdtemp(prefix=f"netra-faults-{label}-"))
    return db, Server(db, var_dir, **env)


# --- HTTP -----------------------------------------------------------------------------------


def multipart(fields: dict, files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        out.write(f"--{boundary}\r\n{disposition}\r\n\r\n".encode())
        out.write(str(value).encode() + b"\r\n")
    for name, filename, content, ctype in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused/reset, timeout)
    seconds: float
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    error: str = ""

    def json(self):
        return json.loads(self.body)


def request(
    base: str,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict | None = None,
    timeout: float = 30,
    source: str | None = None,
) -> Answer:
    import http.client

    parts = urlsplit(base)
    began = time.monotonic()
    conn = http.client.HTTPConnection(
        parts.hostname,
        parts.port,
        timeout=timeout,
        source_address=(source, 0) if source else None,
    )
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return Answer(
            response.status,
            time.monotonic() - began,
            data,
            {k.lower(): v for k, v in response.getheaders()},
        )
    except (OSError, http.client.HTTPException) as exc:
        return Answer(0, time.monotonic() - began, error=type(exc).__name__)
    finally:
        conn.close()


# --- submissions ----------------------------------------------------------------------------

REPORT_FIELDS = {
    "reporter_mode": "anonymous",
    "description": (
        "Camat menghadiri deklarasi pasangan calon di lapangan kecamatan (uji gangguan)."
    ),
    "place_text": "Lapangan Cibinong",
    "province": "32",
    "regency": "32.01",
    "district": "32.01.01",
    "reported_name": "Camat X",
    "reported_workplace": "Kecamatan Cibinong",
    "reported_position": "Camat",
}


def noise_png(size: int, rng: random.Random) -> bytes:
    """A valid PNG of about `size` bytes that does not compress (random pixels)."""
    from PIL import Image

    width = 256
    height = max(1, size // (width * 3))
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    return out.getvalue()


@dataclass
class Submission:
    key: str
    body: bytes
    content_type: str
    sha256: str
    acked: str = ""  # tracking number once a 2xx came back
    tracking_numbers: set = field(default_factory=set)
    statuses: list = field(default_factory=list)


def make_submissions(n: int, seed: int, min_kb: int = 64, max_kb: int = 512) -> list[Submission]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        png = noise_png(rng.randint(min_kb, max_kb) * 1024, rng)
        fields = {**REPORT_FIELDS, "description": REPORT_FIELDS["description"] + f" #{i}"}
        body, ctype = multipart(fields, [("evidence", f"bukti-{i}.png", png, "image/png")])
        out.append(
            Submission(f"faults-{seed}-{i:05d}", body, ctype, hashlib.sha256(png).hexdigest())
        )
    return out


SUBMIT = "/api/v1/reports/submit/"


def drive(
    server: Server,
    subs: list[Submission],
    concurrency: int,
    deadline_s: float = 600,
    on_ack=None,
) -> dict:
    """Send every submission, retrying with its Idempotency-Key until it is acknowledged.
    Returns counts of each status seen and the latencies of quick refusals."""
    queue = list(reversed(subs))
    lock = threading.Lock()
    counts: dict[int, int] = {}
    refusal_seconds: list[float] = []
    slowest = [0.0]
    bad_receipts: list = []
    end = time.monotonic() + deadline_s

    def worker():
        while time.monotonic() < end:
            with lock:
                if not queue:
                    return
                sub = queue.pop()
            while time.monotonic() < end:
                answer = request(
                    server.base,
                    "POST",
                    SUBMIT,
                    sub.body,
                    {"Content-Type": sub.content_type, "Idempotency-Key": sub.key},
                )
                with lock:
                    counts[answer.status] = counts.get(answer.status, 0) + 1
                    slowest[0] = max(slowest[0], answer.seconds)
                    if answer.status in (429, 503):
                        refusal_seconds.append(answer.seconds)
                sub.statuses.append(answer.status)
                if 200 <= answer.status < 300:
                    try:
                        number = answer.json()["tracking_number"]
                    except (ValueError, KeyError, TypeError):
                        # A 2xx without a receipt is no acknowledgement: note it and retry.
                        with lock:
                            bad_receipts.append((answer.status, answer.body[:300]))
                        time.sleep(0.5)
                        continue
                    sub.tracking_numbers.add(number)
                    sub.acked = sub.acked or number
                    if on_ack:
                        try:
                            on_ack()
                        except Exception as exc:  # noqa: BLE001 (the driver must go on)
                            with lock:
                                bad_receipts.append(("on_ack", repr(exc)))
                    break
                if answer.status in (400, 409, 413, 422):
                    break  # a refusal of the content: not retried
                time.sleep(0.2 + random.random() * 0.5)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "counts": counts,
        "refusal_seconds": refusal_seconds,
        "slowest": slowest[0],
        "bad_receipts": bad_receipts,
        "never_acknowledged": [s.key for s in subs if not s.acked][:5],
    }


# --- invariants -----------------------------------------------------------------------------


def media_root(server: Server) -> Path:
    return server.var_dir / "media"


def verify_store(server: Server, subs: list[Submission]) -> dict:
    """Every acknowledged report exists with its evidence, byte for byte; no evidence row
    without its file; after the sweep, no file that no row names and nothing left in staging."""
    acked = [s for s in subs if s.acked]
    with server.db.connect() as conn:
        rows = conn.execute(
            "SELECT r.tracking_number, e.sha256, e.display_sha256 FROM intake_report r "
            "LEFT JOIN intake_evidence e ON e.report_id = r.id"
        ).fetchall()
        reports = conn.execute("SELECT count(*) FROM intake_report").fetchone()[0]
    by_number: dict[str, set] = {}
    named: set[str] = set()
    for number, sha, display in rows:
        by_number.setdefault(number, set())
        if sha:
            by_number[number].add(sha)
            named.add(sha)
        if display:
            named.add(display)
    root = media_root(server) / "evidence"
    lost = [s.key for s in acked if s.acked not in by_number]
    evidence_lost = [
        s.key for s in acked if s.acked in by_number and s.sha256 not in by_number[s.acked]
    ]
    wrong_bytes = []
    for s in acked:
        path = root / s.sha256[:2] / s.sha256[2:4] / s.sha256
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != s.sha256:
            wrong_bytes.append(s.key)
    reports_without_evidence = [n for n, shas in by_number.items() if not shas]
    split = [s.key for s in subs if len(s.tracking_numbers) > 1]
    sweep = server.netra("evidence", "sweep", "--grace", "0")
    check = server.netra("evidence", "check", "--json")
    try:
        check_json = json.loads(check.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        check_json = {"error": (check.stdout + check.stderr)[-500:]}
    orphans, staged = [], []
    if root.exists():
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            rel = path.relative_to(root)
            if rel.name == ".lock" and len(rel.parts) == 1:
                continue  # the store's lock file
            if rel.parts[0] == "staging":
                staged.append(str(rel))
            elif path.name not in named:
                orphans.append(str(rel))
    return {
        "submissions": len(subs),
        "acknowledged": len(acked),
        "reports_in_db": reports,
        "acknowledged_lost": len(lost),
        "acknowledged_evidence_lost": len(evidence_lost),
        "acknowledged_file_missing_or_changed": len(wrong_bytes),
        "reports_without_evidence": len(reports_without_evidence),
        "keys_with_two_tracking_numbers": len(split),
        "sweep": (sweep.stdout.strip() or sweep.stderr.strip()[-300:]),
        "sweep_exit": sweep.returncode,
        "evidence_check_exit": check.returncode,
        "evidence_check": check_json,
        "orphan_files": len(orphans),
        "left_in_staging": len(staged),
        "examples": {"lost": lost[:3], "orphans": orphans[:3], "staged": staged[:3]},
    }
