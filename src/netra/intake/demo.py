"""Demo reports for `make run`: a handful of realistic public reports in Kabupaten Bogor and
Sarolangun (scenarios from the seed articles), some with evidence generated here.

Idempotent: each report carries a fixed idempotency key, so a second run stores nothing new.
"""

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from netra.elections.models import Election
from netra.intake.choices import PublicStatus
from netra.intake.services import IdempotencyConflict, report_status_set, report_submit
from netra.regions.selectors import region_get
from netra.rules.selectors import act_get

SCENARIOS = [
    {
        "act": "social-media-engagement",
        "region": "32.01",
        "place_text": "Grup WhatsApp guru SD se-Kecamatan Cibinong",
        "description": (
            "Seorang guru SD negeri membagikan ulang unggahan kampanye salah satu calon bupati "
            "di grup WhatsApp guru dan menambahkan ajakan untuk memilih calon tersebut."
        ),
        "reported": ("Ibu Rina", "SDN Cibinong 3", "Guru kelas"),
        "evidence": "png",
        "status": PublicStatus.IN_STUDY,
    },
    {
        "act": "photos-or-gestures",
        "region": "32.01",
        "place_text": "Akun Instagram pribadi",
        "description": (
            "Foto seorang pegawai puskesmas berseragam dinas berpose dengan gestur dua jari, "
            "sama dengan nomor urut pasangan calon, diunggah di Instagram saat masa kampanye."
        ),
        "reported": ("Dedi", "Puskesmas Citeureup", "Perawat"),
        "evidence": "png",
        "status": PublicStatus.REGISTERED,
    },
    {
        "act": "attending-declaration-or-campaign",
        "region": "15.03",
        "place_text": "Lapangan kantor kecamatan",
        "description": (
            "Camat hadir dan memberi sambutan dalam acara deklarasi dukungan kepada pasangan "
            "calon bupati Sarolangun, disaksikan warga dan tokoh masyarakat."
        ),
        "reported": ("", "Kantor Kecamatan", "Camat"),
        "evidence": "pdf",
        "status": PublicStatus.RECOMMENDED,
    },
    {
        "act": "using-office-facilities",
        "region": "15.03",
        "place_text": "Halaman kantor dinas",
        "description": (
            "Mobil dinas berpelat merah dipakai mengangkut spanduk dan atribut kampanye ke "
            "lokasi pertemuan tim pemenangan pada akhir pekan."
        ),
        "reported": ("Pak Hendra", "Dinas Pekerjaan Umum", "Sopir"),
        "evidence": None,
        "status": PublicStatus.RECEIVED,
    },
    {
        "act": "money-politics-and-gifts",
        "region": "32.01",
        "place_text": "Balai desa",
        "description": "Kepala desa membagikan sembako berstiker calon kepada warga.",
        "reported": ("", "Pemerintah Desa", "Kepala desa"),
        "evidence": None,
        "status": PublicStatus.NEEDS_CORRECTION,
    },
]


def _png(text: str, rng: random.Random) -> bytes:
    image = Image.new("RGB", (320, 200), (rng.randrange(180, 255), 230, 220))
    ImageDraw.Draw(image).text((12, 90), text, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def build_demo_reports(*, actor=None, seed: int = 42) -> dict:
    """Create the demo reports (needs regions, rules and elections loaded); returns counts and
    the (tracking number, access key) pairs so the demo can print them."""
    rng = random.Random(seed)
    election = Election.objects.filter(slug="pilkada-2024").first()
    skipped, keys = 0, []
    for index, scenario in enumerate(SCENARIOS):
        region = region_get(scenario["region"])
        if region is None:
            skipped += 1
            continue
        learned = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randrange(0, 50))
        name, workplace, position = scenario["reported"]
        files = []
        if scenario["evidence"] == "png":
            files = [SimpleUploadedFile(f"bukti-{index + 1}.png", _png(workplace, rng))]
        elif scenario["evidence"] == "pdf":
            files = [SimpleUploadedFile(f"kronologi-{index + 1}.pdf", _pdf(scenario["place_text"]))]
        data = {
            "reporter_mode": ("anonymous", "confidential", "open")[index % 3],
            "reporter": {
                "name": f"Pelapor Demo {index + 1}",
                "email": f"pelapor{index + 1}@example.invalid",
                "address": "Alamat demo",
            },
            "witnesses": "Dua orang warga" if index % 2 == 0 else "",
            "act": act_get(scenario["act"]),
            "description": scenario["description"],
            "event_date": learned - dt.timedelta(days=rng.randrange(0, 3)),
            "learned_date": learned,
            "place_text": scenario["place_text"],
            "region": region,
            "election": election,
            "reported_name": name,
            "reported_workplace": workplace,
            "reported_position": position,
            "links": [f"https://example.org/demo/{seed}/{index + 1}"] if index % 2 else [],
            "language": "id",
        }
        try:
            report, key = report_submit(
                data=data, files=files, idempotency_key=f"demo-{seed}-{index + 1}", actor=actor
            )
        except IdempotencyConflict:
            skipped += 1  # stored by an earlier run whose receipt has expired
            continue
        if report.public_status != scenario["status"]:
            report_status_set(actor=actor, report=report, status=scenario["status"])
        keys.append((report.tracking_number, key))
    return {"reports": len(keys), "skipped": skipped, "keys": keys}
