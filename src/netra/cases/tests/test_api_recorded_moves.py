"""The cases API hands the moves the sanctions app records (the PPK's decree, objection/appeal
and its decision, court, closing after the remedy window, data block) to /api/v1/sanctions/:
`available_actions` names the sanctions endpoint, and the generic transition endpoint refuses
them with 409 `recorded_move`, changing nothing. The other moves keep the generic endpoint."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.cases.tests.test_api import snapshot, state_of, to_recommendation_to_ppk, url
from netra.registry.choices import PersonStatus
from netra.sanctions import services as sanctions

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
DAY = dt.date(2024, 10, 1)


def endpoint(name, case) -> str:
    """The sanctions endpoint, or the API root the refusal names while it is missing."""
    try:
        return reverse(f"sanctions-api:{name}", kwargs={"case_id": case.public_id})
    except NoReverseMatch:
        return "/api/v1/sanctions/"


def objectionable(case) -> str:
    return next(
        s["code"] for s in case.classification["sanctions"] if s.get("remedy") == "objection"
    )


def at_sanctioned(w):
    case = to_recommendation_to_ppk(w, w["open"]())
    sanctions.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=objectionable(case),
        decree_number="800/9/2024",
        decree_date=dt.date(2024, 9, 30),
        received_on=DAY,
    )
    return Case.objects.get(pk=case.pk)


def at_objection(w):
    case = at_sanctioned(w)
    sanctions.remedy_file(actor=w["ppk"], case=case, filed_on=DAY, grounds="Terlalu berat.")
    return Case.objects.get(pk=case.pk)


def at_objection_decided(w):
    case = at_objection(w)
    sanctions.remedy_decide(actor=w["ppk"], case=case, outcome="upheld", decided_on=DAY)
    return Case.objects.get(pk=case.pk)


def at_court(w):
    case = at_objection_decided(w)
    sanctions.remedy_court_file(
        actor=w["ppk"], case=case, court_case_number="12/G/2024/PTUN.BDG", filed_on=DAY
    )
    return Case.objects.get(pk=case.pk)


def at_no_follow_up(w):
    case = to_recommendation_to_ppk(w, w["open"]())
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    return Case.objects.get(pk=case.pk)


@freeze_time(START)
@pytest.mark.parametrize(
    ("walk", "state", "who", "target", "name"),
    [
        (at_sanctioned, S.SANCTIONED, "ppk", S.OBJECTION, "remedies"),
        (at_sanctioned, S.SANCTIONED, "ppk", S.APPEAL, "remedies"),
        (at_sanctioned, S.SANCTIONED, "task_force", S.CLOSED, "close"),
        (at_objection, S.OBJECTION, "ppk", S.OBJECTION_DECIDED, "remedy-decide"),
        (at_objection_decided, S.OBJECTION_DECIDED, "ppk", S.COURT, "court"),
        (at_objection_decided, S.OBJECTION_DECIDED, "ppk", S.CLOSED, "close"),
        (at_court, S.COURT, "ppk", S.CLOSED, "court-ruling"),
        (at_no_follow_up, S.PPK_NO_FOLLOW_UP, "task_force", S.DATA_BLOCKED, "case-block-confirm"),
        (at_no_follow_up, S.PPK_NO_FOLLOW_UP, "ppk", S.SANCTIONED, "decision"),
    ],
)
def test_recorded_moves_are_refused_by_the_generic_endpoint(
    case_world, api_client_for, walk, state, who, target, name
):
    w = case_world
    case = walk(w)
    assert case.state == state
    api = api_client_for(w[who])
    where = endpoint(name, case)
    before = snapshot(case)
    response = api.post(
        url("case-transition", case),
        {"target": target, "facts": {"remedy_filed_on": "2024-10-01"}, "note": "x"},
        format="json",
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "recorded_move" and body["endpoint"] == where
    assert "dicatat melalui API sanksi" in body["detail"] and where in body["detail"]
    english = api.post(
        url("case-transition", case), {"target": target}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 409
    assert "is made through the sanctions API" in english.json()["detail"]
    assert snapshot(case) == before
    # The case detail lists the move with that endpoint, without fact fields
    actions = api.get(url("case-detail", case)).json()["available_actions"]
    row = next(a for a in actions if a["target"] == target)
    assert row["kind"] == "sanctions" and row["endpoint"] == where and row["facts"] == []


@freeze_time(START)
def test_out_of_scope_recorded_move_is_still_404(case_world, api_client_for):
    w = case_world
    case = at_sanctioned(w)
    before = snapshot(case)
    response = api_client_for(w["outsider"]).post(
        url("case-transition", case), {"target": S.OBJECTION}, format="json"
    )
    assert response.status_code == 404 and snapshot(case) == before


@freeze_time(START)
def test_data_blocked_offers_the_decision_endpoint_and_keeps_the_generic_lift(
    case_world, api_client_for
):
    w = case_world
    case = at_no_follow_up(w)
    sanctions.data_block_confirm(
        actor=w["task_force"], case=case, bkn_verified=True, note="Diverifikasi BKN."
    )
    assert state_of(case) == S.DATA_BLOCKED
    actions = api_client_for(w["ppk"]).get(url("case-detail", case)).json()["available_actions"]
    rows = {a["target"]: a for a in actions}
    assert rows[S.SANCTIONED]["kind"] == "sanctions"
    assert rows[S.SANCTIONED]["endpoint"] == endpoint("decision", case)
    lift = rows[S.UNBLOCKED]
    assert lift["kind"] == "transition" and lift["endpoint"] is None and not lift["ready"]
    assert [n["guard"] for n in lift["needs"]] == ["ppk_has_acted"]
    # An auditor sees the case but may do nothing
    auditor = api_client_for(w["auditor"]).get(url("case-detail", case)).json()
    assert auditor["available_actions"] == []


@freeze_time(START)
def test_a_move_the_case_pages_make_keeps_the_generic_endpoint(case_world, api_client_for):
    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    w["person"].status = PersonStatus.RETIRED
    w["person"].save(update_fields=["status"])
    api = api_client_for(w["ppk"])
    rows = {a["target"]: a for a in api.get(url("case-detail", case)).json()["available_actions"]}
    assert rows[S.CLOSED]["kind"] == "transition" and rows[S.CLOSED]["ready"] is True
    response = api.post(
        url("case-transition", case),
        {"target": S.CLOSED, "note": "Terlapor pensiun."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert state_of(case) == S.CLOSED
