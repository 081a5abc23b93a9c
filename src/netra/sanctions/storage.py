"""Decree files (PDF only) in the shared content-addressed store, under MEDIA_ROOT/decrees/.

The upload is streamed to staging while hashed and its type is checked from its content
(`content_store.stage_upload`), never from its name or the browser's content type. The row is
inserted with the hash; `place` (run on commit) moves the file to `<sha[:2]>/<sha>.pdf`. Every
read re-hashes.
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


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "decrees"


def stored_path(sha256: str) -> Path:
    return root() / sha256[:2] / f"{sha256}.pdf"


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


def place(staged: StagedDecree) -> None:
    content_store.place(staged.path, stored_path(staged.sha256))


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=DecreeIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return content_store.sweep_staging(
        content_store.staging_dir(root()), older_than_seconds=older_than_seconds
    )
