"""Shared sanctions fixtures: a case walked to the PPK, and decree files."""

import datetime as dt

import pytest

# Tuesday 1 October 2024, 10:00 WIB: the clock the sanctions tests freeze.
START = "2024-10-01 03:00:00"
ACT_DATE = dt.date(2024, 10, 1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def pdf_file(name: str = "sk.pdf", data: bytes = PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def sanctions_world(case_world, settings, tmp_path):
    """`case_world` plus `to_ppk()`: a fresh case walked to `recommendation_to_ppk` through
    `case_transition` (Bawaslu registers, classifies and studies; the task force sends it
    to the agency's PPK). Decree files go to a temporary MEDIA_ROOT."""
    from netra.cases.choices import CaseState as S
    from netra.cases.services import case_classify, case_resolve_identity, case_transition
    from netra.cases.tests.fixtures import to_recommendation_to_authority

    settings.MEDIA_ROOT = tmp_path / "media"
    w = case_world

    def to_ppk(**report_overrides):
        case = w["open"](**report_overrides)
        case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
        case = case_transition(
            actor=w["bawaslu"], case=case, target=S.REGISTERED, facts={"formal_complete": True}
        )
        case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
        case_classify(actor=w["bawaslu"], case=case, act="banners-and-props", act_date=ACT_DATE)
        case = case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)
        case = case_transition(
            actor=w["bawaslu"],
            case=case,
            target=S.RECOMMENDED,
            facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
        )
        case = to_recommendation_to_authority(w, case)
        return case_transition(actor=w["task_force"], case=case, target=S.RECOMMENDATION_TO_PPK)

    w["to_ppk"] = to_ppk
    return w
