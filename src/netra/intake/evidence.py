"""Evidence files: streamed to a staging area while hashed, type checked from content, kept
byte for byte under a content-addressed path, plus a metadata-stripped copy of images.

Write order (RELIABILITY.md, implementation notes): stage and hash before the transaction; the
service inserts the rows; `on_commit` renames staged files into place. Anything left in staging
without a row (crash, rollback, aborted request) is removed by `tasks.evidence_sweep_staging`.
"""

import hashlib
import io
import os
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from netra import content_store
from netra.intake.choices import EvidenceKind

CHUNK = 256 * 1024
MAX_NAME = 120


class EvidenceRejected(ValidationError):
    """A file that is refused; nothing of it is kept."""


class EvidenceIntegrityError(content_store.ContentIntegrityError):
    """A stored file no longer matches the SHA-256 recorded at upload."""


def max_file_bytes() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_BYTES", 25 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_FILES", 10))


def max_total_bytes() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_TOTAL_BYTES", 100 * 1024 * 1024))


def max_image_pixels() -> int:
    return int(getattr(settings, "INTAKE_MAX_IMAGE_PIXELS", 25_000_000))


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


def staging_dir() -> Path:
    return content_store.staging_dir(evidence_root())


def original_path(sha256: str) -> Path:
    return evidence_root() / sha256[:2] / sha256[2:4] / sha256


def display_path(sha256: str) -> Path:
    return evidence_root() / "display" / sha256[:2] / sha256


# --- type from content --------------------------------------------------------------------

_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
_FTYP_VIDEO = {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"3gp4", b"3gp5", b"dash"}
_FTYP_HEIC = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, kind) from the first bytes, or None when not an accepted type."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", EvidenceKind.IMAGE
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", EvidenceKind.IMAGE
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", EvidenceKind.IMAGE
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", EvidenceKind.IMAGE
    if head.startswith(b"%PDF-"):
        return "application/pdf", EvidenceKind.PDF
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _FTYP_HEIC:
            return "image/heic", EvidenceKind.IMAGE
        if brand == b"qt  ":
            return "video/quicktime", EvidenceKind.VIDEO
        if brand in _FTYP_VIDEO or brand.startswith(b"mp4"):
            return "video/mp4", EvidenceKind.VIDEO
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm", EvidenceKind.VIDEO
    return None


# --- file names ---------------------------------------------------------------------------


def sanitize_name(name: object) -> str:
    """The name to show; a name that tries path tricks or hides characters is refused."""
    text = unicodedata.normalize("NFC", str(name or ""))
    if "/" in text or "\\" in text or ".." in text:
        raise EvidenceRejected(_("Nama berkas tidak boleh berisi jalur folder."), code="name")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text):
        raise EvidenceRejected(
            _("Nama berkas berisi karakter tersembunyi atau kontrol."), code="name"
        )
    text = text.strip().lstrip(".")
    if not text:
        return "berkas"
    stem, dot, ext = text.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: MAX_NAME - len(ext) - 1] + "." + ext
    return text[:MAX_NAME]


# --- staging ------------------------------------------------------------------------------


@dataclass
class StagedFile:
    path: Path
    sha256: str
    size: int
    content_type: str
    kind: str
    original_name: str
    display: Path | None = None
    display_sha256: str = ""
    display_content_type: str = ""
    moved: list = field(default_factory=list)

    def discard(self) -> None:
        for path in (self.path, self.display):
            if path is not None:
                path.unlink(missing_ok=True)


def _staging_file() -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(prefix="up-", dir=staging_dir())
    return fd, Path(name)


