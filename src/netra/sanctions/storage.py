"""Decree files (PDF only) in the shared content-addressed store, under MEDIA_ROOT/decrees/.

The upload is streamed to staging while hashed and its type is checked from its content
(`content_store.stage_upload`), never from its name or the browser's content type. Inside the
transaction that inserts the decision, before it commits, `promote_until_commit` moves the file
to `<sha[:2]>/<sha>.pdf` (the write order in content_store.py: a committed decision always
names a file in place; the sweep removes what a crash or rollback left once no row names it).
Every read re-hashes.
"""

from pathlib import Path

from django.conf import settings

from netra import content_store
from netra.sanctions.errors import SanctionErrorCode

PDF = "application/pdf"
StagedDecree = content_store.StagedUpload


class DecreeFileRejected(Exception):
    """A decree file that is refused (code: too_large, empty, type); nothing is kept.
    `error` is its `SanctionErrorCode`, `params` the message's parameters."""

    def __init__(self, code: str, error, **params):
        self.code, self.error, self.params = code, error, params
        super().__init__(error.render(params))


class DecreeIntegrityError(content_store.ContentIntegrityError):
    """The stored decree file is missing or no longer matches its recorded SHA-256."""


def max_bytes() -> int:
    return int(getattr(settings, "SANCTIONS_DECREE_MAX_BYTES", 10 * 1024 * 1024))


def _referenced(names: set[str]) -> set[str]:
    from netra.sanctions.models import Decision

    return set(Decision.objects.filter(file_sha256__in=names).values_list("file_sha256", flat=True))


def _stored_rows():
    from netra.sanctions.models import Decision

    rows = (
        Decision.objects.exclude(file_sha256="")
        .order_by("id")
        .values_list("public_id", "file_sha256", "file_size")
    )
    for public_id, sha, size in rows.iterator(chunk_size=2000):
        yield content_store.StoredRow(f"decision {public_id}", sha, sha, size)


STORE = content_store.Store(
    label="decrees",
    folder="decrees",
    path_of=lambda root, sha: root / sha[:2] / f"{sha}.pdf",
    referenced=_referenced,
    rows=_stored_rows,
    grace_setting="SANCTIONS_STAGING_GRACE_SECONDS",
)


def root() -> Path:
    return STORE.root()


def stored_path(sha256: str) -> Path:
    return STORE.path(sha256)


def _refuse(code: str) -> DecreeFileRejected:
    errors = {
        "too_large": SanctionErrorCode.FILE_TOO_LARGE,
        "empty": SanctionErrorCode.FILE_EMPTY,
        "type": SanctionErrorCode.FILE_TYPE,
    }
    return DecreeFileRejected(code, errors[code], mb=max_bytes() // (1024 * 1024))


def stage(uploaded) -> StagedDecree:
    """Copy the upload into staging while hashing; raise DecreeFileRejected if it is bad."""
    return content_store.stage_upload(
        uploaded,
        root=root(),
        allowed={PDF: b"%PDF-"},
        max_bytes=max_bytes(),
        refuse=_refuse,
        default_name="keputusan.pdf",
    )


def promote_until_commit(staged: StagedDecree) -> None:
    """Inside the transaction that inserts the decision: the file goes in place now."""
    STORE.promote_until_commit([(staged.path, staged.sha256)])


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=DecreeIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return STORE.sweep(older_than_seconds=older_than_seconds)
