"""Shared documents fixtures.

    def test_x(issue_document):
        document = issue_document(kind="pledge_certificate", public_fields={"name": "Siti"})

`issue_document` goes through `document_issue` (so it adds audit events) and runs the on-commit
step, so the PDF is in place under MEDIA_ROOT/documents/ when it returns.
"""

import pytest

NOTICE_TEMPLATE = "documents/pdf/notice.html"


@pytest.fixture
def issue_document(django_capture_on_commit_callbacks):
    from netra.documents.services import document_issue

    def issue(
        *,
        actor=None,
        kind="other",
        title="Pemberitahuan uji",
        issuer="Bawaslu Kabupaten Bogor",
        template=NOTICE_TEMPLATE,
        context=None,
        public_fields=None,
        subject_ref="",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            return document_issue(
                actor=actor,
                kind=kind,
                title=title,
                issuer=issuer,
                template=template,
                context=context if context is not None else {"paragraphs": ["Isi uji."]},
                public_fields=public_fields or {},
                subject_ref=subject_ref,
            )

    return issue


# Letter settings used by the case letters' tests: every Bawaslu a test officer may act for (RI,
# Jawa Barat, Kabupaten Bogor, Jambi) and both recommending authorities. Signatories are
# obviously fictional.
LETTER_INSTITUTIONS = [
    {
        "code": "bawaslu-ri",
        "kind": "bawaslu",
        "region": None,
        "name": "Badan Pengawas Pemilihan Umum Republik Indonesia",
        "letterhead": "BADAN PENGAWAS PEMILIHAN UMUM\nREPUBLIK INDONESIA",
        "place": "Jakarta",
        "signatory_name": "Penanda Tangan Uji RI",
        "signatory_position": "Ketua Bawaslu Republik Indonesia",
        "number_format": "{seq:03d}/PM.06/K1/{month_roman}/{year}",
    },
    {
        "code": "bawaslu-32",
        "kind": "bawaslu",
        "region": "32",
        "name": "Badan Pengawas Pemilihan Umum Provinsi Jawa Barat",
        "letterhead": "BADAN PENGAWAS PEMILIHAN UMUM\nPROVINSI JAWA BARAT",
        "address": "Jalan Uji Nomor 1, Bandung",
        "place": "Bandung",
        "signatory_name": "Penanda Tangan Uji Jabar",
        "signatory_position": "Ketua Bawaslu Provinsi Jawa Barat",
        "number_format": "{seq:03d}/PM.06/K.JB/{month_roman}/{year}",
    },
    {
        "code": "bawaslu-32-01",
        "kind": "bawaslu",
        "region": "32.01",
        "name": "Badan Pengawas Pemilihan Umum Kabupaten Bogor",
        "letterhead": "BADAN PENGAWAS PEMILIHAN UMUM\nKABUPATEN BOGOR",
        "address": "Jalan Uji Nomor 2, Cibinong",
        "place": "Cibinong",
        "signatory_name": "Penanda Tangan Uji Bogor",
        "signatory_position": "Ketua Bawaslu Kabupaten Bogor",
        "number_format": "{seq:03d}/Bawaslu-Kab.Bogor/PM.06/{month_roman}/{year}",
    },
    {
        "code": "bkn",
        "kind": "authority",
        "authority_code": "BKN",
        "name": "Badan Kepegawaian Negara",
        "letterhead": "BADAN KEPEGAWAIAN NEGARA\nREPUBLIK INDONESIA",
        "place": "Jakarta",
        "addressee": "Kepala Badan Kepegawaian Negara",
        "signatory_name": "Penanda Tangan Uji BKN",
        "signatory_position": "Deputi Bidang Pengawasan dan Pengendalian BKN",
        "number_format": "{seq:04d}/B-KP.07/SD/D/{year}",
    },
    {
        "code": "kasn",
        "kind": "authority",
        "authority_code": "KASN",
        "name": "Komisi Aparatur Sipil Negara",
        "letterhead": "KOMISI APARATUR SIPIL NEGARA",
        "place": "Jakarta",
        "addressee": "Ketua Komisi Aparatur Sipil Negara",
        "signatory_name": "Penanda Tangan Uji KASN",
        "signatory_position": "Ketua KASN",
        "number_format": "B-{seq:04d}/KASN/{month}/{year}",
    },
]


@pytest.fixture
def letter_institutions(db):
    """The letter settings of LETTER_INSTITUTIONS (by code), created through the service."""
    from netra.documents.models import LetterInstitution
    from netra.documents.services import letter_institution_save
    from netra.regions.models import Region

    made = {}
    for row in LETTER_INSTITUTIONS:
        values = dict(row)
        region = values.pop("region", None)
        if region is not None:
            region = Region.objects.filter(code=region).first()
            if region is None:
                continue  # that region is not loaded in this test database
        made[row["code"]] = letter_institution_save(
            actor=None, institution=LetterInstitution(region=region, **values)
        )
    return made
