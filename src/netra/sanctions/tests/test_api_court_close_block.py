"""Sanctions API for the court, closing and the case's data block: allowed roles act (201),
other roles get 403, bad input 400 in the caller's language with nothing changed, other
agencies and regions 404; and the beat schedule names the sanctions tasks."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.registry.tests.factories import AgencyFactory
from netra.sanctions import services
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.models import DataBlock, Remedy
from netra.sanctions.tests.fixtures import START
from netra.sanctions.tests.test_court_close_block import DAY, decided, no_follow_up

pytestmark = pytest.mark.django_db
S = CaseState


def api(name, case) -> str:
    return reverse(f"sanctions-api:{name}", kwargs={"case_id": case.public_id})


def state_of(case) -> str:
    return Case.objects.get(pk=case.pk).state


@freeze_time(START)
def test_court_file_then_ruling_closes_the_case(sanctions_world, api_client_for):
    w = sanctions_world
    case = decided(w)
    client = api_client_for(w["ppk"])
    response = client.post(
        api("court", case),
        {"court_case_number": "12/G/2024/PTUN.BDG", "court_filed_on": "2024-10-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["court_case_number"] == "12/G/2024/PTUN.BDG"
    assert body["court_filed_on"] == "2024-10-01" and state_of(case) == S.COURT
    response = client.post(
        api("court-ruling", case),
        {"court_ruling": "Gugatan ditolak.", "court_ruled_on": "2024-10-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["court_ruling"] == "Gugatan ditolak."
    assert state_of(case) == S.CLOSED
    status = client.get(api("close", case)).json()
    assert status["case_state"] == "closed" and status["closable"] is False
    assert status["official_outcome"] == "sanctioned"


@pytest.mark.parametrize(
    ("body", "lang", "field", "message"),
    [
        ({"court_filed_on": "2030-01-01"}, "id", "court_filed_on", "masa depan"),
        ({"court_filed_on": "2030-01-01"}, "en", "court_filed_on", "in the future"),
        ({"court_filed_on": "2024-09-30"}, "en", "court_filed_on", "before the objection"),
        ({"court_case_number": " "}, "id", "court_case_number", "wajib diisi"),
        ({"court_case_number": " "}, "en", "court_case_number", "is required"),
        ({"court_filed_on": "kemarin"}, "en", "court_filed_on", "Date has wrong format"),
    ],
)
@freeze_time(START)
def test_bad_court_filing_is_400(sanctions_world, api_client_for, body, lang, field, message):
    w = sanctions_world
    case = decided(w)
    events = AuditEvent.objects.count()
    response = api_client_for(w["ppk"]).post(
        api("court", case),
        {"court_case_number": "12/G/2024/PTUN.BDG", "court_filed_on": "2024-10-01", **body},
        format="json",
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 400
    found = response.json()
    errors = found["errors"]
    assert message in str(errors[field])
    assert state_of(case) == S.OBJECTION_DECIDED
    assert Remedy.objects.get(case=case).court_case_number == ""
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("body", "lang", "message"),
    [
        ({"court_ruling": ""}, "id", "Catat putusan pengadilan."),
        ({"court_ruling": ""}, "en", "Record the court ruling."),
        ({"court_ruled_on": "2024-09-30"}, "id", "tidak boleh sebelum tanggal gugatan"),
    ],
)
@freeze_time(START)
def test_bad_court_ruling_is_400(sanctions_world, api_client_for, body, lang, message):
    w = sanctions_world
    case = decided(w)
    services.remedy_court_file(actor=w["ppk"], case=case, court_case_number="1/G", filed_on=DAY)
    response = api_client_for(w["ppk"]).post(
        api("court-ruling", case),
        {"court_ruling": "Ditolak.", "court_ruled_on": "2024-10-01", **body},
        format="json",
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 400 and message in response.json()["detail"]
    assert state_of(case) == S.COURT and Remedy.objects.get(case=case).court_ruling == ""


@freeze_time(START)
def test_court_in_the_wrong_state_is_400(sanctions_world, api_client_for):
    w = sanctions_world
    case = w["to_ppk"]()
    response = api_client_for(w["ppk"]).post(
        api("court", case), {"court_case_number": "1/G", "court_filed_on": "2024-10-01"}
    )
    assert response.status_code == 400 and response.json()["code"] == "wrong_state"
    assert state_of(case) == S.RECOMMENDATION_TO_PPK


@freeze_time(START)
def test_roles_that_may_not_act_get_403(sanctions_world, api_client_for):
    w = sanctions_world
    case = decided(w)
    filing = {"court_case_number": "1/G/2024", "court_filed_on": "2024-10-01"}
    for user in (w["auditor"], w["task_force"]):
        response = api_client_for(user).post(api("court", case), filing, format="json")
        assert response.status_code == 403 and response.json()["code"] == "role_not_allowed"
    response = api_client_for(w["auditor"]).post(api("close", case), {}, format="json")
    assert response.status_code == 403
    assert state_of(case) == S.OBJECTION_DECIDED
    assert Remedy.objects.get(case=case).court_case_number == ""


def test_close_waits_for_the_remedy_window(sanctions_world, api_client_for):
    w = sanctions_world
    with freeze_time(START):
        case = w["to_ppk"]()
        services.decision_record(
            actor=w["ppk"],
            case=case,
            sanction_code="PNS_PP94_DEMOTION_12M",
            decree_number="800/1/2024",
            decree_date=DAY,
            received_on=DAY,
        )
        client = api_client_for(w["ppk"])
        status = client.get(api("close", case)).json()
        assert status["remedy_window_end"] == "2024-10-21"
        assert status["remedy_window_over"] is False and status["closable"] is False
        for lang, message in (("id", "belum berakhir"), ("en", "has not ended")):
            refused = client.post(api("close", case), {}, format="json", HTTP_ACCEPT_LANGUAGE=lang)
            assert refused.status_code == 400 and message in refused.json()["detail"]
        assert state_of(case) == S.SANCTIONED
    with freeze_time("2024-10-22 03:00:00"):
        client = api_client_for(w["ppk"])
        status = client.get(api("close", case)).json()
        assert status["remedy_window_over"] is True and status["closable"] is True
        too_long = client.post(api("close", case), {"note": "x" * 5001}, format="json")
        assert too_long.status_code == 400 and "note" in too_long.json()["errors"]
        assert state_of(case) == S.SANCTIONED
        response = client.post(api("close", case), {"note": "Selesai."}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["case_state"] == "closed" and state_of(case) == S.CLOSED


@freeze_time(START)
def test_case_block_read_and_confirm(sanctions_world, api_client_for):
    w = sanctions_world
    case = no_follow_up(w)
    listed = api_client_for(w["ppk"]).get(api("case-block", case)).json()
    assert [b["block_status"] for b in listed] == ["requested"]
    # The PPK may read but not confirm
    response = api_client_for(w["ppk"]).post(
        api("case-block-confirm", case), {"bkn_verified": True}, format="json"
    )
    assert response.status_code == 403
    client = api_client_for(w["task_force"])
    for lang, message in (("id", "verifikasi, validasi"), ("en", "BKN verification")):
        refused = client.post(
            api("case-block-confirm", case), {"note": "x"}, format="json", HTTP_ACCEPT_LANGUAGE=lang
        )
        body = refused.json()
        assert refused.status_code == 400 and body["code"] == "bkn_verification_done"
        assert message in body["errors"]["bkn_verified"][0]
    bad = client.post(api("case-block-confirm", case), {"bkn_verified": "maybe"}, format="json")
    assert bad.status_code == 400 and "bkn_verified" in bad.json()["errors"]
    assert DataBlock.objects.get(case=case).status == DataBlockStatus.REQUESTED
    assert state_of(case) == S.PPK_NO_FOLLOW_UP
    response = client.post(
        api("case-block-confirm", case),
        {"bkn_verified": True, "note": "Verifikasi BKN nomor 12."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["block_status"] == "active" and response.json()["blocked_at"]
    assert state_of(case) == S.DATA_BLOCKED
    again = client.post(api("case-block-confirm", case), {"bkn_verified": True}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "wrong_state"
    assert DataBlock.objects.filter(case=case).count() == 1


@freeze_time(START)
def test_other_agency_and_region_get_404(sanctions_world, api_client_for, make_staff):
    w = sanctions_world
    case = no_follow_up(w)
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER3"))
    for user in (stranger, w["outsider"]):
        client = api_client_for(user)
        for name in ("close", "case-block"):
            assert client.get(api(name, case)).status_code == 404, name
        for name in ("court", "court-ruling", "close", "case-block-confirm"):
            response = client.post(api(name, case), {"bkn_verified": True}, format="json")
            assert response.status_code == 404, name
    assert state_of(case) == S.PPK_NO_FOLLOW_UP
    assert DataBlock.objects.get(case=case).status == DataBlockStatus.REQUESTED


def test_beat_schedule_names_existing_sanctions_tasks(settings):
    from netra.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    # Staged decree files are swept with every other store's by files.sweep.
    assert {"sanctions.close_after_remedy_window", "files.sweep"} <= scheduled
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    schedule = settings.CELERY_BEAT_SCHEDULE["sanctions-close-after-remedy-window"]["schedule"]
    assert schedule.remaining_estimate(dt.datetime(2024, 10, 1, 12, 0)) <= dt.timedelta(days=1)
