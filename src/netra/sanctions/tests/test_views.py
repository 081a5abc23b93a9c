"""Sanctions pages: the PPK records a decision, files and decides a remedy, sees blocks and
downloads the decree; bad input answers 4xx with a message; out of scope is 404 everywhere."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.registry.tests.factories import AgencyFactory
from netra.sanctions import services, storage
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.models import DataBlock, Decision, Remedy
from netra.sanctions.tests.fixtures import PDF_BYTES, START, pdf_file

pytestmark = pytest.mark.django_db
S = CaseState
FORM = {
    "sanction_code": "PNS_PP94_DEMOTION_12M",
    "decree_number": "800/123/BKPSDM/2024",
    "decree_date": "2024-10-01",
    "received_on": "2024-10-01",
}


def urls(case, decision=None) -> list[str]:
    found = [
        reverse("sanctions:decision", args=[case.public_id]),
        reverse("sanctions:remedy", args=[case.public_id]),
        reverse("sanctions:remedy-decide", args=[case.public_id]),
    ]
    if decision is not None:
        found.append(reverse("sanctions:decree-file", args=[decision.public_id]))
    return found


@freeze_time(START)
def test_ppk_records_a_decision_through_the_page(sanctions_world, staff_client, settings):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["ppk"])
    url = reverse("sanctions:decision", args=[case.public_id])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Penurunan jabatan setingkat lebih rendah selama 12 bulan" in body
    assert "Berat" in body and 'type="file"' in body
    response = client.post(url, {**FORM, "decree_file": pdf_file()})
    assert response.status_code == 302 and response["Location"].endswith(f"{case.public_id}/")
    decision = Decision.objects.get(case=case)
    assert Case.objects.get(pk=case.pk).state == S.SANCTIONED
    # After recording, the page shows the compliance result
    body = client.get(url).content.decode()
    assert "Sesuai rekomendasi" in body and decision.decree_number in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decree_file": pdf_file("sk.pdf", b"<html>not a pdf</html>")}, "harus berupa PDF"),
        ({"decree_date": "2030-01-01"}, "tidak boleh di masa depan"),
        ({"decree_date": "2024-02-31"}, "tanggal"),
        ({"sanction_code": "PPPK_TERMINATION_WITHOUT_HONOUR"}, "Pilih"),
        ({"decree_number": ""}, "harus diisi"),
        ({"received_on": "2024-09-01"}, "sebelum tanggal SK"),
    ],
)
@freeze_time(START)
def test_bad_decision_input_is_400_with_a_message(sanctions_world, staff_client, data, message):
    w = sanctions_world
    case = w["to_ppk"]()
    response = staff_client(w["ppk"]).post(
        reverse("sanctions:decision", args=[case.public_id]), {**FORM, **data}
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Decision.objects.exists()
    assert Case.objects.get(pk=case.pk).state == S.RECOMMENDATION_TO_PPK


@freeze_time(START)
def test_oversized_decree_answers_400(sanctions_world, staff_client, settings):
    settings.SANCTIONS_DECREE_MAX_BYTES = 100
    w = sanctions_world
    case = w["to_ppk"]()
    response = staff_client(w["ppk"]).post(
        reverse("sanctions:decision", args=[case.public_id]),
        {**FORM, "decree_file": pdf_file(data=PDF_BYTES + b"x" * 200)},
    )
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not Decision.objects.exists()


@freeze_time(START)
def test_a_role_that_may_not_decide_is_refused(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["auditor"])
    url = reverse("sanctions:decision", args=[case.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "tidak berwenang" in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    response = client.post(url, FORM)
    assert response.status_code == 403 and "tidak berwenang" in response.content.decode()
    assert not Decision.objects.exists()


@freeze_time(START)
def test_other_agency_ppk_gets_404_on_every_url(sanctions_world, staff_client, make_staff):
    w = sanctions_world
    case = w["to_ppk"]()
    decision = services.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code="PNS_PP94_DEMOTION_12M",
        decree_number="1/2024",
        decree_date=dt.date(2024, 10, 1),
        decree_file=pdf_file(),
    )
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER1"))
    for user in (stranger, w["outsider"]):
        client = staff_client(user)
        for url in urls(case, decision):
            assert client.get(url).status_code == 404, url
            assert client.post(url, FORM).status_code in (404, 405), url
    client = staff_client(w["ppk"])
    missing = uuid.uuid4()
    assert client.get(reverse("sanctions:decision", args=[missing])).status_code == 404
    assert client.get(reverse("sanctions:decree-file", args=[missing])).status_code == 404
    assert Decision.objects.count() == 1


@freeze_time(START)
def test_decree_download_is_verified_and_an_attachment(
    sanctions_world, staff_client, django_capture_on_commit_callbacks
):
    w = sanctions_world
    case = w["to_ppk"]()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_record(
            actor=w["ppk"],
            case=case,
            sanction_code="PNS_PP94_DEMOTION_12M",
            decree_number="1/2024",
            decree_date=dt.date(2024, 10, 1),
            decree_file=pdf_file(),
        )
    client = staff_client(w["ppk"])
    url = reverse("sanctions:decree-file", args=[decision.public_id])
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A stored file that changed is refused, never served
    storage.stored_path(decision.file_sha256).write_bytes(PDF_BYTES + b"tampered")
    response = client.get(url)
    assert response.status_code == 409 and b"tampered" not in response.content


@freeze_time(START)
def test_remedy_pages_file_and_decide(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["ppk"])
    client.post(reverse("sanctions:decision", args=[case.public_id]), FORM)
    url = reverse("sanctions:remedy", args=[case.public_id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"filed_on": "2024-10-01", "grounds": ""})
    assert bad.status_code == 400 and not Remedy.objects.exists()
    response = client.post(url, {"filed_on": "2024-10-01", "grounds": "Terlalu berat."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == S.OBJECTION
    decide = reverse("sanctions:remedy-decide", args=[case.public_id])
    assert client.get(decide).status_code == 200
    missing_sanction = client.post(decide, {"outcome": "changed", "decided_on": "2024-10-01"})
    assert missing_sanction.status_code == 400
    assert "Pilih sanksi" in missing_sanction.content.decode()
    response = client.post(
        decide,
        {
            "outcome": "changed",
            "decided_on": "2024-10-01",
            "new_sanction_code": "PNS_PP94_RELEASE_TO_EXECUTOR_12M",
            "new_decree_number": "800/300/2024",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == S.OBJECTION_DECIDED
    assert Decision.objects.filter(case=case).count() == 2
    # Nothing is pending any more: the form is gone and a POST is refused
    assert client.post(decide, {"outcome": "upheld", "decided_on": "2024-10-01"}).status_code == 400


@freeze_time(START)
def test_blocks_page_lists_in_scope_and_filters(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    services.data_block_confirm(actor=w["task_force"], case=case, bkn_verified=True)
    url = reverse("sanctions:blocks")
    body = staff_client(w["ppk"]).get(url, {"status": "active"}).content.decode()
    assert case.number in body
    assert case.number not in staff_client(w["ppk"]).get(url, {"status": "lifted"}).content.decode()
    assert case.number not in staff_client(w["outsider"]).get(url).content.decode()
    assert staff_client(w["ppk"]).get(url, {"status": "bogus"}).status_code == 400
    assert DataBlock.objects.count() == 1


@freeze_time(START)
def test_refusals_are_shown_in_english(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["ppk"])
    response = client.post(
        reverse("sanctions:decision", args=[case.public_id]),
        {**FORM, "decree_file": pdf_file("sk.pdf", b"MZ not a pdf")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 400 and "The decree file must be a PDF." in body
    assert "Record the decision" in body


@freeze_time(START)
def test_task_force_confirms_a_requested_block(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    block = DataBlock.objects.create(case=case, reason="uji", requested_at="2024-10-01T03:00Z")
    url = reverse("sanctions:block-confirm", args=[block.public_id])
    # The PPK sees the request but may not confirm it; another region's officer gets 404
    assert (
        "aktifkan" not in staff_client(w["ppk"]).get(reverse("sanctions:blocks")).content.decode()
    )
    assert staff_client(w["ppk"]).post(url).status_code == 403
    assert staff_client(w["outsider"]).post(url).status_code == 404
    assert staff_client(w["task_force"]).get(url).status_code == 405
    block.refresh_from_db()
    assert block.status == DataBlockStatus.REQUESTED
    page = staff_client(w["task_force"]).get(reverse("sanctions:blocks")).content.decode()
    assert url in page and 'name="bkn_verified"' in page
    # Confirming from the list needs the same explicit statement as the case's block page
    unticked = staff_client(w["task_force"]).post(url)
    assert unticked.status_code == 400
    assert "verifikasi, validasi dan/atau audit BKN" in unticked.content.decode()
    block.refresh_from_db()
    assert block.status == DataBlockStatus.REQUESTED
    response = staff_client(w["task_force"]).post(url, {"bkn_verified": "on"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.status == DataBlockStatus.ACTIVE
    assert Case.objects.get(pk=case.pk).state == S.DATA_BLOCKED
