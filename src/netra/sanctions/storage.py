"""Decree files (PDF only) in the shared content-addressed store, under MEDIA_ROOT/decrees/.

The upload is streamed to staging while hashed and its type is checked from its content
(`content_store.stage_upload`), never from its name or the browser's content type. The row is
inserted with the hash; `place` (run on commit) moves the file to `<sha[:2]>/<sha>.pdf`. Every
read re-hashes.
"""

from pathlib import Path

from django.conf import settings

from netra import content_store

PDF = "application/pdf"
StagedDecree = content_store.StagedUpload


class DecreeFileRejected(Exception):
    """A decree file that is refused (code: too_large, empty, type, name); nothing is kept."""

    def __init__(self, code: str, message_id: str, message_en: str):
        self.code, self.message_id, self.message_en = code, message_id, message_en
        super().__init__(message_en)


class DecreeIntegrityError(content_store.ContentIntegrityError):
    """The stored decree file is missing or no longer matches its recorded SHA-256."""


def max_bytes() -> int:
    return int(getattr(settings, "SANCTIONS_DECREE_MAX_BYTES", 10 * 1024 * 1024))


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "decrees"


def stored_path(sha256: str) -> Path:
    return root() / sha256[:2] / f"{sha256}.pdf"


def _refuse(code: str) -> DecreeFileRejected:
    mb = max_bytes() // (1024 * 1024)
    messages = {
        "too_large": (
            f"Berkas SK terlalu besar (batas {mb} MB).",
            f"The decree file is too large (limit {mb} MB).",
        ),
        "empty": ("Berkas SK kosong.", "The decree file is empty."),
        "type": ("Berkas SK harus berupa PDF.", "The decree file must be a PDF."),
    }
    return DecreeFileRejected(code, *messages[code])


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
