import hashlib
import uuid

import pytest
from rest_framework.test import APIClient

from netra.audit.models import AuditEvent
from netra.intake import evidence
from netra.intake.choices import ReportAction
from netra.intake.models import Report
from netra.intake.tests.fixtures import BOGOR, jpeg_with_gps, png_bytes, upload

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports/"


def api_data(**overrides):
    data = {
        "reporter_mode": "anonymous",
        "description": "Guru memajang foto dengan gestur jari nomor urut pasangan calon.",
        "region": "32.01.01",
        "reported_name": "Ibu R",
        "reported_workplace": "SMPN 2 Cibinong",
        "election": "pilkada-2024",
        "act": "",
        "links": "https://example.org/foto",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def post_submit(client, key=None, files=(), **overrides):
    data = api_data(**overrides)
    if files:
        data["evidence"] = list(files)
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(BASE + "submit/", data, format="multipart", **headers)


def test_submit_returns_receipt_and_is_idempotent(intake_reference):
    client = APIClient()
    first = post_submit(client, key="retry-key-01", files=[upload("a.png", png_bytes())])
    assert first.status_code == 201, first.content
    assert first["Cache-Control"] == "no-store"
    body = first.json()
    assert body["tracking_number"].startswith("NTR-") and len(body["access_key"]) > 30
    again = post_submit(client, key="retry-key-01", files=[upload("a.png", png_bytes())])
    assert again.status_code == 201 and again.json() == body
    conflict = post_submit(client, key="retry-key-01", description="Lain sama sekali isinya.")
    assert conflict.status_code == 409 and "Idempotency-Key" in conflict.json()["detail"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": ""}, "description"),
        ({"region": "99.99"}, "region"),
        ({"region": ""}, "province"),
        ({"reporter_mode": "x"}, "reporter_mode"),
        ({"reported_nip": "1"}, "reported_nip"),
        ({"links": "ftp://example.org"}, "links"),
        ({"event_date": "kemarin"}, "event_date"),
    ],
)
def test_submit_bad_input_is_400_with_the_field_named(intake_reference, overrides, field):
    response = post_submit(APIClient(), **overrides)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert response.json()["code"] == "invalid"
    assert Report.objects.count() == 0


def test_submit_bad_idempotency_key_and_hostile_file(intake_reference):
    assert post_submit(APIClient(), key="no spaces!").status_code == 400
    response = post_submit(APIClient(), files=[upload("x.jpg", b"<svg><script/></svg>")])
    assert response.status_code == 400 and "evidence" in response.json()["errors"]
    assert Report.objects.count() == 0
    assert not any(p.is_file() for p in evidence.evidence_root().rglob("*"))


