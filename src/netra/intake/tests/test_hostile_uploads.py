"""The hostile upload corpus (hostile.py) through every public way in: the report form, the
submit API and the status page's add-evidence form. Each file is refused with its message
(400) or kept only under its hash, downloaded as `bukti-<n>.<type>` (attachment, nosniff);
what cannot be checked is quarantined; files already stored are never touched."""

import hashlib
import re
import uuid

import pytest
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from netra.audit.models import AuditEvent
from netra.intake import evidence, scanning, services
from netra.intake.choices import EvidenceCheck, ReportAction
from netra.intake.models import Evidence, Report
from netra.intake.tests.fixtures import BOGOR, pdf_bytes, png_bytes, upload
from netra.intake.tests.hostile import EICAR, corpus, pdf_encrypted
from netra.intake.tests.test_api import api_data
from netra.intake.tests.test_views import form_data

pytestmark = pytest.mark.django_db

CORPUS = corpus()
PATHS = ("form", "api", "status")
LAYOUT = re.compile(
    r"^(\.lock|[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}|display/[0-9a-f]{2}/[0-9a-f]{64})$"
)


@pytest.fixture(autouse=True)
def _fake_antivirus(settings):
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.fake_scanner"
    settings.INTAKE_MAX_IMAGE_PIXELS = 1_000_000
    settings.INTAKE_EVIDENCE_MAX_FILES = 100  # the status-page test adds every kept file


def _refusal_message(name: str, data: bytes) -> str | None:
    """What the service says about this file (None if it keeps it)."""
    try:
        staged = evidence.stage_uploads([upload(name, data)])
    except evidence.EvidenceRejected as exc:
        return exc.messages[0]
    evidence.discard(staged)
    return None


def _send(client_path: str, name: str, data: bytes, baseline: tuple[Report, str]):
    """(status code, body text, the report now holding the file or None)."""
    file = upload(name, data)
    before = set(Evidence.objects.values_list("id", flat=True))
    if client_path == "form":
        response = Client().post(
            "/lapor/", {**form_data(idempotency_key=uuid.uuid4().hex), "evidence": [file]}
        )
    elif client_path == "api":
        response = APIClient().post(
            "/api/v1/reports/submit/", {**api_data(), "evidence": [file]}, format="multipart"
        )
    else:
        report, key = baseline
        client = Client()
        opened = client.post(
            "/lapor/status/", {"tracking_number": report.tracking_number, "access_key": key}
        )
        assert opened.status_code == 200
        response = client.post("/lapor/status/bukti/", {"evidence": [file]})
    new = Evidence.objects.exclude(id__in=before).select_related("report").first()
    return response.status_code, response.content.decode(), new


def _store_layout_is_content_addressed():
    root = evidence.evidence_root()
    for path in root.rglob("*"):
        if path.is_file():
            relative = path.relative_to(root).as_posix()
            assert LAYOUT.match(relative), relative


NAME_MESSAGES = (
    "Nama berkas tidak boleh berisi jalur folder.",
    "Nama berkas berisi karakter tersembunyi atau kontrol.",
)


def _check(label, client_path, api, baseline, good, capture):
    name, data, expected = CORPUS[label]
    message = _refusal_message(name, data)
    with capture(execute=True):  # the request commits: on_commit work runs
        status, body, row = _send(client_path, name, data, baseline)
    where = f"{label} via {client_path}"
    if expected == "either":
        # The transport may clean the name first; if refused, it is with the name message.
        expected = "refused" if status == 400 else "stored"
        if expected == "refused":
            message = next((m for m in NAME_MESSAGES if escape(m) in body or m in body), None)
    if expected == "refused":
        assert message, (where, "should be refused", body[-600:])
        assert status == 400, (where, status, body[:300])
        assert message in body or escape(message) in body, (where, body[:300])
        assert row is None, where
    else:
        assert status in (200, 201, 302), (where, status, body[:300])
        assert row is not None, where
        assert row.sha256 == hashlib.sha256(data).hexdigest() or row.metadata_removed, where
        url = f"/api/v1/reports/{row.report.public_id}/evidence/{row.public_id}/"
        response = api.get(url)
        if expected == "quarantined":
            assert row.check_state == EvidenceCheck.QUARANTINED, where
            assert response.status_code == 409, where
            assert response.json()["code"] == "evidence_quarantined", where
        else:
            assert row.check_state == EvidenceCheck.CLEAN, where
            assert response.status_code == 200, where
            number = Evidence.objects.filter(report=row.report, id__lte=row.id).count()
            extension = evidence.download_name(1, row.content_type).rsplit(".", 1)[1]
            assert response["Content-Disposition"] == (
                f'attachment; filename="bukti-{number}.{extension}"'
            ), where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Content-Type"] == row.content_type, where
            if row.display_sha256:  # images: the copy shown is re-encoded from pixels
                shown = evidence.display_path(row.display_sha256).read_bytes()
                assert b"<script" not in shown and b"alert" not in shown, where
    # Nothing already stored is harmed; everything kept is under its hash, nothing in staging.
    assert evidence.original_path(hashlib.sha256(good).hexdigest()).read_bytes() == good
    assert evidence.store_check()[1] == [], where
    _store_layout_is_content_addressed()
    assert not [p for p in evidence.staging_dir().rglob("*") if p.is_file()], where