def _copy_hashing(uploaded, fd: int, limit: int) -> tuple[str, int, bytes]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    with os.fdopen(fd, "wb") as out:
        for chunk in uploaded.chunks(CHUNK):
            size += len(chunk)
            if size > limit:
                raise EvidenceRejected(
                    _("Berkas terlalu besar (batas %(mb)s MB per berkas).")
                    % {"mb": limit // (1024 * 1024)},
                    code="too_large",
                )
            if len(head) < 64:
                head += chunk[: 64 - len(head)]
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size, head


def _verify_image(path: Path, content_type: str) -> Image.Image | None:
    """Decode fully (truncation and bombs raise); None for HEIC, which Pillow cannot decode."""
    if content_type == "image/heic":
        return None
    Image.MAX_IMAGE_PIXELS = max_image_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                probe.verify()
            image = Image.open(path)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise EvidenceRejected(
            _("Gambar terlalu besar resolusinya untuk diproses."), code="bomb"
        ) from exc
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError) as exc:
        raise EvidenceRejected(_("Gambar rusak atau tidak lengkap."), code="broken") from exc
    return image


def _display_copy(image: Image.Image, content_type: str) -> tuple[Path, str, str]:
    """Re-encode from pixels only: no EXIF, GPS, XMP, ICC or text chunks survive."""
    with image:
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if "transparency" in image.info else "RGB")
        bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    fmt, out_type = {
        "image/jpeg": ("JPEG", "image/jpeg"),
        "image/webp": ("WEBP", "image/webp"),
    }.get(content_type, ("PNG", "image/png"))
    if fmt == "JPEG" and bare.mode not in ("RGB", "L"):
        bare = bare.convert("RGB")
    buffer = io.BytesIO()
    bare.save(buffer, format=fmt, **({"quality": 85} if fmt != "PNG" else {}))
    data = buffer.getvalue()
    fd, path = _staging_file()
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return path, hashlib.sha256(data).hexdigest(), out_type


def stage_upload(uploaded) -> StagedFile:
    """Copy one upload into staging while hashing; check it; raise EvidenceRejected if bad."""
    name = sanitize_name(getattr(uploaded, "name", ""))
    fd, path = _staging_file()
    try:
        sha256, size, head = _copy_hashing(uploaded, fd, max_file_bytes())
        if size == 0:
            raise EvidenceRejected(_("Berkas kosong."), code="empty")
        sniffed = sniff(head)
        if sniffed is None:
            raise EvidenceRejected(
                _(
                    "Jenis berkas tidak diterima. Kirim foto (JPEG, PNG, WebP, GIF, HEIC), "
                    "PDF atau video (MP4, MOV, WebM)."
                ),
                code="type",
            )
        content_type, kind = sniffed
        staged = StagedFile(path, sha256, size, content_type, kind, name)
        if content_type in _IMAGE_TYPES:
            image = _verify_image(path, content_type)
            if image is not None:
                staged.display, staged.display_sha256, staged.display_content_type = _display_copy(
                    image, content_type
                )
        return staged
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def stage_uploads(files: list) -> list[StagedFile]:
    """Stage every file or none: the first refusal removes what was staged before it."""
    if len(files) > max_files():
        raise EvidenceRejected(
            _("Terlalu banyak berkas (paling banyak %(n)s).") % {"n": max_files()},
            code="too_many",
        )
    staged: list[StagedFile] = []
    try:
        total = 0
        for uploaded in files:
            item = stage_upload(uploaded)
            staged.append(item)
            total += item.size
            if total > max_total_bytes():
                raise EvidenceRejected(
                    _("Ukuran semua berkas melebihi %(mb)s MB.")
                    % {"mb": max_total_bytes() // (1024 * 1024)},
                    code="total_too_large",
                )
    except BaseException:
        discard(staged)
        raise
    return staged


def discard(staged: list[StagedFile]) -> None:
    for item in staged:
        item.discard()


def promote(staged: list[StagedFile]) -> None:
    """Move staged files into their final content-addressed paths (run on commit)."""
    for item in staged:
        content_store.place(item.path, original_path(item.sha256))
        if item.display is not None:
            content_store.place(item.display, display_path(item.display_sha256))


def open_verified(path: Path, sha256: str):
    """An open binary file whose content hashes to `sha256`; raises EvidenceIntegrityError."""
    return content_store.open_verified(path, sha256, error=EvidenceIntegrityError)


def sweep_staging(*, older_than_seconds: int) -> int:
    return content_store.sweep_staging(staging_dir(), older_than_seconds=older_than_seconds)
