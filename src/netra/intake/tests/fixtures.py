"""Shared intake fixtures: reference data, report input and stored reports, evidence bytes.

def test_x(make_report, intake_reference):
    report, key = make_report(region="32.01.01")      # a stored report and its access key
"""

import io

import pytest

BOGOR = "32.01"  # Kabupaten Bogor
BOGOR_DISTRICT = "32.01.01"
SAROLANGUN = "15.03"


def png_bytes(size=(8, 8), color=(200, 30, 30), **save_kwargs) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG", **save_kwargs)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A small JPEG with Make, Model and GPS tags in its EXIF."""
    from PIL import Image

    image = Image.new("RGB", (16, 16), (10, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SentinelMake"  # Make
    exif[0x0110] = "SentinelModel"  # Model
    gps = {1: "S", 2: (6.0, 35.0, 10.0), 3: "E", 4: (106.0, 47.0, 20.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def pdf_bytes(text: str = "Bukti") -> bytes:
    """A valid one-page PDF (parsed by pypdf on upload) whose bytes depend on `text`."""
    from netra.intake.demo import _pdf

    return _pdf(text)


def box(kind: bytes, payload: bytes = b"") -> bytes:
    import struct

    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(media: bytes = b"\x00" * 64, brand: bytes = b"mp42") -> bytes:
    """The box structure of an MP4 (ftyp, moov with mvhd and a trak, mdat): what the
    container check walks; not playable."""
    return (
        box(b"ftyp", brand + b"\x00\x00\x00\x00" + b"isom" + brand)
        + box(b"moov", box(b"mvhd", b"\x00" * 100) + box(b"trak", box(b"tkhd", b"\x00" * 84)))
        + box(b"mdat", media)
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def intake_reference(regions_sample, rules_loaded, elections_loaded):
    """Regions (six provinces to districts), the rules catalog and the elections."""
    return {"regions": regions_sample}


def report_input(**overrides) -> dict:
    """Service-level input for `report_submit` (regions/acts/elections must be loaded)."""
    from netra.regions.models import Region

    region = overrides.pop("region", BOGOR_DISTRICT)
    if isinstance(region, str):
        region = Region.objects.get(code=region)
    data = {
        "reporter_mode": "confidential",
        "reporter": {
            "name": "Siti Pelapor",
            "email": "siti@example.invalid",
            "phone": "081234567890",
            "id_number": "",
            "address": "Jl. Mawar 1, Cibinong",
        },
        "witnesses": "Budi (tetangga)",
        "act": None,
        "description": "Seorang guru membagikan unggahan kampanye calon bupati di grup WhatsApp.",
        "event_date": None,
        "learned_date": None,
        "place_text": "SDN 1 Cibinong",
        "region": region,
        "election": None,
        "reported_name": "Drs. Ahmad",
        "reported_workplace": "SDN 1 Cibinong",
        "reported_position": "Guru",
        "reported_region": None,
        "reported_nip": "",
        "reported_nik": "",
        "links": ["https://example.org/post/1"],
        "language": "id",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_report(intake_reference, django_capture_on_commit_callbacks):
    """Factory: make_report(files=(), **input overrides) -> (report, access_key), committed
    callbacks run (evidence moved into place)."""
    from netra.intake.services import report_submit

    def make(files=(), idempotency_key=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return report_submit(
                data=report_input(**overrides), files=files, idempotency_key=idempotency_key
            )

    return make
