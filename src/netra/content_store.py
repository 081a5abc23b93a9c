"""Content-addressed file storage shared by evidence (intake) and issued documents.

A file is written to a staging directory first; once its database row is committed it is moved
to a path named after its SHA-256 (`place`, run from `transaction.on_commit`), so a rolled-back
write leaves only a staging file, which `sweep_staging` removes after a grace period. Every read
re-hashes the bytes (`open_verified`): a stored file that changed is refused, never served.
"""

import hashlib
import os
import time
from pathlib import Path

CHUNK = 1024 * 1024


class ContentIntegrityError(Exception):
    """A stored file is missing or its bytes no longer match the recorded SHA-256."""


def staging_dir(root: Path) -> Path:
    path = root / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def place(staged: Path, target: Path) -> None:
    """Move a staged file to its content address; identical content already there wins."""
    if target.exists():
        staged.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def open_verified(path: Path, sha256: str, *, error: type[ContentIntegrityError]):
    """An open binary file, positioned at the start, whose bytes hash to `sha256`."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise error("missing") from exc
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    if digest.hexdigest() != sha256:
        handle.close()
        raise error("mismatch")
    handle.seek(0)
    return handle


def sweep_staging(directory: Path, *, older_than_seconds: int) -> int:
    """Remove staged files older than the grace period (they belong to no committed row)."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
