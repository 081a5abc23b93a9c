"""The letters block of the case page: list, download (audited, scoped), issue, re-issue."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.letters import recommendation_letter_issue
from netra.cases.tests.test_letters import advance, classified_case
from netra.documents.models import IssuedDocument, LetterInstitution

pytestmark = pytest.mark.django_db
S = CaseState
NOW = "2024-10-01 03:00:00"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"case_id": case.public_id, **kwargs})


@freeze_time(NOW)
def test_officer_issues_sees_and_downloads_the_letter(
    case_world, staff_client, django_capture_on_commit_callbacks
):
    # Given a recommended case without its letter
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    client = staff_client(w["bawaslu"])
    page = client.get(url("detail", case)).content.decode()
    assert "Belum ada surat." in page
    assert "Terbitkan surat rekomendasi" in page
    # the move to the authority waits for the letter, and says so
    assert "Terbitkan surat rekomendasi lebih dahulu" in page

    # When the officer issues it from the page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("letter", case, kind="rekomendasi"), follow=True)

    # Then the page lists it with its number, issuer, date and a download link
    html = response.content.decode()
    document = IssuedDocument.objects.get()
    assert f"Surat nomor {document.letter_number} diterbitkan" in html
    assert "Surat rekomendasi" in html and document.letter_number in html
    assert "Badan Pengawas Pemilihan Umum Provinsi Jawa Barat, 1 Oktober 2024" in html
    download = url("letter-download", case, code=document.code)
    assert f'href="{download}"' in html
    assert "Terbitkan ulang surat rekomendasi" in html
    assert "Terbitkan surat rekomendasi lebih dahulu" not in html

    # and the download is the PDF, audited under the officer's name
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="surat-rekomendasi-001')
    assert pdf.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="documents.document_opened").last()
    assert event.actor_id == w["bawaslu"].pk


@freeze_time(NOW)
def test_a_reissued_letter_shows_what_replaced_it(case_world, staff_client):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    old = recommendation_letter_issue(actor=w["bawaslu"], case=case)
    new = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    html = staff_client(w["auditor"]).get(url("detail", case)).content.decode()

    assert f"Diganti oleh surat nomor {new.letter_number} pada 1 Oktober 2024." in html
    assert old.letter_number in html
    assert "Terbitkan" not in html  # the auditor reads, never issues


@freeze_time(NOW)
def test_missing_settings_answer_400_on_the_page_and_issue_nothing(case_world, staff_client):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    LetterInstitution.objects.filter(code="bawaslu-32").delete()

    response = staff_client(w["bawaslu"]).post(url("letter", case, kind="rekomendasi"))

    assert response.status_code == 400
    assert "Pengaturan surat Bawaslu Jawa Barat belum ada" in response.content.decode()
    assert not IssuedDocument.objects.exists()


@freeze_time(NOW)
def test_download_is_scoped(case_world, staff_client, django_capture_on_commit_callbacks):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    with django_capture_on_commit_callbacks(execute=True):
        document = recommendation_letter_issue(actor=w["bawaslu"], case=case)
    download = url("letter-download", case, code=document.code)

    # Out of scope, and the PPK before the case reaches it: 404
    assert staff_client(w["outsider"]).get(download).status_code == 404
    assert staff_client(w["ppk"]).get(download).status_code == 404
    # A code that is not this case's letter: 404
    assert (
        staff_client(w["bawaslu"])
        .get(url("letter-download", case, code="VRF-0000-0000-0"))
        .status_code
        == 404
    )

    # Once the case reached the PPK, the PPK sees the letter and downloads it
    case = advance(w, case, S.RECOMMENDATION_TO_PPK)
    ppk = staff_client(w["ppk"])
    assert f'href="{download}"' in ppk.get(url("detail", case)).content.decode()
    assert ppk.get(download).status_code == 200