def test_submit_messages_follow_accept_language(intake_reference):
    response = APIClient().post(
        BASE + "submit/", api_data(description=""), format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "required" in response.json()["errors"]["description"][0].lower()


def test_status_reply_and_evidence_with_number_and_key(make_report):
    report, key = make_report()
    client = APIClient()
    creds = {"tracking_number": report.tracking_number, "access_key": key}
    status = client.post(BASE + "status/", creds, format="json")
    assert status.status_code == 200 and status["Cache-Control"] == "no-store"
    assert status.json()["public_status"] == "received"
    assert status.json()["timeline"][0]["code"] == "submitted"
    assert "cookie" not in {h.lower() for h in status.headers}  # no session from the API
    reply = client.post(BASE + "reply/", {**creds, "body": "Tambahan: ada saksi."}, format="json")
    assert reply.status_code == 201 and reply.json()["messages"][0]["direction"] == "from_reporter"
    added = client.post(
        BASE + "evidence/",
        {**creds, "evidence": [upload("b.png", png_bytes())]},
        format="multipart",
    )
    assert added.status_code == 201 and report.evidence.count() == 1
    bad = client.post(
        BASE + "evidence/", {**creds, "evidence": [upload("b.txt", b"text")]}, format="multipart"
    )
    assert bad.status_code == 400
    assert client.post(BASE + "reply/", {**creds, "body": ""}, format="json").status_code == 400


def test_status_wrong_key_is_400_then_429(make_report, settings):
    settings.INTAKE_ACCESS_FAILURES_PER_IP = "2/h"
    report, key = make_report()
    client = APIClient()
    wrong = {"tracking_number": report.tracking_number, "access_key": "nope"}
    assert client.post(BASE + "status/", wrong, format="json").status_code == 400
    assert client.post(BASE + "status/", {}, format="json").status_code == 400
    blocked = client.post(BASE + "status/", {**wrong, "access_key": key}, format="json")
    assert blocked.status_code == 429


def test_key_opens_only_its_own_report_through_the_api(make_report):
    first, key1 = make_report()
    second, _ = make_report()
    response = APIClient().post(
        BASE + "status/",
        {"tracking_number": second.tracking_number, "access_key": key1},
        format="json",
    )
    assert response.status_code == 400


# --- staff ---------------------------------------------------------------------------------


def test_staff_list_and_detail_are_scoped_and_hide_identity(
    make_report, make_staff, api_client_for
):
    bogor, _ = make_report(region="32.01.01")
    sarolangun, _ = make_report(region="15.03")
    officer = make_staff(role="bawaslu_officer", region=BOGOR)
    api = api_client_for(officer)
    listed = api.get(BASE)
    assert listed.status_code == 200
    assert [r["tracking_number"] for r in listed.json()["results"]] == [bogor.tracking_number]
    detail = api.get(f"{BASE}{bogor.public_id}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Siti" not in text and "siti@example" not in text and "Mawar" not in text
    assert detail.json()["links"] == [{"url": "https://example.org/post/1"}]
    # Out of scope and unknown ids are the same 404 on every staff endpoint
    for path in (
        f"{sarolangun.public_id}/",
        f"{uuid.uuid4()}/",
        f"{sarolangun.public_id}/identity/",
        f"{sarolangun.public_id}/evidence/{uuid.uuid4()}/",
    ):
        method = api.post if path.endswith("identity/") else api.get
        assert method(BASE + path).status_code == 404, path
    assert api.get(BASE + "?status=bogus").status_code == 400


def test_staff_endpoints_need_a_verified_staff_login(make_report, make_staff):
    report, _ = make_report()
    anonymous = APIClient()
    assert anonymous.get(BASE).status_code == 403
    assert anonymous.get(f"{BASE}{report.public_id}/").status_code == 403
    assert anonymous.post(f"{BASE}{report.public_id}/identity/").status_code == 403


def test_identity_reveal_is_audited_and_refused_to_other_roles(
    make_report, make_staff, api_client_for
):
    report, _ = make_report()
    officer = make_staff(role="bawaslu_officer", region=BOGOR)
    response = api_client_for(officer).post(f"{BASE}{report.public_id}/identity/")
    assert response.status_code == 200 and response.json()["name"] == "Siti Pelapor"
    assert (
        AuditEvent.objects.filter(
            action=ReportAction.IDENTITY_REVEALED, actor_id=officer.pk
        ).count()
        == 1
    )
    auditor = make_staff(role="auditor", region=BOGOR)
    refused = api_client_for(auditor).post(f"{BASE}{report.public_id}/identity/")
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action=ReportAction.IDENTITY_REFUSED).count() == 1


def test_evidence_download_is_verified_attachment_and_audited(
    make_report, make_staff, api_client_for
):
    original = jpeg_with_gps()
    report, _ = make_report(files=[upload("foto<script>.jpg", original)])
    row = report.evidence.get()
    api = api_client_for(make_staff(region=BOGOR))
    url = f"{BASE}{report.public_id}/evidence/{row.public_id}/"
    response = api.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == row.sha256 == response["ETag"].strip('"')
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    display = api.get(url + "?copy=display")
    assert display.status_code == 200
    assert b"SentinelMake" not in b"".join(display.streaming_content)
    assert api.get(url + "?copy=thumbnail").status_code == 400
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_OPENED).count() == 2
    # When the stored file is altered, Then the download is refused (not served) and audited
    path = evidence.original_path(row.sha256)
    path.write_bytes(b"\xff\xd8\xff" + b"changed")
    tampered = api.get(url)
    assert tampered.status_code == 409
    assert AuditEvent.objects.filter(action=ReportAction.EVIDENCE_INTEGRITY_FAILED).count() == 1