@pytest.mark.parametrize("client_path", PATHS)
def test_hostile_corpus(
    client_path, make_report, make_staff, api_client_for, django_capture_on_commit_callbacks
):
    """Every file of the corpus, one after another, through one way in (one test per way
    keeps the reference data loaded once: the corpus has ~30 files)."""
    good = png_bytes(color=(90, 90, 90))
    baseline = make_report(files=[upload("baik.png", good)])
    api = api_client_for(make_staff(region=BOGOR))
    for label in CORPUS:
        _check(label, client_path, api, baseline, good, django_capture_on_commit_callbacks)


def test_refusals_are_translated(intake_reference):
    response = APIClient().post(
        "/api/v1/reports/submit/",
        {**api_data(), "evidence": [upload("surat.pdf", CORPUS["pdf with javascript"][1])]},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "JavaScript" in body and "PDF berisi" not in body


def test_quarantined_file_is_listed_refused_then_released_and_audited(
    make_report, make_staff, api_client_for, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.failing_scanner"
    report, _ = make_report(files=[upload("foto.png", png_bytes())])
    row = report.evidence.get()
    assert row.check_state == EvidenceCheck.QUARANTINED and "error" in row.check_detail
    officer = make_staff(region=BOGOR)
    api = api_client_for(officer)
    url = f"/api/v1/reports/{report.public_id}/evidence/{row.public_id}/"
    refused = api.get(url)
    assert refused.status_code == 409 and "dikarantina" in refused.json()["detail"]
    assert api.get(url + "?copy=display").status_code == 200  # re-encoded by us: safe to show
    with pytest.raises(services.ValidationError):
        services.evidence_release(actor=officer, evidence_row=row, reason=" ")
    services.evidence_release(actor=officer, evidence_row=row, reason="Dipindai manual: bersih.")
    assert api.get(url).status_code == 200
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_RELEASED).count() == 1


def test_av_required_quarantines_when_no_scanner_and_recheck_clears(make_report, settings):
    settings.INTAKE_AV_SCANNER = "off"
    settings.INTAKE_AV_REQUIRED = True
    report, _ = make_report(files=[upload("surat.pdf", pdf_bytes())])
    row = report.evidence.get()
    assert row.check_state == EvidenceCheck.QUARANTINED
    assert services.evidence_recheck_quarantined() == {"clean": 0, "infected": 0, "still": 0}
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.fake_scanner"
    assert services.evidence_recheck_quarantined()["clean"] == 1
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.CLEAN
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_RECHECKED).count() == 1


def test_without_a_scanner_files_are_kept_as_not_scanned(make_report, settings):
    settings.INTAKE_AV_SCANNER = "off"
    report, _ = make_report(files=[upload("surat.pdf", pdf_bytes())])
    assert report.evidence.get().check_state == EvidenceCheck.UNSCANNED


def test_encrypted_pdf_is_quarantined_not_refused(make_report):
    report, _ = make_report(files=[upload("terkunci.pdf", pdf_encrypted())])
    row = report.evidence.get()
    assert (row.check_state, row.check_detail) == (EvidenceCheck.QUARANTINED, "pdf_encrypted")
    assert Evidence.objects.count() == 1


@pytest.mark.skipif(not scanning.available(), reason="ClamAV (clamd or clamdscan) not installed")
def test_real_clamav_finds_eicar(tmp_path, settings):
    settings.INTAKE_AV_SCANNER = "auto"
    sample = tmp_path / "eicar.com"
    sample.write_bytes(EICAR)
    assert scanning.scan(sample).outcome == scanning.INFECTED
    clean = tmp_path / "clean.png"
    clean.write_bytes(png_bytes())
    assert scanning.scan(clean).outcome == scanning.CLEAN
