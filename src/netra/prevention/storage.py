"""Prevention files (activity materials, signed integrity pacts) in the shared content store,
under MEDIA_ROOT/prevention/.

Like the decree files: the upload is streamed to staging while hashed and its type is read from
its content (`content_store.stage_upload`); the service inserts the row with the hash and
`place` (on commit) moves the file to `<sha[:2]>/<sha>`. Every read re-hashes.
"""

from pathlib import Path

from django.conf import settings

from netra import content_store
from netra.prevention.errors import FileErrorCode
from netra.refusals import Refusal

# Scans and slides handed out as PDF or pictures; nothing executable, no office macros.
ALLOWED_TYPES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
StagedFile = content_store.StagedUpload


class FileRejected(Refusal):
    """An upload that is refused (`FileErrorCode`: too large, empty, wrong type); nothing is
    kept."""


class PreventionFileIntegrityError(content_store.ContentIntegrityError):
    """The stored file is missing or no longer matches its recorded SHA-256."""


def max_bytes() -> int:
    return int(getattr(settings, "PREVENTION_FILE_MAX_BYTES", 10 * 1024 * 1024))


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "prevention"


def stored_path(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


def clean_name(value: object, default: str = "berkas") -> str:
    return content_store.clean_file_name(value, default)


_REFUSALS = {
    "too_large": FileErrorCode.TOO_LARGE,
    "empty": FileErrorCode.EMPTY,
    "type": FileErrorCode.TYPE,
}


def _refuse(code: str) -> FileRejected:
    return FileRejected(_REFUSALS[code], mb=max_bytes() // (1024 * 1024))


def stage(uploaded) -> StagedFile:
    """Copy the upload into staging while hashing; raise FileRejected if it is bad."""
    return content_store.stage_upload(
        uploaded,
        root=root(),
        allowed=ALLOWED_TYPES,
        max_bytes=max_bytes(),
        refuse=_refuse,
        default_name="berkas",
    )


def place(staged: StagedFile) -> None:
    content_store.place(staged.path, stored_path(staged.sha256))


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=PreventionFileIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return content_store.sweep_staging(
        content_store.staging_dir(root()), older_than_seconds=older_than_seconds
    )
