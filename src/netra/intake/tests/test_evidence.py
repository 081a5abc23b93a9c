"""The evidence pipeline against a hostile corpus generated here (nothing stored in the repo)."""

import hashlib
import io
import zipfile

import pytest
from PIL import Image

from netra.audit.models import AuditEvent
from netra.intake import evidence
from netra.intake.choices import ReportAction
from netra.intake.services import evidence_open
from netra.intake.tests.fixtures import jpeg_with_gps, mp4_bytes, pdf_bytes, png_bytes, upload


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"0" * 5_000_000)
    return buffer.getvalue()


def _pixel_bomb(side: int) -> bytes:
    # A few KB of PNG that decodes to side x side pixels (the tests lower the pixel limit).
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


HOSTILE = {
    "html named jpg": ("foto.jpg", b"<!doctype html><script>alert(1)</script>"),
    "svg with script": (
        "gambar.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
    ),
    "zero bytes": ("kosong.png", b""),
    "zip bomb": ("bukti.zip", None),
    "truncated png": ("potong.png", None),
    "truncated jpeg": ("potong.jpg", None),
    "pixel bomb": ("bom.png", None),
    "pixel bomb in the warning band": ("bom2.png", None),
    "exe": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
    "text": ("catatan.txt", b"hanya teks"),
    "name with NUL": ("foto\x00.png", None),
    "name with RTL override": ("foto\u202egnp.exe", None),
    "name with CRLF": ("foto\r\n.png", None),
}


def _content(label: str, name: str, content):
    if content is not None:
        return content
    if label == "zip bomb":
        return _zip_bomb()
    if label == "truncated png":
        return png_bytes((64, 64))[:-40]
    if label == "truncated jpeg":
        return jpeg_with_gps()[:300]
    if label == "pixel bomb":
        return _pixel_bomb(1500)  # 2.25 MP: over twice the 1 MP limit
    if label == "pixel bomb in the warning band":
        return _pixel_bomb(1200)  # 1.44 MP: Pillow only warns; we refuse
    return png_bytes()


@pytest.mark.parametrize("label", list(HOSTILE))
def test_hostile_files_are_refused_with_a_message_and_leave_nothing(label, settings):
    settings.INTAKE_MAX_IMAGE_PIXELS = 1_000_000
    name, content = HOSTILE[label]
    with pytest.raises(evidence.EvidenceRejected) as caught:
        evidence.stage_uploads([upload(name, _content(label, name, content))])
    assert caught.value.messages[0]
    assert not any(p.is_file() for p in evidence.evidence_root().rglob("*"))


def test_file_over_the_size_limit_is_refused(settings):
    at_limit = pdf_bytes("x" * 300)
    settings.INTAKE_EVIDENCE_MAX_BYTES = len(at_limit) - 1
    with pytest.raises(evidence.EvidenceRejected) as caught:
        evidence.stage_uploads([upload("besar.pdf", at_limit)])
    assert caught.value.code == "too_large"
    settings.INTAKE_EVIDENCE_MAX_BYTES = len(at_limit)
    staged = evidence.stage_uploads([upload("pas.pdf", at_limit)])
    assert staged[0].size == len(at_limit)
    evidence.discard(staged)


def test_total_and_count_limits(settings):
    settings.INTAKE_EVIDENCE_MAX_FILES = 2
    files = [upload(f"{i}.pdf", pdf_bytes(str(i))) for i in range(3)]
    with pytest.raises(evidence.EvidenceRejected):
        evidence.stage_uploads(files)
    settings.INTAKE_EVIDENCE_MAX_FILES = 10
    settings.INTAKE_EVIDENCE_MAX_TOTAL_BYTES = len(pdf_bytes("0")) * 2
    with pytest.raises(evidence.EvidenceRejected) as caught:
        evidence.stage_uploads(files)
    assert caught.value.code == "total_too_large"
    assert list(evidence.staging_dir().iterdir()) == []


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"GIF89a", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7", "application/pdf"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  ", "video/quicktime"),
        (b"\x00\x00\x00\x18ftypheic", "image/heic"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01webm", "video/webm"),
        (b"<svg", None),
        (b"PK\x03\x04", None),
    ],
)
def test_type_comes_from_content(head, expected):
    result = evidence.sniff(head)
    assert (result[0] if result else None) == expected


def test_video_and_pdf_are_kept_without_display_copy():
    mp4 = mp4_bytes()
    staged = evidence.stage_uploads([upload("video.mp4", mp4), upload("surat.pdf", pdf_bytes())])
    assert [s.content_type for s in staged] == ["video/mp4", "application/pdf"]
    assert all(s.display is None for s in staged)
    evidence.discard(staged)


def test_path_in_a_name_never_reaches_storage():
    # Django's upload object already keeps only the base name; the sanitiser refuses the rest.
    staged = evidence.stage_uploads([upload("../../etc/passwd.png", png_bytes())])
    assert staged[0].original_name == "passwd.png"
    assert staged[0].path.parent == evidence.staging_dir()
    evidence.discard(staged)
    for name in ("../x.png", "a/b.png", "a\\b.png"):
        with pytest.raises(evidence.EvidenceRejected):
            evidence.sanitize_name(name)


def test_names_are_sanitised():
    assert evidence.sanitize_name("  .foto kampanye.JPG ") == "foto kampanye.JPG"
    assert evidence.sanitize_name("") == "berkas"
    assert len(evidence.sanitize_name("a" * 500 + ".png")) == evidence.MAX_NAME


def test_original_keeps_exif_while_display_copy_has_none(make_report):
    original = jpeg_with_gps()
    report, _ = make_report(files=[upload("foto.jpg", original)])
    row = report.evidence.get()
    stored = evidence.original_path(row.sha256).read_bytes()
    assert stored == original and row.sha256 == hashlib.sha256(original).hexdigest()
    assert b"SentinelMake" in stored
    display = evidence.display_path(row.display_sha256).read_bytes()
    assert b"SentinelMake" not in display and b"SentinelModel" not in display
    with Image.open(io.BytesIO(display)) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and 0x010F not in exif and 0x0110 not in exif
        assert "xmp" not in image.info and "exif" not in image.info


def test_evidence_open_verifies_the_hash_and_audits(make_report, make_staff):
    report, _ = make_report(files=[upload("foto.png", png_bytes())])
    row = report.evidence.get()
    officer = make_staff(region="32.01")
    with evidence_open(actor=officer, evidence_row=row) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == row.sha256
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_OPENED).count() == 1
    # When the stored bytes change, Then opening fails and the failure is audited
    path = evidence.original_path(row.sha256)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(evidence.EvidenceIntegrityError):
        evidence_open(actor=officer, evidence_row=row)
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_INTEGRITY_FAILED).count() == 1


@pytest.mark.django_db
def test_sweeper_removes_only_old_staging_files(settings):
    import os
    import time

    old = evidence.staging_dir() / "up-old"
    new = evidence.staging_dir() / "up-new"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    past = time.time() - 7200
    os.utime(old, (past, past))
    from netra.intake.tasks import evidence_sweep_staging_task

    settings.INTAKE_STAGING_GRACE_SECONDS = 3600
    assert evidence_sweep_staging_task() == 1
    assert not old.exists() and new.exists()
