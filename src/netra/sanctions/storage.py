"""Decree files (PDF only) in the shared content-addressed store, under MEDIA_ROOT/decrees/.

The upload is streamed to staging while hashed and its type is checked from its content
(puremagic), never from its name or the browser's content type. The row is inserted with the
hash; `place` (run on commit) moves the file to `<sha[:2]>/<sha>.pdf`. Every read re-hashes.
"""

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import puremagic
from django.conf import settings

from netra import content_store

CHUNK = 256 * 1024
MAX_NAME = 120
PDF = "application/pdf"


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


@dataclass
class StagedDecree:
    path: Path
    sha256: str
    size: int
    name: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def _name(value: object) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    text = text.replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return text[-MAX_NAME:] or "keputusan.pdf"


def _is_pdf(head: bytes) -> bool:
    if not head.startswith(b"%PDF-"):
        return False
    try:
        return puremagic.from_string(head, mime=True) == PDF
    except (puremagic.PureError, ValueError):
        return False


def stage(uploaded) -> StagedDecree:
    """Copy the upload into staging while hashing; raise DecreeFileRejected if it is bad."""
    limit = max_bytes()
    fd, name = tempfile.mkstemp(prefix="sk-", suffix=".pdf", dir=content_store.staging_dir(root()))
    path = Path(name)
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks(CHUNK):
                size += len(chunk)
                if size > limit:
                    mb = limit // (1024 * 1024)
                    raise DecreeFileRejected(
                        "too_large",
                        f"Berkas SK terlalu besar (batas {mb} MB).",
                        f"The decree file is too large (limit {mb} MB).",
                    )
                if len(head) < 1024:
                    head += chunk[: 1024 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise DecreeFileRejected("empty", "Berkas SK kosong.", "The decree file is empty.")
        if not _is_pdf(head):
            raise DecreeFileRejected(
                "type",
                "Berkas SK harus berupa PDF.",
                "The decree file must be a PDF.",
            )
        return StagedDecree(path, digest.hexdigest(), size, _name(getattr(uploaded, "name", "")))
    except BaseException:
        path.unlink(missing_ok=True)
        raise


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
