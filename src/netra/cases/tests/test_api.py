"""The cases REST API: lists and filters, one case, opening, transitions, identity,
classification, duplicates and merging, queue and overdue deadlines. Each endpoint for the
allowed and the refused roles; out of scope is 404 everywhere; bad input is a 400 with a
message in the user's language and changes nothing."""

import uuid

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseEvent, CaseReport
from netra.cases.services import (
    case_open_from_report,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tests.fixtures import to_recommendation_to_ppk, to_registered

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
DECISION = {
    "decision_sanction": "PNS_PP94_DEMOTION_12M",
    "decree_number": "800/123/BKPSDM/2024",
    "decree_date": "2024-10-01",
}
ALL_MET = [
    "reporter_identity",
    "reporter_entitled",
    "reported_person",
    "within_deadline",
    "signature_matches_id",
    "time_and_place",
    "description",
    "witnesses",
    "evidence",
]


def url(name, case=None, **kwargs):
    if case is not None:
        kwargs["public_id"] = case.public_id
    return reverse(f"cases-api:{name}", kwargs=kwargs or None)


def state_of(case) -> str:
    return Case.objects.get(pk=case.pk).state


def snapshot(case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.state,
        case.facts,
        case.person_id,
        case.classification,
        case.merged_into_id,
        CaseEvent.objects.count(),
        CaseReport.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def world(case_world, make_report):
    """`case_world` plus a case in Jambi (15.03), outside the Jawa Barat officers' scope."""
    w = case_world
    report, _key = make_report(region="15.03", reported_name="Orang Jambi")
    w["jambi_case"] = case_open_from_report(actor=w["outsider"], report=report)
    return w


def ids(response) -> set[str]:
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["public_id"] for row in rows}


# --- out of scope: 404 everywhere ------------------------------------------------------------


def test_every_case_endpoint_answers_404_out_of_scope_and_for_unknown_ids(world, api_client_for):
    w = world
    case = w["open"]()
    other = w["open"](description="Laporan lain tentang guru yang sama.")
    outsider = api_client_for(w["outsider"])
    before = snapshot(case)
    calls = [
        ("get", "case-detail", {}),
        ("post", "case-transition", {"target": S.FORMAL_CHECK}),
        ("get", "case-identity", {}),
        ("post", "case-identity", {"not_in_registry": True}),
        ("post", "case-classify", {"act": "banners-and-props", "act_date": "2024-10-01"}),
        ("get", "case-duplicates", {}),
        ("post", "case-merge", {"duplicate": str(other.public_id)}),
    ]
    bodies = set()
    for method, name, body in calls:
        for target in (case, None):
            path = url(name, case) if target else url(name, public_id=uuid.uuid4())
            response = getattr(outsider, method)(path, body, format="json")
            assert response.status_code == 404, (name, response.content)
            bodies.add(response.content)
    assert bodies == {b'{"detail":"Kasus tidak ditemukan.","code":"not_found"}'}
    assert snapshot(case) == before
    # Merging a case the user cannot see into one they can: 404 too
    own = api_client_for(w["outsider"])
    response = own.post(
        url("case-merge", w["jambi_case"]),
        {"duplicate": str(case.public_id), "reason": "Kejadian yang sama."},
        format="json",
    )
    assert response.status_code == 404
    # Opening a report outside the scope
    response = outsider.post(url("case-open"), {"report": str(case.report.public_id)})
    assert response.status_code == 404
    assert snapshot(case) == before


def test_lists_hold_only_cases_in_scope(world, api_client_for):
    w = world
    mine = w["open"]()
    bawaslu = api_client_for(w["bawaslu"])
    outsider = api_client_for(w["outsider"])
    assert ids(bawaslu.get(url("case-list"))) == {str(mine.public_id)}
    assert ids(outsider.get(url("case-list"))) == {str(w["jambi_case"].public_id)}
    assert ids(bawaslu.get(url("case-queue"))) == {str(mine.public_id)}
    assert ids(outsider.get(url("case-queue"))) == {str(w["jambi_case"].public_id)}
    # The national task force sees both; the agency's PPK neither (not yet its turn)
    task_force = api_client_for(w["task_force"])
    assert ids(task_force.get(url("case-list"))) == {
        str(mine.public_id),
        str(w["jambi_case"].public_id),
    }
    assert ids(api_client_for(w["ppk"]).get(url("case-list"))) == set()


def test_anonymous_and_unverified_users_are_refused(world, client, make_staff):
    case = world["open"]()
    assert client.get(url("case-list")).status_code == 403
    assert client.get(url("case-detail", case)).status_code == 403
    assert client.get(url("case-export-csv")).status_code == 403
    # Logged in but without the second factor
    client.force_login(world["bawaslu"])
    assert client.get(url("case-list")).status_code == 403


# --- list and filters ------------------------------------------------------------------------


@freeze_time(START)
def test_list_filters_and_orders_by_next_due_date(world, api_client_for):
    w = world
    received = w["open"]()
    registered = to_registered(w, w["open"]())  # follow-up due 2024-10-04
    needs = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    needs = case_transition(
        actor=w["bawaslu"],
        case=needs,
        target=S.NEEDS_CORRECTION,
        facts={"missing_requirements": ["witnesses"]},
    )  # correction due 2024-10-04 (3 calendar days)
    api = api_client_for(w["bawaslu"])
    response = api.get(url("case-list"), {"state": [S.REGISTERED, S.NEEDS_CORRECTION]})
    assert response.status_code == 200
    assert ids(response) == {str(registered.public_id), str(needs.public_id)}
    rows = api.get(url("case-list")).json()["results"]
    # Dated deadlines first (nearest first), cases without one last
    assert rows[-1]["public_id"] == str(received.public_id)
    assert rows[0]["next_due"] == "2024-10-03"
    assert ids(api.get(url("case-list"), {"q": registered.number.lower()})) == {
        str(registered.public_id)
    }
    assert ids(api.get(url("case-list"), {"q": received.report.tracking_number})) == {
        str(received.public_id)
    }
    with freeze_time("2024-10-10 03:00:00"):
        api = api_client_for(w["bawaslu"])  # a fresh session (the old one expired)
        late = api.get(url("case-list"), {"overdue": "true"}).json()["results"]
        assert {r["public_id"] for r in late} == {str(registered.public_id), str(needs.public_id)}
        assert all(r["is_overdue"] for r in late)
        on_time = api.get(url("case-list"), {"overdue": "false"})
        assert ids(on_time) == {str(received.public_id)}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "teleported"}, "state"),
        ({"region": "abc"}, "region"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"created_from": "2024-02-31"}, "created_from"),
        ({"created_from": "2024-10-05", "created_to": "2024-10-01"}, "created_to"),
        ({"outcome": "won"}, "outcome"),
        ({"ordering": "-id"}, "ordering"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_filters_answer_400_with_a_message(world, api_client_for, params, field):
    api = api_client_for(world["bawaslu"])
    response = api.get(url("case-list"), params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] == "Isian tidak valid."
    assert body["errors"][field]
    english = api.get(url("case-list"), params, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["detail"] == "Invalid input."
    assert english["errors"][field] != body["errors"][field] or field == "region"


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_the_case_without_the_reporter_identity(world, api_client_for):
    w = world
    case = w["open"]()
    response = api_client_for(w["bawaslu"]).get(url("case-detail", case))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number and body["state"] == S.RECEIVED
    assert body["state_label"] == "Diterima"
    assert [r["tracking_number"] for r in body["reports"]] == [case.report.tracking_number]
    assert body["reported"]["name"] == "Ahmad Fauzi"
    assert [e["to_state"] for e in body["events"]] == [S.RECEIVED]
    text = response.content.decode()
    for secret in ("Siti Pelapor", "siti@example.invalid", "081234567890", "Jl. Mawar"):
        assert secret not in text
    assert '"id"' not in text and '"pk"' not in text
    actions = {a["kind"] + ":" + str(a["target"]): a for a in body["available_actions"]}
    assert actions["transition:formal_check"]["ready"] is True
    assert "transition:closed" not in actions  # merging has its own endpoint
    assert {"resolve_identity:None", "classify:None", "merge:None"} <= set(actions)


def test_detail_for_an_auditor_has_no_actions_and_no_names(world, api_client_for):
    w = world
    case = w["open"]()
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    body = api_client_for(w["auditor"]).get(url("case-detail", case)).json()
    assert body["available_actions"] == []
    assert body["reported"] is None and body["person"] is None
    assert body["person_resolved"] is True


@freeze_time(START)
def test_detail_lists_deadlines_with_due_dates_and_actions_that_still_need_facts(
    world, api_client_for
):
    w = world
    case = to_registered(w, w["open"]())
    case = case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)
    body = api_client_for(w["bawaslu"]).get(url("case-detail", case)).json()
    due = {d["code"]: d["due_date"] for d in body["deadlines"] if d["is_open"]}
    assert due == {
        "bawaslu_follow_up": "2024-10-04",
        "bawaslu_follow_up_extended": "2024-10-03",
        "study": "2024-10-04",
    }
    actions = {a["target"]: a for a in body["available_actions"] if a["kind"] == "transition"}
    recommended = actions[S.RECOMMENDED]
    assert recommended["ready"] is False
    assert {n["guard"] for n in recommended["needs"]} >= {
        "study_has_findings",
        "study_has_classification",
    }
    assert recommended["facts"] == ["study_findings", "recommended_level", "recommended_sanctions"]


# --- open --------------------------------------------------------------------------------------


def test_open_registers_a_report_once(world, api_client_for, make_report):
    w = world
    report, _key = make_report(reported_name="Budi")
    api = api_client_for(w["bawaslu"])
    response = api.post(url("case-open"), {"report": str(report.public_id)}, format="json")
    assert response.status_code == 201
    case = Case.objects.get(public_id=response.json()["public_id"])
    assert case.report_id == report.pk and case.state == S.RECEIVED
    again = api.post(url("case-open"), {"report": str(report.public_id)}, format="json")
    assert again.status_code == 200 and again.json()["public_id"] == str(case.public_id)
    assert Case.objects.filter(report=report).count() == 1


def test_open_is_refused_for_roles_that_do_not_register_cases(world, api_client_for, make_report):
    report, _key = make_report()
    before = (Case.objects.count(), AuditEvent.objects.count())
    response = api_client_for(world["auditor"]).post(
        url("case-open"), {"report": str(report.public_id)}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("body", [{}, {"report": "not-a-uuid"}, {"report": ["x"]}])
def test_open_with_bad_input_is_400(world, api_client_for, body):
    before = Case.objects.count()
    response = api_client_for(world["bawaslu"]).post(url("case-open"), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["report"]
    assert Case.objects.count() == before


def test_open_an_unknown_report_is_404(world, api_client_for):
    response = api_client_for(world["bawaslu"]).post(
        url("case-open"), {"report": str(uuid.uuid4())}, format="json"
    )
    assert response.status_code == 404


# --- transition --------------------------------------------------------------------------------


@freeze_time(START)
def test_transition_through_the_forms_of_the_pages(world, api_client_for):
    w = world
    case = w["open"]()
    api = api_client_for(w["bawaslu"])
    response = api.post(
        url("case-transition", case), {"target": S.FORMAL_CHECK, "note": "Dicek"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == S.FORMAL_CHECK
    assert CaseEvent.objects.filter(case=case, to_state=S.FORMAL_CHECK, note="Dicek").exists()
    response = api.post(
        url("case-transition", case),
        {"target": S.REGISTERED, "facts": {"met": ALL_MET}},
        format="json",
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.state == S.REGISTERED and case.facts["formal_complete"] is True
    assert AuditEvent.objects.filter(action="cases.transition").count() == 2


@freeze_time(START)
@pytest.mark.parametrize(
    ("body", "status", "code", "message_id", "message_en"),
    [
        (
            {"target": S.REGISTERED, "facts": {"met": ["description"]}},
            400,
            "formal_requirements_complete",
            "Syarat formal dan materiel belum lengkap.",
            "The formal and material requirements are not complete.",
        ),
        (
            {"target": S.SANCTIONED, "facts": DECISION},
            409,
            "not_allowed",
            "Perubahan status ini tidak diperbolehkan.",
            "This change of state is not allowed.",
        ),
        (
            {"target": "teleported"},
            400,
            "unknown_state",
            "Status kasus tidak dikenal.",
            "Unknown state.",
        ),
        (
            {"target": S.NEEDS_CORRECTION, "facts": {"missing": ["nothing"]}, "note": "x"},
            400,
            "invalid",
            "Isian tidak valid.",
            "Invalid input.",
        ),
        (
            {"target": S.NOT_REGISTERED, "facts": {"formal_complete": True}},
            400,
            "invalid",
            "Isian tidak valid.",
            "Invalid input.",
        ),
        ({"facts": {}}, 400, "invalid", "Isian tidak valid.", "Invalid input."),
        (
            {"target": S.REGISTERED, "facts": "met"},
            400,
            "invalid",
            "Isian tidak valid.",
            "Invalid input.",
        ),
    ],
)
def test_refused_transitions_change_nothing(
    world, api_client_for, body, status, code, message_id, message_en
):
    w = world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    before = snapshot(case)
    api = api_client_for(w["bawaslu"])
    response = api.post(url("case-transition", case), body, format="json")
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["detail"] == message_id
    english = api.post(url("case-transition", case), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == status
    assert english.json()["detail"] == message_en
    assert snapshot(case) == before


def test_transition_refused_for_a_role_that_may_not_make_it(world, api_client_for):
    w = world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    before = snapshot(case)
    for who in ("auditor", "task_force"):
        response = api_client_for(w[who]).post(
            url("case-transition", case),
            {"target": S.REGISTERED, "facts": {"met": ALL_MET}},
            format="json",
        )
        assert response.status_code == 403, who
        assert response.json()["code"] == "role_not_allowed"
    assert snapshot(case) == before


@freeze_time(START)
def test_ppk_records_its_decision_through_the_sanctions_api_only(world, api_client_for):
    w = world
    case = w["open"]()
    ppk = api_client_for(w["ppk"])
    assert ppk.get(url("case-detail", case)).status_code == 404  # not yet its turn
    case = to_recommendation_to_ppk(w, case)
    body = ppk.get(url("case-detail", case)).json()
    rows = {a["target"]: a for a in body["available_actions"]}
    endpoint = reverse("sanctions-api:decision", kwargs={"case_id": case.public_id})
    decision_row = rows[S.SANCTIONED]
    assert decision_row["kind"] == "sanctions" and decision_row["endpoint"] == endpoint
    assert decision_row["facts"] == [] and "ppk_officer" in decision_row["roles"]
    assert body["person"]["name"] == w["person"].name
    # The generic transition refuses the decree: 409, the endpoint named, nothing changed
    before = snapshot(case)
    response = ppk.post(
        url("case-transition", case), {"target": S.SANCTIONED, "facts": DECISION}, format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "recorded_move"
    assert response.json()["endpoint"] == endpoint and endpoint in response.json()["detail"]
    assert snapshot(case) == before
    # The sanctions endpoint records it with its decision record
    decree = {
        "sanction_code": DECISION["decision_sanction"],
        "decree_number": DECISION["decree_number"],
        "decree_date": DECISION["decree_date"],
    }
    response = ppk.post(endpoint, decree, format="json")
    assert response.status_code == 201, response.content
    assert state_of(case) == S.SANCTIONED
    body = ppk.get(url("case-detail", case)).json()
    assert body["outcome"] == "sanctioned"
    assert body["facts"]["decree_number"] == DECISION["decree_number"]


# --- identity and classification -----------------------------------------------------------


def test_identity_candidates_and_resolution(world, api_client_for):
    w = world
    case = w["open"]()
    api = api_client_for(w["bawaslu"])
    response = api.get(url("case-identity", case))
    assert response.status_code == 200
    candidates = response.json()
    assert candidates[0]["rank"] == 1
    assert candidates[0]["person"]["public_id"] == str(w["person"].public_id)
    assert "name_exact" in {r["code"] for r in candidates[0]["reasons"]}
    response = api.post(
        url("case-identity", case), {"person": str(w["person"].public_id)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["person"]["public_id"] == str(w["person"].public_id)
    case.refresh_from_db()
    assert case.person_id == w["person"].pk
    event = AuditEvent.objects.filter(action="cases.identity_resolved").get()
    assert event.payload["suggestion_rank"] == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "identity_choice"),
        ({"person": "x"}, "invalid"),
        ({"person": str(uuid.UUID(int=7))}, "person_not_found"),
        ({"not_in_registry": "perhaps"}, "invalid"),
    ],
)
def test_identity_bad_input_is_400(world, api_client_for, body, code):
    case = world["open"]()
    before = snapshot(case)
    response = api_client_for(world["bawaslu"]).post(
        url("case-identity", case), body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert snapshot(case) == before


def test_identity_is_refused_to_auditors(world, api_client_for):
    w = world
    case = w["open"]()
    before = snapshot(case)
    api = api_client_for(w["auditor"])
    assert api.get(url("case-identity", case)).status_code == 403
    response = api.post(url("case-identity", case), {"not_in_registry": True}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert snapshot(case) == before


def test_classify(world, api_client_for):
    w = world
    case = w["open"]()
    api = api_client_for(w["bawaslu"])
    body = {"act": "banners-and-props", "act_date": "2024-10-01"}
    # Without a person or an employee type the service refuses
    response = api.post(url("case-classify", case), body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "employee_type"
    response = api.post(url("case-classify", case), {**body, "employee_type": "PNS"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["classification"]["act"] == "banners-and-props"
    assert AuditEvent.objects.filter(action="cases.classified").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"act": "banners-and-props", "act_date": "2024-02-31"}, 400, "invalid"),
        ({"act": "no-such-act", "act_date": "2024-10-01", "employee_type": "PNS"}, 400, None),
        ({"act": "banners-and-props", "act_date": "2024-10-01", "phase": "x"}, 400, "invalid"),
        ({"act": "banners-and-props", "employee_type": "PRESIDEN"}, 400, "invalid"),
    ],
)
def test_classify_bad_input_is_400(world, api_client_for, body, status, code):
    case = world["open"]()
    before = snapshot(case)
    response = api_client_for(world["bawaslu"]).post(
        url("case-classify", case), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == status
    if code:
        assert response.json()["code"] == code
    assert response.json()["detail"]
    assert snapshot(case) == before


def test_classify_refused_for_auditor(world, api_client_for):
    w = world
    case = w["open"]()
    response = api_client_for(w["auditor"]).post(
        url("case-classify", case),
        {"act": "banners-and-props", "act_date": "2024-10-01", "employee_type": "PNS"},
        format="json",
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).classification == {}


# --- duplicates and merge ----------------------------------------------------------------------


def test_duplicates_and_merge(world, api_client_for):
    w = world
    text = "Guru SDN 1 Cibinong membagikan unggahan kampanye calon bupati di grup WhatsApp."
    case = w["open"](description=text)
    twin = w["open"](description=text)
    api = api_client_for(w["bawaslu"])
    response = api.get(url("case-duplicates", case))
    assert response.status_code == 200
    found = {row["case"]["public_id"]: row for row in response.json()}
    assert str(twin.public_id) in found
    assert "similar_text" in {r["code"] for r in found[str(twin.public_id)]["reasons"]}
    # An auditor may not merge; nothing changes
    before = snapshot(twin)
    refused = api_client_for(w["auditor"]).post(
        url("case-merge", case),
        {"duplicate": str(twin.public_id), "reason": "Kejadian yang sama."},
        format="json",
    )
    assert refused.status_code == 403
    assert snapshot(twin) == before
    # Merging into itself is bad input
    same = api.post(
        url("case-merge", case),
        {"duplicate": str(case.public_id), "reason": "Kejadian yang sama."},
        format="json",
    )
    assert same.status_code == 400 and same.json()["code"] == "same_case"
    bad = api.post(url("case-merge", case), {"duplicate": "x"}, format="json")
    assert bad.status_code == 400
    assert snapshot(twin) == before
    no_reason = api.post(url("case-merge", case), {"duplicate": str(twin.public_id)}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert snapshot(twin) == before
    response = api.post(
        url("case-merge", case),
        {"duplicate": str(twin.public_id), "reason": "Kejadian yang sama."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["reports"]) == 2
    twin.refresh_from_db()
    assert twin.state == S.CLOSED and twin.merged_into_id == case.pk


def test_merging_into_a_closed_case_is_a_conflict(world, api_client_for):
    w = world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    case = case_transition(
        actor=w["bawaslu"], case=case, target=S.NOT_REGISTERED, facts={"reason": "Kedaluwarsa"}
    )
    twin = w["open"]()
    before = snapshot(twin)
    response = api_client_for(w["bawaslu"]).post(
        url("case-merge", case),
        {"duplicate": str(twin.public_id), "reason": "Kejadian yang sama."},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "target_closed"
    assert snapshot(twin) == before


# --- queue and overdue deadlines ---------------------------------------------------------------


def test_queue_and_overdue_deadlines(world, api_client_for):
    w = world
    with freeze_time(START):
        registered = to_registered(w, w["open"]())
        waiting = w["open"]()
        closed = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
        case_transition(
            actor=w["bawaslu"], case=closed, target=S.NOT_REGISTERED, facts={"reason": "x"}
        )
    with freeze_time("2024-10-10 03:00:00"):
        from netra.cases.services import deadlines_mark_overdue

        deadlines_mark_overdue()
        api = api_client_for(w["bawaslu"])
        rows = api.get(url("case-queue")).json()["results"]
        assert [r["public_id"] for r in rows] == [str(registered.public_id), str(waiting.public_id)]
        assert rows[0]["is_overdue"] is True and rows[1]["is_overdue"] is False
        overdue = api.get(url("deadline-overdue")).json()["results"]
        assert {(o["case"]["number"], o["code"]) for o in overdue} == {
            (registered.number, "bawaslu_follow_up"),
            (registered.number, "bawaslu_follow_up_extended"),
        }
        assert overdue[0]["overdue_since"]
        outsider = api_client_for(w["outsider"])
        assert outsider.get(url("deadline-overdue")).json()["results"] == []
        assert ids(outsider.get(url("case-queue"))) == {str(w["jambi_case"].public_id)}


def test_queue_sections_split_my_moves_from_the_others(world, api_client_for):
    w = world
    with freeze_time(START):
        registered = to_registered(w, w["open"]())
        received = w["open"]()
        bawaslu = api_client_for(w["bawaslu"])
        mine = ids(bawaslu.get(url("case-queue"), {"section": "needs_action"}))
        assert mine == {str(registered.public_id), str(received.public_id)}
        assert ids(bawaslu.get(url("case-queue"), {"section": "waiting"})) == set()
        auditor = api_client_for(w["auditor"])  # reads everything in scope, moves nothing
        assert ids(auditor.get(url("case-queue"), {"section": "needs_action"})) == set()
        assert ids(auditor.get(url("case-queue"), {"section": "waiting"})) == mine
        bad = bawaslu.get(url("case-queue"), {"section": "mine"})
        assert bad.status_code == 400
        assert bad.json()["code"] == "invalid" and "section" in bad.json()["errors"]
