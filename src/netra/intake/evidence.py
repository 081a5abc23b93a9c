"""Evidence files: streamed to a staging area while hashed, type checked from content, kept
byte for byte under a content-addressed path, plus a metadata-stripped copy of images.

Write order, safe across a crash at any point (issue 15): stage, fsync and hash; write a
promotion journal naming the files (staging/promoting/); move the files to their final
content-addressed place; then insert and commit the rows; then remove the journal. So a
committed row always names a file already in place. What a crash or rollback leaves behind is
found through the journals: `sweep_staging` removes a journal's files that no row names once
the journal is older than the grace period (never a file a younger journal names), and
finishes the promotion of any staged file a row names whose final file is missing (reports
committed by older versions that moved files after commit). A shared/exclusive lock on
evidence/.lock keeps a promotion and a sweep from interleaving.

What is kept is checked first: images are decoded and re-encoded (the display copy), PDFs
parsed (inspect.check_pdf), videos and HEIC walked box by box (inspect.check_isobmff,
check_webm), and everything scanned with ClamAV where it is installed (scanning.py). A file
that cannot be checked is kept quarantined (`check_state`), never served until released.
"""

import hashlib
import io
import json
import logging
import os
import shutil
import struct
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
from netra.intake import inspect, scanning
from netra.intake.choices import EvidenceCheck, EvidenceKind

logger = logging.getLogger(__name__)

CHUNK = 256 * 1024
MAX_NAME = 120


class EvidenceRejected(ValidationError):
    """A file that is refused; nothing of it is kept."""


class EvidenceIntegrityError(content_store.ContentIntegrityError):
    """A stored file no longer matches the SHA-256 recorded at upload."""


class EvidenceQuarantined(Exception):
    """The file could not be checked (or holds malware): it is not served until released."""


def max_file_bytes() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_BYTES", 25 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_FILES", 10))


def max_total_bytes() -> int:
    return int(getattr(settings, "INTAKE_EVIDENCE_MAX_TOTAL_BYTES", 100 * 1024 * 1024))


def max_image_pixels() -> int:
    return int(getattr(settings, "INTAKE_MAX_IMAGE_PIXELS", 25_000_000))


def evidence_root() -> Path:
    return STORE.root()


def staging_dir() -> Path:
    return content_store.staging_dir(evidence_root())


def original_path(sha256: str) -> Path:
    return STORE.path(sha256)


def display_path(sha256: str) -> Path:
    return STORE.path("display/" + sha256)


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
    # The reporter's choice (anonymous reporters, default yes) and whether it was done.
    strip_requested: bool = False
    metadata_removed: bool = False
    check_state: str = EvidenceCheck.UNSCANNED
    check_detail: str = ""

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
        _inspect(staged)
        if content_type in _IMAGE_TYPES:
            image = _verify_image(path, content_type)
            if image is not None:
                staged.display, staged.display_sha256, staged.display_content_type = _display_copy(
                    image, content_type
                )
        _scan(staged)
        return staged
    except BaseException:
        path.unlink(missing_ok=True)
        raise


_REFUSALS = {
    "video_structure": _(
        "Berkas rusak atau bukan foto/video yang sah (struktur berkas tidak utuh)."
    ),
    "pdf_structure": _("Berkas PDF rusak atau berisi data lain di luar dokumen."),
    "pdf_active": _(
        "PDF berisi JavaScript, berkas tersemat atau perintah menjalankan program. Kirim PDF "
        "biasa, misalnya hasil cetak ke PDF."
    ),
}


def _inspect(item: StagedFile) -> None:
    """Parse what is kept as it came; refuse what is not what it claims."""
    try:
        if item.content_type == "application/pdf":
            inspect.check_pdf(item.path)
        elif item.content_type in ("video/mp4", "video/quicktime", "image/heic"):
            inspect.check_isobmff(item.path, heic=item.content_type == "image/heic")
        elif item.content_type == "video/webm":
            inspect.check_webm(item.path)
    except inspect.Refused as exc:
        raise EvidenceRejected(_REFUSALS[exc.code], code=exc.code) from exc
    except inspect.Uncheckable as exc:
        item.check_state, item.check_detail = EvidenceCheck.QUARANTINED, exc.code


