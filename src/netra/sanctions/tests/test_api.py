"""Sanctions API: record and read decisions (multipart with the decree), remedies, blocks;
bad input is a 4xx with a message and stores nothing; other agencies get 404."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.registry.tests.factories import AgencyFactory
from netra.sanctions import services
from netra.sanctions.models import DataBlock, Decision, Remedy
from netra.sanctions.tests.fixtures import PDF_BYTES, START, pdf_file

pytestmark = pytest.mark.django_db
S = CaseState
BODY = {
    "sanction_code": "PNS_PP94_DEMOTION_12M",
    "decree_number": "800/123/BKPSDM/2024",
    "decree_date": "2024-10-01",
    "received_on": "2024-10-01",
}


def api(name, *args):
    return reverse(f"sanctions-api:{name}", args=args)


@freeze_time(START)
def test_record_read_and_download_a_decision(
    sanctions_world, api_client_for, django_capture_on_commit_callbacks
):
    w = sanctions_world
    case = w["to_ppk"]()
    client = api_client_for(w["ppk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            api("decision", case.public_id),
            {**BODY, "decree_file": pdf_file()},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["compliance"] == "compliant" and body["remedy_kind"] == "objection"
    assert body["decision_status"] == "in_force" and body["file_size"] == len(PDF_BYTES)
    assert Case.objects.get(pk=case.pk).state == S.SANCTIONED
    read = client.get(api("decision", case.public_id)).json()
    assert read["current"]["public_id"] == body["public_id"] and len(read["history"]) == 1
    download = client.get(api("decree-file", body["public_id"]))
    assert download.status_code == 200 and download.content == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"decree_file": pdf_file("sk.pdf", b"\x89PNG\r\n\x1a\nimage")}, 400, "decree_file"),
        ({"decree_date": "2099-01-01"}, 400, "decree_date"),
        ({"decree_date": "yesterday"}, 400, "decree_date"),
        ({"sanction_code": "NOT_A_SANCTION"}, 400, "sanction_code"),
        ({"decree_number": " "}, 400, "decree_number"),
    ],
)
@freeze_time(START)
def test_bad_decision_input_is_refused(sanctions_world, api_client_for, change, status, field):
    w = sanctions_world
    case = w["to_ppk"]()
    response = api_client_for(w["ppk"]).post(
        api("decision", case.public_id), {**BODY, **change}, format="multipart"
    )
    assert response.status_code == status
    body = response.json()
    assert field in body["errors"]
    assert not Decision.objects.exists()
    assert Case.objects.get(pk=case.pk).state == S.RECOMMENDATION_TO_PPK


@freeze_time(START)
def test_oversized_decree_is_refused(sanctions_world, api_client_for, settings):
    settings.SANCTIONS_DECREE_MAX_BYTES = 64
    w = sanctions_world
    case = w["to_ppk"]()
    response = api_client_for(w["ppk"]).post(
        api("decision", case.public_id),
        {**BODY, "decree_file": pdf_file()},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert not Decision.objects.exists()


@freeze_time(START)
def test_role_refusal_is_403(sanctions_world, api_client_for):
    w = sanctions_world
    case = w["to_ppk"]()
    response = api_client_for(w["auditor"]).post(
        api("decision", case.public_id), BODY, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "role_not_allowed"
    assert not Decision.objects.exists()


@freeze_time(START)
def test_remedy_file_and_decide(sanctions_world, api_client_for):
    w = sanctions_world
    case = w["to_ppk"]()
    client = api_client_for(w["ppk"])
    client.post(api("decision", case.public_id), BODY, format="json")
    response = client.post(
        api("remedies", case.public_id),
        {"filed_on": "2024-10-01", "grounds": "Terlalu berat."},
        format="json",
    )
    assert response.status_code == 201 and response.json()["remedy_kind"] == "objection"
    assert response.json()["filing_deadline"] == "2024-10-21"
    response = client.post(
        api("remedy-decide", case.public_id),
        {"remedy_outcome": "upheld", "decided_on": "2024-10-01"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["remedy_outcome"] == "upheld"
    listed = client.get(api("remedies", case.public_id)).json()
    assert [r["remedy_outcome"] for r in listed] == ["upheld"]
    again = client.post(
        api("remedy-decide", case.public_id),
        {"remedy_outcome": "upheld", "decided_on": "2024-10-01"},
        format="json",
    )
    assert again.status_code == 400 and again.json()["code"] == "no_open_remedy"
    assert Remedy.objects.count() == 1


def test_late_remedy_is_refused_with_the_pp79_message(sanctions_world, api_client_for):
    w = sanctions_world
    with freeze_time(START):
        case = w["to_ppk"]()
        client = api_client_for(w["ppk"])
        client.post(api("decision", case.public_id), BODY, format="json")
    with freeze_time("2024-11-01 03:00:00"):
        client = api_client_for(w["ppk"])  # a fresh session on the later day
        response = client.post(
            api("remedies", case.public_id),
            {"filed_on": "2024-11-01", "grounds": "Terlambat."},
            format="json",
        )
    assert response.status_code == 400
    assert response.json()["code"] == "decision_within_remedy_window"
    assert "PP 79/2021" in response.json()["detail"]
    assert not Remedy.objects.exists()


@freeze_time(START)
def test_other_agency_gets_404_on_every_endpoint(sanctions_world, api_client_for, make_staff):
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
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    DataBlock.objects.create(case=case, reason="uji", requested_at="2024-10-01T03:00:00Z")
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER1"))
    client = api_client_for(stranger)
    for url in (
        api("decision", case.public_id),
        api("remedies", case.public_id),
        api("decree-file", decision.public_id),
        api("decision", uuid.uuid4()),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        api("decision", case.public_id),
        api("remedies", case.public_id),
        api("remedy-decide", case.public_id),
    ):
        assert client.post(url, BODY, format="json").status_code == 404, url
    assert client.get(api("blocks")).json()["results"] == []
    mine = api_client_for(w["ppk"]).get(api("blocks"), {"status": "requested"}).json()
    assert [b["case_number"] for b in mine["results"]] == [case.number]
    assert api_client_for(w["ppk"]).get(api("blocks"), {"status": "x"}).status_code == 400
    assert Decision.objects.count() == 1
