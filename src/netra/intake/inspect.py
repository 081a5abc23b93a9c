"""Structure checks of the evidence types that are kept as they came (PDF, video, HEIC).

Images Pillow can decode are decoded and re-encoded in evidence.py. What is kept byte for byte
is parsed here first, with bounded loops, so a file that only starts like a video or a PDF is
refused. Each check raises `Refused(code)` for a file that is not what it claims or carries
active content, `Uncheckable(code)` for one that may be genuine but cannot be inspected (an
encrypted PDF): the caller quarantines that.
"""

import logging
import struct
from pathlib import Path

logger = logging.getLogger(__name__)


class Refused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Uncheckable(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- ISO base media (MP4, MOV, 3GP, HEIC): the top-level boxes must tile the file ----------

MAX_BOXES = 10_000


def _boxes(handle, start: int, end: int):
    """(type, payload start, payload end) of the boxes between start and end; refuses boxes
    that overrun, are shorter than their header or have a non-printable type."""
    pos = start
    count = 0
    while pos < end:
        count += 1
        if count > MAX_BOXES or end - pos < 8:
            raise Refused("video_structure")
        handle.seek(pos)
        header = handle.read(8)
        size, kind = struct.unpack(">I4s", header)
        header_len = 8
        if size == 1:
            large = handle.read(8)
            if len(large) < 8:
                raise Refused("video_structure")
            size = struct.unpack(">Q", large)[0]
            header_len = 16
        elif size == 0:
            size = end - pos  # the last box runs to the end
        if size < header_len or pos + size > end:
            raise Refused("video_structure")
        if not all(32 <= b < 127 for b in kind) and kind != b"\xa9too":
            raise Refused("video_structure")
        yield kind, pos + header_len, pos + size
        pos += size


def check_isobmff(path: Path, *, heic: bool) -> None:
    """An MP4/MOV (movie header and at least one track, media data) or a HEIF image (item
    metadata): anything else, or boxes that do not tile the file, is refused."""
    end = path.stat().st_size
    with path.open("rb") as handle:
        top = list(_boxes(handle, 0, end))
        if not top or top[0][0] != b"ftyp":
            raise Refused("video_structure")
        kinds = {kind for kind, _, _ in top}
        if heic:
            if b"meta" not in kinds:
                raise Refused("video_structure")
            return
        moov = [(s, e) for kind, s, e in top if kind == b"moov"]
        if len(moov) != 1:
            raise Refused("video_structure")
        inner = {kind for kind, _, _ in _boxes(handle, *moov[0])}
        if b"mvhd" not in inner or b"trak" not in inner:
            raise Refused("video_structure")
        if not kinds & {b"mdat", b"moof"}:
            raise Refused("video_structure")


# --- EBML (WebM / Matroska) -------------------------------------------------------------------

_EBML = 0x1A45DFA3
_DOCTYPE = 0x4282
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TRACKS = 0x1654AE6B
_CLUSTER = 0x1F43B675


def _vint(handle, *, keep_marker: bool) -> tuple[int, int, bool]:
    """(value, length in bytes, all-ones) of an EBML variable-length integer."""
    first = handle.read(1)
    if not first:
        raise Refused("video_structure")
    b0 = first[0]
    length = next((i + 1 for i in range(8) if b0 & (0x80 >> i)), 0)
    if length == 0:
        raise Refused("video_structure")
    rest = handle.read(length - 1)
    if len(rest) != length - 1:
        raise Refused("video_structure")
    value = b0 if keep_marker else b0 & (0xFF >> length)
    for byte in rest:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _element(handle, pos: int, end: int):
    handle.seek(pos)
    ident, id_len, _ = _vint(handle, keep_marker=True)
    size, size_len, unknown = _vint(handle, keep_marker=False)
    start = pos + id_len + size_len
    stop = end if unknown else start + size
    if stop > end:
        raise Refused("video_structure")
    return ident, start, stop, unknown


def check_webm(path: Path) -> None:
    """An EBML header naming webm/matroska, then a Segment with segment info and tracks."""
    end = path.stat().st_size
    with path.open("rb") as handle:
        ident, start, stop, _ = _element(handle, 0, end)
        if ident != _EBML:
            raise Refused("video_structure")
        doctype = b""
        pos = start
        while pos < stop:
            child, c_start, c_stop, _ = _element(handle, pos, stop)
            if child == _DOCTYPE:
                handle.seek(c_start)
                doctype = handle.read(min(c_stop - c_start, 16)).rstrip(b"\x00")
            pos = c_stop
        if doctype not in (b"webm", b"matroska"):
            raise Refused("video_structure")
        ident, seg_start, seg_stop, _ = _element(handle, stop, end)
        if ident != _SEGMENT:
            raise Refused("video_structure")
        seen = set()
        pos, count = seg_start, 0
        while pos < seg_stop and count < MAX_BOXES:
            count += 1
            child, _c_start, c_stop, unknown = _element(handle, pos, seg_stop)
            seen.add(child)
            if unknown or child == _CLUSTER:
                break  # media data follows; the header parts must be there by now
            pos = c_stop
        if not {_INFO, _TRACKS} <= seen:
            raise Refused("video_structure")


# --- PDF ----------------------------------------------------------------------------------

# Names whose presence anywhere means the PDF can run something or carries other files.
_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/Launch",
    "/EF",
}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/SubmitForm"}
_ACTIVE_TYPES = {"/EmbeddedFile", "/Filespec"}
MAX_DEPTH = 32
MAX_PDF_OBJECTS = 200_000
_TAIL = 1024