def _scan(item: StagedFile) -> None:
    """ClamAV where installed: malware is refused; a failed scan quarantines the file."""
    result = scanning.scan(item.path)
    if result.outcome == scanning.INFECTED:
        logger.warning("evidence upload refused by the antivirus: %s", result.detail[:100])
        raise EvidenceRejected(
            _("Berkas terdeteksi mengandung virus atau malware dan tidak diterima."),
            code="malware",
        )
    if item.check_state == EvidenceCheck.QUARANTINED:
        return
    if result.outcome == scanning.CLEAN:
        item.check_state = EvidenceCheck.CLEAN
    elif result.outcome == scanning.ERROR or getattr(settings, "INTAKE_AV_REQUIRED", False):
        item.check_state = EvidenceCheck.QUARANTINED
        item.check_detail = f"scan {result.outcome}: {result.detail}"[:200]


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


# --- promotion: files in place before their rows commit (content_store.Store) -------------


def _targets(staged: list[StagedFile]) -> list[str]:
    names = []
    for item in staged:
        names.append(item.sha256)
        if item.display is not None:
            names.append("display/" + item.display_sha256)
    return names


def _path_of(root: Path, name: str) -> Path:
    if name.startswith("display/"):
        sha = name.removeprefix("display/")
        return root / "display" / sha[:2] / sha
    return root / name[:2] / name[2:4] / name


def _named_by_rows(names: set[str]) -> set[str]:
    from netra.intake.models import Evidence

    originals = {n for n in names if not n.startswith("display/")}
    displays = {n.removeprefix("display/") for n in names if n.startswith("display/")}
    found = set()
    if originals:
        found |= set(Evidence.objects.filter(sha256__in=originals).values_list("sha256", flat=True))
    if displays:
        found |= {
            "display/" + sha
            for sha in Evidence.objects.filter(display_sha256__in=displays).values_list(
                "display_sha256", flat=True
            )
        }
    return found


def _stored_rows():
    from netra.intake.models import Evidence

    rows = Evidence.objects.order_by("id").values_list(
        "public_id", "sha256", "size", "display_sha256"
    )
    for public_id, sha, size, display_sha in rows.iterator(chunk_size=2000):
        yield content_store.StoredRow(f"evidence {public_id}", sha, sha, size)
        if display_sha:
            yield content_store.StoredRow(
                f"evidence {public_id}", "display/" + display_sha, display_sha
            )


STORE = content_store.Store(
    label="evidence",
    folder="evidence",
    path_of=_path_of,
    referenced=_named_by_rows,
    rows=_stored_rows,
    names_of_content=lambda sha: (sha, "display/" + sha),
    grace_setting="INTAKE_STAGING_GRACE_SECONDS",
    extra_sweep=lambda cutoff: _sweep_held(cutoff) + sweep_upload_temp(cutoff),
)


def promote(staged: list[StagedFile]) -> Path | None:
    """Put staged files in their final place before their rows are committed; returns the
    journal to pass to `promotion_done` once they are (left behind, the sweep reads it)."""
    items = []
    for item in staged:
        items.append((item.path, item.sha256))
        if item.display is not None:
            items.append((item.display, "display/" + item.display_sha256))
    return STORE.promote(items)


def promotion_done(journal: Path | None) -> None:
    """The rows naming the journal's files are committed: forget the journal."""
    STORE.promotion_done(journal)


_sha256_of = content_store.sha256_of


_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
}


def download_name(number: int, content_type: str, *, display: bool = False) -> str:
    """The name a download gets: from its position and detected type, never from the name
    the client sent (`bukti.html` sent as a video downloads as `bukti-1.mp4`)."""
    extension = _EXTENSIONS.get(content_type, "bin")
    return f"bukti-{number}{'-tampilan' if display else ''}.{extension}"


def servable(check_state: str) -> bool:
    return check_state not in (EvidenceCheck.QUARANTINED, EvidenceCheck.INFECTED)


@dataclass
class StoreProblem:
    evidence: str  # public id of the row
    report: str  # public id of the report
    copy: str  # "original" or "display"
    problem: str  # "missing", "size" or "mismatch"


