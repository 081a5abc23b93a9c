"""Content-addressed file storage shared by evidence (intake) and issued documents.

A file is written to a staging directory first; once its database row is committed it is moved
to a path named after its SHA-256 (`place`, run from `transaction.on_commit`), so a rolled-back
write leaves only a staging file, which `sweep_staging` removes after a grace period. Every read
re-hashes the bytes (`open_verified`): a stored file that changed is refused, never served.
"""

import hashlib
import os
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import puremagic

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


# --- uploads: streamed to staging while hashed, type read from the content -------------------

UPLOAD_CHUNK = 256 * 1024
MAX_NAME = 120
HEAD_BYTES = 1024


@dataclass
class StagedUpload:
    path: Path
    sha256: str
    size: int
    name: str
    content_type: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def clean_file_name(value: object, default: str) -> str:
    """A file name safe to show and to offer as a download name (no path, no control chars)."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    text = text.replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return text[-MAX_NAME:] or default


def sniff_type(head: bytes, allowed: dict[str, bytes]) -> str | None:
    """The MIME type of `head` if it starts with one of `allowed`'s magic bytes and puremagic
    agrees; None otherwise (never the name or the browser's claim)."""
    for mime, magic in allowed.items():
        if head.startswith(magic):
            try:
                found = puremagic.from_string(head, mime=True)
            except (puremagic.PureError, ValueError):
                return None
            return mime if found == mime else None
    return None


def stage_upload(
    uploaded,
    *,
    root: Path,
    allowed: dict[str, bytes],
    max_bytes: int,
    refuse: Callable[[str], Exception],
    default_name: str,
) -> StagedUpload:
    """Copy an upload into `root`/staging while hashing it.

    Raises `refuse(code)` with code "too_large", "empty" or "type"; nothing is kept then.
    """
    fd, name = tempfile.mkstemp(prefix="up-", dir=staging_dir(root))
    path = Path(name)
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks(UPLOAD_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise refuse("too_large")
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise refuse("empty")
        content_type = sniff_type(head, allowed)
        if content_type is None:
            raise refuse("type")
        return StagedUpload(
            path,
            digest.hexdigest(),
            size,
            clean_file_name(getattr(uploaded, "name", ""), default_name),
            content_type,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
