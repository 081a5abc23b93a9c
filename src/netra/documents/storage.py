"""Content-addressed PDF storage under MEDIA_ROOT/documents/.

A PDF is written to staging/ (fsynced) before its row is inserted; `on_commit` renames it to
`<sha[:2]>/<sha>.pdf`. A rolled-back issue leaves only a staging file, which the sweep removes.
Every read re-hashes the bytes: a stored file that changed is refused, never served.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings

from netra import content_store


class DocumentIntegrityError(content_store.ContentIntegrityError):
    """The stored PDF is missing or its bytes no longer match the recorded SHA-256."""


def documents_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "documents"


def staging_dir() -> Path:
    return content_store.staging_dir(documents_root())


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
    content_store.place(staged, stored_path(sha256))


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=DocumentIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return content_store.sweep_staging(staging_dir(), older_than_seconds=older_than_seconds)
