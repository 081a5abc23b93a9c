"""Demo letter settings: the Bawaslu offices of the demo region (Kabupaten Bogor and Provinsi Jawa
Barat) and fictional signatories for the national institutions that `netra load-reference`
seeds without a signatory name (docs/letters.md). Through `letter_institution_save` (audited).

The signatory names are obviously fictional; the addresses are placeholders.
"""

from netra.documents.choices import InstitutionKind
from netra.documents.models import LetterInstitution
from netra.documents.services import letter_institution_save
from netra.regions.selectors import region_get

DEMO_BAWASLU = [
    {
        "code": "bawaslu-32",
        "region": "32",
        "name": "Badan Pengawas Pemilihan Umum Provinsi Jawa Barat",
        "letterhead": "BADAN PENGAWAS PEMILIHAN UMUM\nPROVINSI JAWA BARAT",
        "address": "Jalan Contoh Demo Nomor 1, Bandung\nLaman: jabar.bawaslu.go.id",
        "place": "Bandung",
        "signatory_name": "Dr. Rahmat Contoh Demo, S.H., M.H.",
        "signatory_position": "Ketua Badan Pengawas Pemilihan Umum Provinsi Jawa Barat",
        "number_format": "{seq:03d}/PM.06/K.JB/{month_roman}/{year}",
    },
    {
        "code": "bawaslu-32-01",
        "region": "32.01",
        "name": "Badan Pengawas Pemilihan Umum Kabupaten Bogor",
        "letterhead": "BADAN PENGAWAS PEMILIHAN UMUM\nKABUPATEN BOGOR",
        "address": "Jalan Contoh Demo Nomor 2, Cibinong, Kabupaten Bogor\n"
        "Laman: bogorkab.bawaslu.go.id",
        "place": "Cibinong",
        "signatory_name": "Siti Contoh Demo, S.Sos.",
        "signatory_position": "Ketua Badan Pengawas Pemilihan Umum Kabupaten Bogor",
        "number_format": "{seq:03d}/Bawaslu-Kab.Bogor/PM.06/{month_roman}/{year}",
    },
]
DEMO_SIGNATORIES = {
    "bawaslu-ri": "Ketua Contoh Demo RI",
    "bkn": "Drs. Budi Contoh Demo, M.Si.",
    "kasn": "Prof. Dewi Contoh Demo",
}


def build_demo_letter_settings(*, actor) -> dict:
    """Create the demo Bawaslu offices' letter settings (where their region is loaded) and give
    the national rows a fictional signatory where none is set. Idempotent."""
    created, signed = 0, 0
    for row in DEMO_BAWASLU:
        region = region_get(row["region"])
        if region is None or LetterInstitution.objects.filter(code=row["code"]).exists():
            continue
        values = {key: value for key, value in row.items() if key != "region"}
        letter_institution_save(
            actor=actor,
            institution=LetterInstitution(kind=InstitutionKind.BAWASLU, region=region, **values),
        )
        created += 1
    for institution in LetterInstitution.objects.filter(code__in=DEMO_SIGNATORIES):
        if not institution.signatory_name:
            institution.signatory_name = DEMO_SIGNATORIES[institution.code]
            letter_institution_save(actor=actor, institution=institution)
            signed += 1
    return {"created": created, "signatories": signed}
