"""Releasing a quarantined evidence file from the case page and the API (issue 15): only the
roles intake's `may_release_evidence` allows, in scope; a reason and a confirmation are
required; the file's SHA-256 is checked again first; every release is audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from netra.audit.models import AuditEvent
from netra.intake import evidence, services
from netra.intake.choices import EvidenceCheck, ReportAction
from netra.intake.tests.fixtures import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarantined(case_world, settings):
    """A case whose report has one quarantined photo (the scanner failed at upload)."""
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.failing_scanner"
    case = case_world["open"](files=[upload("foto.png", png_bytes(color=(9, 9, 9)))])
    row = case.report.evidence.get()
    assert row.check_state == EvidenceCheck.QUARANTINED
    return case, row


def _urls(case, row):
    kwargs = {"case_id": case.public_id, "evidence_id": row.public_id}
    return (
        reverse("cases:detail", kwargs={"case_id": case.public_id}),
        reverse("cases:evidence-release", kwargs=kwargs),
        reverse("cases:evidence", kwargs=kwargs),
    )


GOOD = {"reason": "Dipindai manual dengan ClamAV terbaru: bersih.", "confirm": "on"}


# --- service ---------------------------------------------------------------------------------


def test_service_releases_audits_and_the_file_downloads(case_world, quarantined):
    case, row = quarantined
    released = services.evidence_release(
        actor=case_world["bawaslu"], evidence_row=row, reason="  Diperiksa manual.  "
    )
    assert released.check_state == EvidenceCheck.RELEASED
    assert released.check_detail == "Diperiksa manual."
    event = AuditEvent.objects.get(action=ReportAction.EVIDENCE_RELEASED)
    assert event.actor_id == case_world["bawaslu"].pk
    assert event.payload["reason"] == "Diperiksa manual." and event.payload["sha256"] == row.sha256


def test_service_checks_the_hash_before_releasing(case_world, quarantined):
    case, row = quarantined
    evidence.original_path(row.sha256).write_bytes(b"something else")
    with pytest.raises(evidence.EvidenceIntegrityError):
        services.evidence_release(actor=case_world["bawaslu"], evidence_row=row, reason="ok")
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.QUARANTINED
    failed = AuditEvent.objects.get(action=ReportAction.EVIDENCE_INTEGRITY_FAILED)
    assert failed.payload["release"] is True
    assert not AuditEvent.objects.filter(action=ReportAction.EVIDENCE_RELEASED).exists()


def test_service_refuses_other_roles_bad_reasons_and_files_not_in_quarantine(
    case_world, quarantined
):
    case, row = quarantined
    for user in (case_world["task_force"], case_world["auditor"], case_world["outsider"]):
        assert not services.may_release_evidence(user, row.report)
        with pytest.raises(PermissionDenied):
            services.evidence_release(actor=user, evidence_row=row, reason="ok")
    officer = case_world["bawaslu"]
    for reason in ("   ", "x" * 501):
        with pytest.raises(ValidationError) as refused:
            services.evidence_release(actor=officer, evidence_row=row, reason=reason)
        assert "reason" in refused.value.message_dict
    services.evidence_release(actor=officer, evidence_row=row, reason="ok")
    with pytest.raises(ValidationError) as again:
        services.evidence_release(actor=officer, evidence_row=row, reason="ok")
    assert "evidence" in again.value.message_dict
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_RELEASED).count() == 1


# --- case page -------------------------------------------------------------------------------


def test_officer_sees_the_action_and_releases_with_reason_and_confirmation(
    case_world, quarantined, staff_client
):
    case, row = quarantined
    detail, release, download = _urls(case, row)
    client = staff_client(case_world["bawaslu"])
    page = client.get(detail).content.decode()
    assert "Dikarantina" in page and release in page and "Lepaskan dari karantina" in page
    assert f'href="{download}"' not in page  # no link to the original while quarantined
    assert client.get(release).status_code == 405  # POST only
    no_reason = client.post(release, {"confirm": "on"})
    assert no_reason.status_code == 400
    assert "Tulis alasan pelepasan dari karantina." in no_reason.content.decode()
    no_confirm = client.post(release, {"reason": "Diperiksa."})
    assert no_confirm.status_code == 400
    assert "Centang pernyataan bahwa berkas sudah diperiksa." in no_confirm.content.decode()
    too_long = client.post(release, {"reason": "x" * 501, "confirm": "on"})
    assert too_long.status_code == 400
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.QUARANTINED
    done = client.post(release, GOOD, follow=True)
    assert done.status_code == 200 and done.redirect_chain[-1][0].endswith(
        f"#report-{row.report.public_id}"
    )
    assert "dilepaskan dari karantina" in done.content.decode()
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.RELEASED and row.check_detail == GOOD["reason"]
    assert f'href="{download}"' in done.content.decode() and release not in done.content.decode()
    assert client.get(download).status_code == 200
    again = client.post(release, GOOD)
    assert again.status_code == 409 and "tidak dalam karantina" in again.content.decode()


def test_page_release_checks_the_hash(case_world, quarantined, staff_client):
    case, row = quarantined
    _detail, release, _download = _urls(case, row)
    evidence.original_path(row.sha256).unlink()
    response = staff_client(case_world["bawaslu"]).post(release, GOOD)
    assert response.status_code == 409 and "SHA-256" in response.content.decode()
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.QUARANTINED


def test_roles_without_the_capability_get_no_action_and_403_out_of_scope_404(
    case_world, quarantined, staff_client
):
    case, row = quarantined
    detail, release, _download = _urls(case, row)
    task_force = staff_client(case_world["task_force"])
    page = task_force.get(detail).content.decode()
    assert "Dikarantina" in page and release not in page
    refused = task_force.post(release, GOOD)
    assert refused.status_code == 403
    assert "tidak berwenang melepaskan bukti" in refused.content.decode()
    # Out of scope: the case itself is not found, as for any unknown id.
    assert staff_client(case_world["outsider"]).post(release, GOOD).status_code == 404
    unknown = reverse(
        "cases:evidence-release",
        kwargs={"case_id": case.public_id, "evidence_id": case.public_id},
    )
    assert staff_client(case_world["bawaslu"]).post(unknown, GOOD).status_code == 404
    row.refresh_from_db()
    assert row.check_state == EvidenceCheck.QUARANTINED


def test_admin_releases_and_messages_are_in_english(case_world, quarantined, make_staff, client):
    from netra.accounts.tests.fixtures import verified_login

    case, row = quarantined
    _detail, release, _download = _urls(case, row)
    admin = verified_login(client, make_staff(role="admin"))
    admin.cookies["django_language"] = "en"
    missing = admin.post(release, {"confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert "Write the reason for releasing it from quarantine." in missing.content.decode()
    done = admin.post(release, GOOD, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "released from quarantine and can now be downloaded" in done.content.decode()


# --- API -------------------------------------------------------------------------------------


def test_api_release(case_world, quarantined, api_client_for, client):
    case, row = quarantined
    url = f"/api/v1/reports/{row.report.public_id}/evidence/{row.public_id}/release/"
    assert client.post(url, {"reason": "x"}).status_code == 403  # anonymous
    assert api_client_for(case_world["task_force"]).post(url, {"reason": "x"}).status_code == 403
    assert api_client_for(case_world["outsider"]).post(url, {"reason": "x"}).status_code == 404
    api = api_client_for(case_world["bawaslu"])
    bad = api.post(url, {"reason": ""}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    ok = api.post(url, {"reason": "Dipindai manual."}, format="json")
    assert ok.status_code == 200 and ok.json()["check_state"] == EvidenceCheck.RELEASED
    again = api.post(url, {"reason": "Dipindai manual."}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "not_quarantined"
    download = f"/api/v1/reports/{row.report.public_id}/evidence/{row.public_id}/"
    assert api.get(download).status_code == 200
