"""Content-addressed PDF storage under MEDIA_ROOT/documents/.

A PDF is written to staging/ (fsynced) before its row is inserted; `on_commit` renames it to
`<sha[:2]>/<sha>.pdf`. A rolled-back issue leaves only a staging file, which the sweep removes.
Every read re-hashes the bytes: a stored file that changed is refused, never served.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings


class DocumentIntegrityError(Exception):
    """The stored PDF is missing or its bytes no longer match the recorded SHA-256."""


def documents_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "documents"


def staging_dir() -> Path:
    path = documents_root() / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_path(sha256: str) -> Path:
    return documents_root() / sha256[:2] / f"{sha256}.pdf"


def stage(data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=staging_dir(), suffix=".pdf")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def place(staged: Path, sha256: str) -> None:
    """Move a staged file to its content address (run on commit)."""
    target = stored_path(sha256)
    if target.exists():
        staged.unlink(missing_ok=True)  # same bytes already stored
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def read_verified(sha256: str) -> bytes:
    try:
        data = stored_path(sha256).read_bytes()
    except FileNotFoundError as exc:
        raise DocumentIntegrityError("missing") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DocumentIntegrityError("mismatch")
    return data


def sweep_staging(*, older_than_seconds: int) -> int:
    """Remove staged files older than the grace period (they belong to no committed row)."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in staging_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
