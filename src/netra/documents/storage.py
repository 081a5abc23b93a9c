"""Content-addressed PDF storage under MEDIA_ROOT/documents/.

A PDF is written to staging/ (fsynced), then moved to `<sha[:2]>/<sha>.pdf` inside the
transaction that inserts its row, before it commits (`STORE.promote_until_commit`, the write
order in content_store.py): a committed row always names a file in place, and what a crash or
rollback leaves is removed by the sweep once no row names it. Every read re-hashes the bytes:
a stored file that changed is refused, never served.
"""

import os
import tempfile
from pathlib import Path

from netra import content_store


class DocumentIntegrityError(content_store.ContentIntegrityError):
    """The stored PDF is missing or its bytes no longer match the recorded SHA-256."""


def _referenced(names: set[str]) -> set[str]:
    from netra.documents.models import IssuedDocument

    return set(IssuedDocument.objects.filter(sha256__in=names).values_list("sha256", flat=True))


def _stored_rows():
    from netra.documents.models import IssuedDocument

    rows = IssuedDocument.objects.order_by("id").values_list("code", "sha256", "size")
    for code, sha, size in rows.iterator(chunk_size=2000):
        yield content_store.StoredRow(f"document {code}", sha, sha, size)


STORE = content_store.Store(
    label="documents",
    folder="documents",
    path_of=lambda root, sha: root / sha[:2] / f"{sha}.pdf",
    referenced=_referenced,
    rows=_stored_rows,
    grace_setting="DOCUMENTS_STAGING_GRACE_SECONDS",
)


def documents_root() -> Path:
    return STORE.root()


def staging_dir() -> Path:
    return STORE.staging()


def stored_path(sha256: str) -> Path:
    return STORE.path(sha256)


def stage(data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=staging_dir(), suffix=".pdf")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def promote_until_commit(staged: Path, sha256: str) -> None:
    """Inside the issuing transaction: the PDF goes in place before the row commits."""
    STORE.promote_until_commit([(staged, sha256)])


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=DocumentIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return STORE.sweep(older_than_seconds=older_than_seconds)
