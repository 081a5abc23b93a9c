"""Antivirus scan of evidence with ClamAV where it is installed (RELIABILITY.md C26).

`settings.INTAKE_AV_SCANNER` chooses the scanner:
- "auto" (default): the clamd socket if one exists (`INTAKE_CLAMD_SOCKET`, else Debian's
  /run/clamav/clamd.ctl), else `clamdscan` on the PATH; none when ClamAV is not installed;
- "clamd", "clamdscan", "clamscan": that one (clamscan loads its signatures per file: slow);
- "off": no scan;
- a dotted path "package.module.function": a function(path) -> ScanResult (the test seam).

`INTAKE_AV_REQUIRED` (NETRA_AV_REQUIRED): when true, a file is quarantined if no scanner is
installed; otherwise it is kept as "not scanned". A scanner that is there but fails (daemon
down, timeout) always quarantines the file.
"""

import shutil
import socket
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

CLEAN, INFECTED, ERROR, ABSENT = "clean", "infected", "error", "absent"
DEFAULT_SOCKETS = ("/run/clamav/clamd.ctl", "/var/run/clamav/clamd.ctl")
TIMEOUT = 60
CHUNK = 64 * 1024


@dataclass(frozen=True)
class ScanResult:
    outcome: str  # CLEAN, INFECTED, ERROR or ABSENT
    detail: str = ""


def _socket_path() -> str | None:
    configured = getattr(settings, "INTAKE_CLAMD_SOCKET", "")
    for candidate in ([configured] if configured else []) + list(DEFAULT_SOCKETS):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def scan_clamd(path: Path, socket_path: str | None = None) -> ScanResult:
    """INSTREAM the file to clamd over its Unix socket."""
    socket_path = socket_path or _socket_path()
    if socket_path is None:
        return ScanResult(ABSENT)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(TIMEOUT)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(CHUNK), b""):
                    conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        return ScanResult(ERROR, type(exc).__name__)
    text = reply.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith(" OK"):
        return ScanResult(CLEAN)
    if text.endswith(" FOUND"):
        return ScanResult(INFECTED, text.split(": ", 1)[-1].removesuffix(" FOUND"))
    return ScanResult(ERROR, text[:200])


def scan_command(path: Path, program: str) -> ScanResult:
    """clamdscan/clamscan: exit 0 clean, 1 found, 2 error."""
    binary = shutil.which(program)
    if binary is None:
        return ScanResult(ABSENT)
    args = [binary, "--no-summary", "--stdout"]
    if program == "clamdscan":
        args.append("--fdpass")
    try:
        done = subprocess.run(  # noqa: S603 (fixed program, our own staged path)
            [*args, str(path)], capture_output=True, timeout=TIMEOUT * 5, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ScanResult(ERROR, type(exc).__name__)
    output = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode == 0:
        return ScanResult(CLEAN)
    if done.returncode == 1 and output.endswith("FOUND"):
        return ScanResult(INFECTED, output.split(": ", 1)[-1].removesuffix(" FOUND"))
    return ScanResult(ERROR, output[-200:])


def scan(path: Path) -> ScanResult:
    choice = getattr(settings, "INTAKE_AV_SCANNER", "auto") or "off"
    if choice == "off":
        return ScanResult(ABSENT)
    if choice == "auto":
        if _socket_path() is not None:
            return scan_clamd(path)
        return scan_command(path, "clamdscan")
    if choice == "clamd":
        return scan_clamd(path)
    if choice in ("clamdscan", "clamscan"):
        return scan_command(path, choice)
    return import_string(choice)(path)


def available() -> bool:
    """Whether a scanner is there to ask (used by the quarantine re-check)."""
    choice = getattr(settings, "INTAKE_AV_SCANNER", "auto") or "off"
    if choice == "off":
        return False
    if choice in ("auto", "clamd") and _socket_path() is not None:
        return True
    if choice == "auto":
        return shutil.which("clamdscan") is not None
    if choice in ("clamdscan", "clamscan"):
        return shutil.which(choice) is not None
    return choice != "clamd"