def _refuse_active(obj, dictionary, array, depth: int = 0) -> None:
    """Look through an object and the direct objects nested in it (indirect ones are checked
    on their own) for active content."""
    if depth > MAX_DEPTH:
        raise Refused("pdf_structure")
    if isinstance(obj, dictionary):
        if (
            set(obj.keys()) & _ACTIVE_KEYS
            or obj.get("/S") in _ACTIVE_ACTIONS
            or obj.get("/Type") in _ACTIVE_TYPES
        ):
            raise Refused("pdf_active")
        children = obj.values()
    elif isinstance(obj, array):
        children = obj
    else:
        return
    for child in children:
        if isinstance(child, dictionary | array):
            _refuse_active(child, dictionary, array, depth + 1)


def check_pdf(path: Path) -> None:
    """Parse with pypdf; refuse JavaScript, launch actions, embedded files and data after the
    end of the document (a PDF/ZIP or PDF/HTML polyglot); an encrypted PDF is uncheckable."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - _TAIL))
        tail = handle.read()
    eof = tail.rfind(b"%%EOF")
    if eof < 0 or tail[eof + 5 :].strip(b"\r\n\t \x00"):
        raise Refused("pdf_structure")
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Uncheckable("pdf_encrypted")
            except (PyPdfError, NotImplementedError) as exc:
                raise Uncheckable("pdf_encrypted") from exc
        len(reader.pages)  # parses the page tree: a broken one raises
        ids = set()
        for generation, objects in reader.xref.items():
            ids.update((num, generation) for num in objects)
        ids.update((num, 0) for num in getattr(reader, "xref_objStm", {}))
        if len(ids) > MAX_PDF_OBJECTS:
            raise Refused("pdf_structure")
        for num, generation in ids:
            try:
                obj = IndirectObject(num, generation, reader).get_object()
            except (PyPdfError, ValueError, KeyError, TypeError):
                continue
            _refuse_active(obj, DictionaryObject, ArrayObject)
    except (Refused, Uncheckable):
        raise
    except (PdfReadError, PyPdfError, RecursionError) as exc:
        raise Refused("pdf_structure") from exc
    except Exception as exc:  # noqa: BLE001 (any parser failure on untrusted bytes is a refusal)
        logger.info("pdf refused by parser: %s", type(exc).__name__)
        raise Refused("pdf_structure") from exc
