"""Prevention files (activity materials, signed integrity pacts) in the shared content store,
under MEDIA_ROOT/prevention/.

Like the decree files: the upload is streamed to staging while hashed and its type is read from
its content (`content_store.stage_upload`); inside the transaction that inserts the row, before
it commits, `promote_until_commit` moves the file to `<sha[:2]>/<sha>` (the write order in
content_store.py). Materials and pacts share the store: the sweep keeps a file either names.
Every read re-hashes.
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


def _referenced(names: set[str]) -> set[str]:
    from netra.prevention.models import ActivityMaterial, IntegrityPact

    found = set(ActivityMaterial.objects.filter(sha256__in=names).values_list("sha256", flat=True))
    return found | set(
        IntegrityPact.objects.filter(sha256__in=names).values_list("sha256", flat=True)
    )


def _stored_rows():
    from netra.prevention.models import ActivityMaterial, IntegrityPact

    for label, model in (("material", ActivityMaterial), ("pact", IntegrityPact)):
        rows = model.objects.order_by("id").values_list("public_id", "sha256", "size")
        for public_id, sha, size in rows.iterator(chunk_size=2000):
            yield content_store.StoredRow(f"{label} {public_id}", sha, sha, size)


STORE = content_store.Store(
    label="prevention",
    folder="prevention",
    path_of=lambda root, sha: root / sha[:2] / sha,
    referenced=_referenced,
    rows=_stored_rows,
    grace_setting="PREVENTION_STAGING_GRACE_SECONDS",
)


def root() -> Path:
    return STORE.root()


def stored_path(sha256: str) -> Path:
    return STORE.path(sha256)


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


def promote_until_commit(staged: StagedFile) -> None:
    """Inside the transaction that inserts the row: the file goes in place now."""
    STORE.promote_until_commit([(staged.path, staged.sha256)])


def read_verified(sha256: str) -> bytes:
    with content_store.open_verified(
        stored_path(sha256), sha256, error=PreventionFileIntegrityError
    ) as handle:
        return handle.read()


def sweep_staging(*, older_than_seconds: int) -> int:
    return STORE.sweep(older_than_seconds=older_than_seconds)
