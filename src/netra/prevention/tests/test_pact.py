"""Integrity pacts: upload (content-checked, one per unit and election), list and file."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netra.audit.models import AuditEvent
from netra.prevention import storage
from netra.prevention.models import IntegrityPact
from netra.prevention.services.pacts import PactError, pact_file_open, pact_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(prevention_world):
    return prevention_world


def _upload(w, *, actor=None, unit="education", content=PDF, name="pakta.pdf", **kw):
    values = {
        "actor": actor or w["hr"],
        "unit": w["units"][unit],
        "election": w["election"],
        "signer_name": "Kepala Dinas Pendidikan",
        "signer_position": "Kepala Dinas",
        "signed_on": w["today"] - dt.timedelta(days=1),
        "upload": SimpleUploadedFile(name, content),
    }
    values.update(kw)
    return pact_upload(**values)


def test_upload_stores_the_file_hashed_and_audited(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pact = _upload(w)
    assert pact.agency == w["agency"] and pact.region == w["agency"].region
    assert pact.content_type == "application/pdf"
    assert storage.stored_path(pact.sha256).exists()
    assert pact_file_open(actor=w["hr"], pact=pact) == PDF
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"prevention.pact_uploaded", "prevention.pact_file_opened"} <= actions


def test_png_scan_is_accepted(w):
    assert _upload(w, content=PNG, name="pakta.png").content_type == "image/png"


def test_type_is_read_from_the_content(w):
    with pytest.raises(PactError) as caught:
        _upload(w, content=b"MZ\x90\x00 not a pdf", name="pakta.pdf")
    assert caught.value.code == "file_type"
    assert "upload" in caught.value.fields
    assert not IntegrityPact.objects.exists()


def test_one_pact_per_unit_and_election(w):
    _upload(w)
    with pytest.raises(PactError) as caught:
        _upload(w, signer_name="Orang lain")
    assert caught.value.code == "duplicate"
    assert IntegrityPact.objects.count() == 1
    _upload(w, unit="health")  # another unit is fine
    assert IntegrityPact.objects.count() == 2


@pytest.mark.parametrize("who", ["other_hr", "bawaslu", "auditor"])
def test_only_managers_of_the_units_agency(w, who):
    with pytest.raises(PactError) as caught:
        _upload(w, actor=w[who])
    assert caught.value.code == "forbidden"
    assert not IntegrityPact.objects.exists()


def test_signing_date_checks(w):
    with pytest.raises(PactError) as caught:
        _upload(w, signed_on=w["today"] + dt.timedelta(days=1), signer_name=" ")
    assert set(caught.value.fields) == {"signed_on", "signer_name"}


def test_tampered_file_is_refused(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pact = _upload(w)
    path = storage.stored_path(pact.sha256)
    path.chmod(0o644)
    path.write_bytes(PDF + b"changed")
    with pytest.raises(storage.PreventionFileIntegrityError):
        pact_file_open(actor=w["hr"], pact=pact)


# --- pages -----------------------------------------------------------------------------------


def _form(w, **overrides):
    data = {
        "unit": str(w["units"]["education"].public_id),
        "election": w["election"].slug,
        "signer_name": "Kepala Dinas Pendidikan",
        "signer_position": "Kepala Dinas",
        "signed_on": (w["today"] - dt.timedelta(days=1)).isoformat(),
        "upload": SimpleUploadedFile("pakta.pdf", PDF),
    }
    data.update(overrides)
    return data


def test_upload_page_list_and_download(w, staff_client, django_capture_on_commit_callbacks):
    client = staff_client(w["hr"])
    assert client.get(reverse("prevention:pact-list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("prevention:pact-upload"), _form(w))
    assert response["Location"] == reverse("prevention:pact-list")
    pact = IntegrityPact.objects.get()
    page = client.get(reverse("prevention:pact-list")).content.decode()
    assert "Kepala Dinas Pendidikan" in page
    file_url = reverse("prevention:pact-file", args=[pact.public_id])
    download = client.get(file_url)
    assert download.status_code == 200 and download.content == PDF
    assert download["Cache-Control"] == "no-store"
    # Bawaslu of the region sees it; the other agency's HR does not (404).
    assert staff_client(w["bawaslu"]).get(file_url).status_code == 200
    assert staff_client(w["other_hr"]).get(file_url).status_code == 404
    other_list = staff_client(w["other_hr"]).get(reverse("prevention:pact-list"))
    assert "Kepala Dinas Pendidikan" not in other_list.content.decode()


def test_upload_page_duplicate_and_bad_type(w, staff_client):
    client = staff_client(w["hr"])
    client.post(reverse("prevention:pact-upload"), _form(w))
    again = client.post(reverse("prevention:pact-upload"), _form(w))
    assert again.status_code == 409
    assert "sudah diunggah" in again.content.decode()
    bad = client.post(
        reverse("prevention:pact-upload"),
        _form(
            w,
            unit=str(w["units"]["health"].public_id),
            upload=SimpleUploadedFile("x.pdf", b"hello"),
        ),
    )
    assert bad.status_code == 400
    assert "PDF, PNG atau JPEG" in bad.content.decode()
    assert IntegrityPact.objects.count() == 1


def test_other_agency_unit_is_not_a_choice(w, staff_client):
    client = staff_client(w["other_hr"])
    response = client.post(reverse("prevention:pact-upload"), _form(w))
    assert response.status_code == 400
    assert not IntegrityPact.objects.exists()


def test_viewers_cannot_upload(w, staff_client):
    assert (
        staff_client(w["bawaslu"]).post(reverse("prevention:pact-upload"), _form(w)).status_code
        == 403
    )
