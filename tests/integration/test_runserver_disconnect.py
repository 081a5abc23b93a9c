"""A web client that disconnects mid-response cannot stop `netra runserver` (issue 15).

The console script used to set SIGPIPE to its default for every command, so the server died
(exit 141) when it wrote to a socket whose client had gone away."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from netra.cli import PIPED_COMMANDS

NETRA = Path(sys.executable).with_name("netra")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback URL)
        return response.read()


def _request_and_hang_up(port: int, read_first: bool) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /api/schema/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        if read_first:
            s.recv(1024)
    time.sleep(0.3)  # let the server write into the closed socket


def test_servers_keep_sigpipe_ignored():
    assert not {"runserver", "testserver", "shell", "demo", "migrate"} & PIPED_COMMANDS


@pytest.mark.skipif(not NETRA.exists(), reason="the console script is not installed")
def test_runserver_survives_a_client_that_hangs_up_mid_response(tmp_path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api/schema/"  # ~180 KB, needs no database
    env = {**os.environ, "NETRA_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    server = subprocess.Popen(
        [str(NETRA), "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                size = len(_get(url))
                break
            except OSError:
                assert server.poll() is None, f"runserver exited with {server.returncode}"
                assert time.monotonic() < deadline, "runserver did not start in 30 s"
                time.sleep(0.2)
        assert size > 100_000  # larger than one socket write, so the hang-up lands mid-response
        for _ in range(2):
            _request_and_hang_up(port, read_first=False)
            _request_and_hang_up(port, read_first=True)
        assert server.poll() is None, f"runserver died with exit code {server.returncode}"
        assert len(_get(url)) == size
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
