"""The hostile upload corpus, generated here (nothing hostile is stored in the repository).

Each entry: (file name sent, bytes, expectation). "refused": a 400 with the refusal's
message, nothing kept. "stored": kept, but only under its SHA-256 and downloaded as
`bukti-<n>.<detected extension>`, as an attachment with nosniff. "quarantined": kept but not
served until released. "either": a name the transport may clean before we see it; whatever
happens, nothing is named after it.
"""

import io
import struct
import zipfile

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from netra.intake.tests.fixtures import box, mp4_bytes, pdf_bytes, png_bytes

# Assembled here so that no file in the repository is itself the test signature.
EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*").encode()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"


def pdf_javascript() -> bytes:
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
            PAGES,
            PAGE,
            b"<</S/JavaScript/JS(app.alert\\(1\\))>>",
        ]
    )


def pdf_launch() -> bytes:
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
            PAGES,
            PAGE,
            b"<</S/Launch/F(cmd.exe)>>",
        ]
    )


def pdf_embedded_file() -> bytes:
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[(a.exe) 4 0 R]>>>>>>",
            PAGES,
            PAGE,
            b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
            b"<</Type/EmbeddedFile/Length 2>>stream\nMZ\nendstream",
        ]
    )


def pdf_with_stream(data: bytes) -> bytes:
    return raw_pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            PAGES,
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>",
            b"<</Length %d>>stream\n" % len(data) + data + b"\nendstream",
        ]
    )


def pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(payload: bytes = b"0" * 5_000_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", payload)
    return buffer.getvalue()


def gif_js_polyglot() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue() + b"*/=1;alert(document.domain);/*<script>alert(1)</script>"


def jpeg_html_polyglot() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buffer, format="JPEG")
    jpeg = buffer.getvalue()
    html = b"<html><script>alert(document.cookie)</script></html>"
    comment = b"\xff\xfe" + struct.pack(">H", len(html) + 2) + html
    return jpeg[:2] + comment + jpeg[2:]


def png_html_polyglot() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script></html>")
    return png_bytes(pnginfo=info)


def pixel_bomb(side: int = 1500) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def webm_bytes(*, with_tracks: bool = True) -> bytes:
    def element(ident: bytes, payload: bytes) -> bytes:
        return ident + bytes([0x80 | len(payload)]) + payload if len(payload) < 127 else b""

    header = element(b"\x1a\x45\xdf\xa3", element(b"\x42\x82", b"webm"))
    info = element(b"\x15\x49\xa9\x66", element(b"\x2a\xd7\xb1", b"\x0f\x42\x40"))
    tracks = element(b"\x16\x54\xae\x6b", element(b"\xae", element(b"\xd7", b"\x01")))
    segment = element(b"\x18\x53\x80\x67", info + (tracks if with_tracks else b""))
    return header + segment


def corpus() -> dict[str, tuple[str, bytes, str]]:
    valid_pdf = pdf_bytes("Bukti asli")
    return {
        "svg with script": (
            "gambar.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "refused",
        ),
        "html named jpg": ("foto.jpg", b"<!doctype html><script>alert(1)</script>", "refused"),
        "html named mp4": ("video.mp4", b"<html><script>alert(1)</script></html>", "refused"),
        "gif/js polyglot": ("animasi.gif", gif_js_polyglot(), "stored"),
        "jpeg/html polyglot": ("foto.jpg", jpeg_html_polyglot(), "stored"),
        "png/html polyglot": ("foto.png", png_html_polyglot(), "stored"),
        "pdf/zip polyglot": ("surat.pdf", valid_pdf + zip_bytes(b"PK payload"), "refused"),
        "pdf/html tail": ("surat.pdf", valid_pdf + b"<html><script>x</script>", "refused"),
        "pdf with javascript": ("surat.pdf", pdf_javascript(), "refused"),
        "pdf with launch action": ("surat.pdf", pdf_launch(), "refused"),
        "pdf with embedded file": ("surat.pdf", pdf_embedded_file(), "refused"),
        "pdf that only starts like one": ("surat.pdf", b"%PDF-1.7\n<html>x</html>", "refused"),
        "encrypted pdf": ("terkunci.pdf", pdf_encrypted(), "quarantined"),
        "zip bomb": ("bukti.zip", zip_bytes(), "refused"),
        "pixel bomb": ("bom.png", pixel_bomb(), "refused"),
        "eicar": ("eicar.com", EICAR, "refused"),
        "eicar inside a pdf": ("surat.pdf", pdf_with_stream(EICAR), "refused"),
        "video header then html": (
            "video.mp4",
            b"\x00\x00\x00\x18ftypmp42" + b"<html><script>alert(1)</script></html>",
            "refused",
        ),
        "heic header then garbage": (
            "foto.heic",
            b"\x00\x00\x00\x18ftypheic" + b"A" * 64,
            "refused",
        ),
        "webm without tracks": ("video.webm", webm_bytes(with_tracks=False), "refused"),
        "mp4 named html": ("bukti.html", mp4_bytes(), "stored"),
        "webm named exe": ("setup.exe", webm_bytes(), "stored"),
        "heif image": (
            "foto.heic",
            box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic") + box(b"meta", b"\x00" * 32),
            "stored",
        ),
        "traversal name": ("../../../etc/cron.d/bukti.png", png_bytes(color=(1, 1, 1)), "either"),
        "backslash traversal": ("..\\..\\windows\\bukti.png", png_bytes(color=(2, 2, 2)), "either"),
        "NUL in name": ("foto\x00.html", png_bytes(color=(3, 3, 3)), "either"),
        "RTL override in name": ("foto\u202egnp.exe", png_bytes(color=(4, 4, 4)), "either"),
        "CRLF in name": (
            "foto\r\nContent-Type: text/html.png",
            png_bytes(color=(5, 5, 5)),
            "either",
        ),
        "html in name": (
            '<img src=x onerror="alert(1)">.png',
            png_bytes(color=(6, 6, 6)),
            "either",
        ),
    }


def fake_scanner(path):
    """The test seam for the antivirus (settings.INTAKE_AV_SCANNER): EICAR anywhere is malware."""
    from netra.intake import scanning

    data = path.read_bytes()
    if EICAR in data:
        return scanning.ScanResult(scanning.INFECTED, "Eicar-Test-Signature")
    return scanning.ScanResult(scanning.CLEAN)


def failing_scanner(path):
    from netra.intake import scanning

    return scanning.ScanResult(scanning.ERROR, "daemon not answering")
