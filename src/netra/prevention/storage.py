"""Prevention files (activity materials, signed integrity pacts) in the shared content store,
under MEDIA_ROOT/prevention/.

Like the decree files (sanctions/storage.py): the upload is streamed to staging while hashed,
its type is read from its content (puremagic), never from its name or the browser's claim;
the service inserts the row with the hash and `place` (on commit) moves the file to
`<sha[:2]>/<sha>`. Every read re-hashes.
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
# Scans and slides handed out as PDF or pictures; nothing executable, no office macros.
ALLOWED_TYPES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}


class FileRejected(Exception):
    """An upload that is refused (code: too_large, empty, type); nothing is kept."""

    def __init__(self, code: str, message_id: str, message_en: str):
        self.code, self.message_id, self.message_en = code, message_id, message_en
        super().__init__(message_en)


class PreventionFileIntegrityError(content_store.ContentIntegrityError):
    """The stored file is missing or no longer matches its recorded SHA-256."""


def max_bytes() -> int:
    return int(getattr(settings, "PREVENTION_FILE_MAX_BYTES", 10 * 1024 * 1024))


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "prevention"


def stored_path(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


@dataclass
class StagedFile:
    path: Path
    sha256: str
    size: int
    name: str
    content_type: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def clean_name(value: object, default: str = "berkas") -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    text = text.replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return text[-MAX_NAME:] or default


def _content_type(head: bytes) -> str | None:
    for mime, magic in ALLOWED_TYPES.items():
        if head.startswith(magic):
            try:
                found = puremagic.from_string(head, mime=True)
            except (puremagic.PureError, ValueError):
                return None
            return mime if found == mime else None
    return None


def stage(uploaded) -> StagedFile:
    """Copy the upload into staging while hashing; raise FileRejected if it is bad."""
    limit = max_bytes()
    fd, name = tempfile.mkstemp(prefix="prev-", dir=content_store.staging_dir(root()))
    path = Path(name)
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks(CHUNK):
                size += len(chunk)
                if size > limit:
                    mb = limit // (1024 * 1024)
                    raise FileRejected(
                        "too_large",
                        f"Berkas terlalu besar (batas {mb} MB).",
                        f"The file is too large (limit {mb} MB).",
                    )
                if len(head) < 1024:
                    head += chunk[: 1024 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise FileRejected("empty", "Berkas kosong.", "The file is empty.")
        content_type = _content_type(head)
        if content_type is None:
            raise FileRejected(
                "type",
                "Berkas harus berupa PDF, PNG atau JPEG.",
                "The file must be a PDF, PNG or JPEG.",
            )
        return StagedFile(
            path, digest.hexdigest(), size, clean_name(getattr(uploaded, "name", "")), content_type
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


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