def store_check(*, quick: bool = False, rows=None) -> tuple[int, list[StoreProblem]]:
    """Every row's files exist and hash to their recorded SHA-256 (`quick`: exist with the
    recorded size, originals only). Returns (files checked, problems)."""
    from netra.intake.models import Evidence

    if rows is None:
        rows = Evidence.objects.order_by("id").values_list(
            "public_id", "report__public_id", "sha256", "size", "display_sha256"
        )
    checked, problems = 0, []
    for public_id, report_id, sha, size, display_sha in rows.iterator(chunk_size=2000):
        copies = [("original", original_path(sha), sha, size)]
        if display_sha and not quick:
            copies.append(("display", display_path(display_sha), display_sha, None))
        for copy, path, expected, expected_size in copies:
            checked += 1
            try:
                if quick:
                    problem = "" if path.stat().st_size == expected_size else "size"
                else:
                    problem = "" if _sha256_of(path) == expected else "mismatch"
            except FileNotFoundError:
                problem = "missing"
            if problem:
                problems.append(StoreProblem(str(public_id), str(report_id), copy, problem))
    return checked, problems


def open_verified(path: Path, sha256: str):
    """An open binary file whose content hashes to `sha256`; raises EvidenceIntegrityError."""
    return content_store.open_verified(path, sha256, error=EvidenceIntegrityError)


def sweep_staging(*, older_than_seconds: int) -> int:
    """Clean up after crashes and abandoned forms, older than the grace period: files of
    promotions that never committed, staged files and held form uploads that no row names
    (a staged copy a committed row still needs is moved into place instead), and Django's
    temporary upload files. Returns how many files were removed."""
    return STORE.sweep(older_than_seconds=older_than_seconds)


def _sweep_held(cutoff: float) -> int:
    """Held form uploads older than the cutoff (a staged copy a row needs is placed instead)."""
    removed = 0
    root = staging_dir() / "held"
    if root.is_dir():
        for folder in root.iterdir():
            try:
                if not (folder.is_dir() and folder.stat().st_mtime < cutoff):
                    continue
                for path in folder.iterdir():
                    if path.name == MANIFEST or path.suffix == ".tmp":
                        path.unlink(missing_ok=True)
                    else:
                        removed += STORE.rescue_or_remove(path)
                shutil.rmtree(folder, ignore_errors=True)
            except FileNotFoundError:
                continue
    return removed


def sweep_upload_temp(cutoff: float) -> int:
    """Django's temporary upload files (FILE_UPLOAD_TEMP_DIR) left by a crashed request."""
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if not folder or not Path(folder).is_dir():
        return 0
    removed = 0
    for path in Path(folder).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


# --- uploads held for a form that came back with an error ---------------------------------
#
# The report form's first POST stages its files under the form's idempotency key (a random
# 128-bit value in a hidden field), so a validation error does not drop them: the returned
# form lists them as attached and the next POST sends them with the report. Held files live
# under staging/held/<key>/ and are swept like other staged files.

MANIFEST = "manifest.json"
_MANIFEST_FIELDS = (
    "sha256",
    "size",
    "content_type",
    "kind",
    "original_name",
    "display_sha256",
    "display_content_type",
    "check_state",
    "check_detail",
)


def _held_dir(form_key: str) -> Path:
    return staging_dir() / "held" / form_key


def _manifest(folder: Path) -> list[dict]:
    try:
        rows = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return []
    return rows if isinstance(rows, list) else []


def _write_manifest(folder: Path, rows: list[dict]) -> None:
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(rows), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def held(form_key: str | None) -> list[StagedFile]:
    """The files held for a form, in the order they were attached."""
    if not form_key:
        return []
    folder = _held_dir(form_key)
    items = []
    for row in _manifest(folder):
        path = folder / row["sha256"]
        if not path.is_file():
            continue
        display = folder / f"display-{row['display_sha256']}" if row["display_sha256"] else None
        fields = {k: row[k] for k in _MANIFEST_FIELDS if k in row}
        item = StagedFile(path=path, **fields)
        item.display = display if display is not None and display.is_file() else None
        if item.display is None:
            item.display_sha256 = item.display_content_type = ""
        items.append(item)
    return items


def hold(form_key: str, files: list) -> list[StagedFile]:
    """Stage `files` and keep them for the form; refuses (keeping what was held) beyond the
    per-report file limit. Returns everything now held."""
    current = held(form_key)
    if not files:
        return current
    if len(current) + len(files) > max_files():
        raise EvidenceRejected(
            _("Terlalu banyak berkas (paling banyak %(n)s).") % {"n": max_files()},
            code="too_many",
        )
    staged = stage_uploads(list(files))
    folder = _held_dir(form_key)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _manifest(folder)
    known = {row["sha256"] for row in rows}
    for item in staged:
        if item.sha256 in known:
            item.discard()
            continue
        known.add(item.sha256)
        os.replace(item.path, folder / item.sha256)
        if item.display is not None:
            os.replace(item.display, folder / f"display-{item.display_sha256}")
        rows.append({k: getattr(item, k) for k in _MANIFEST_FIELDS})
    _write_manifest(folder, rows)
    os.utime(folder)  # the sweep counts the grace period from the last change
    return held(form_key)


def release(form_key: str, sha256: str) -> None:
    """The reporter removed one held file."""
    folder = _held_dir(form_key)
    rows = _manifest(folder)
    keep = [row for row in rows if row["sha256"] != sha256]
    if len(keep) == len(rows):
        return
    for row in rows:
        if row["sha256"] == sha256:
            (folder / row["sha256"]).unlink(missing_ok=True)
            if row["display_sha256"]:
                (folder / f"display-{row['display_sha256']}").unlink(missing_ok=True)
    _write_manifest(folder, keep)


def hold_close(form_key: str) -> None:
    """The report was stored: forget the list (its files are moved into place on commit; the
    empty folder is swept later)."""
    (_held_dir(form_key) / MANIFEST).unlink(missing_ok=True)


# --- photo metadata -----------------------------------------------------------------------

# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP3-APP13 (IPTC, maker data), APP15,
# COM. APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) are kept.
_JPEG_DROP = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _jpeg_without_metadata(data: bytes, orientation: int) -> bytes:
    """The same JPEG, entropy-coded data untouched, without its metadata segments; only the
    orientation is written back so the photo is not shown sideways."""
    out = [b"\xff\xd8"]
    if orientation and orientation != 1:
        exif = Image.Exif()
        exif[0x0112] = orientation
        payload = exif.tobytes()
        out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("not a JPEG segment")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out.append(data[pos:])
            return b"".join(out)
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos : pos + 2 + length]
        if marker not in _JPEG_DROP:
            out.append(segment)
        pos += 2 + length
    raise ValueError("JPEG without image data")


def _png_without_metadata(data: bytes) -> bytes:
    out = [data[:8]]
    pos = 8
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos : pos + 12 + length]
        if kind not in _PNG_DROP:
            out.append(chunk)
        pos += 12 + length
        if kind == b"IEND":
            break
    return b"".join(out)


def _stage_bytes(data: bytes) -> tuple[Path, str]:
    fd, path = _staging_file()
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return path, hashlib.sha256(data).hexdigest()


def remove_metadata(items: list[StagedFile]) -> None:
    """Remove location and device data from the originals of staged photos, as an anonymous
    reporter asked. JPEG and PNG lose only their metadata (the picture bytes stay); WebP and
    GIF are replaced by their re-encoded display copy. HEIC, video and PDF cannot be cleaned
    here: they keep `metadata_removed=False`, which the officer sees."""
    for item in items:
        item.strip_requested = True
        if item.kind != EvidenceKind.IMAGE or item.metadata_removed:
            continue
        if item.content_type in ("image/jpeg", "image/png"):
            data = item.path.read_bytes()
            try:
                if item.content_type == "image/jpeg":
                    with Image.open(io.BytesIO(data)) as image:
                        orientation = image.getexif().get(0x0112, 1)
                    clean = _jpeg_without_metadata(data, orientation)
                else:
                    clean = _png_without_metadata(data)
            except (OSError, ValueError, struct.error):
                continue
            content_type = item.content_type
        elif item.display is not None and item.display.is_file():
            clean = item.display.read_bytes()
            content_type = item.display_content_type
        else:
            continue
        path, sha256 = _stage_bytes(clean)
        item.path.unlink(missing_ok=True)  # the copy with location data is not kept anywhere
        item.path, item.sha256, item.size = path, sha256, len(clean)
        item.content_type = content_type
        item.metadata_removed = True
