"""A merge asks for confirmation and a reason, and can be undone before the recommendation:
the duplicate returns to its previous state with its deadlines, its reports are unlinked from
the target, both timelines and the audit trail say so. After the recommendation: refused."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.models import Case, CaseReport
from netra.cases.services import (
    CaseError,
    case_classify,
    case_merge,
    case_resolve_identity,
    case_transition,
    case_unmerge,
)
from netra.cases.tests.fixtures import to_registered
from netra.intake.models import Report

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB


def open_deadlines(case) -> set[str]:
    return set(case.deadlines.filter(met_at__isnull=True).values_list("code", flat=True))


def reports_of(case) -> set[int]:
    return set(CaseReport.objects.filter(case=case).values_list("report_id", flat=True))


def merged_pair(w):
    target = to_registered(w, w["open"]())
    duplicate = to_registered(w, w["open"]())
    before = open_deadlines(duplicate)
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="Kejadian sama.")
    return target, Case.objects.get(pk=duplicate.pk), before


@freeze_time(START)
def test_merge_needs_a_reason_and_changes_nothing_without_one(case_world):
    w = case_world
    target, duplicate = w["open"](), w["open"]()
    for reason in ("", "   "):
        with pytest.raises(CaseError) as refused:
            case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason=reason)
        assert refused.value.code == "merge_reason_required"
        assert refused.value.field_messages()["reason"]
    assert Case.objects.get(pk=duplicate.pk).state == S.RECEIVED
    assert reports_of(target) == {target.report_id}


@freeze_time(START)
def test_unmerge_restores_the_duplicate_and_unlinks_its_reports(case_world):
    w = case_world
    target, duplicate, deadlines_before = merged_pair(w)
    assert duplicate.state == S.CLOSED and deadlines_before
    assert reports_of(target) == {target.report_id, duplicate.report_id}
    with pytest.raises(CaseError) as no_reason:
        case_unmerge(actor=w["bawaslu"], duplicate=duplicate, reason=" ")
    assert no_reason.value.code == "unmerge_reason_required"
    with pytest.raises(CaseError) as auditor:
        case_unmerge(actor=w["auditor"], duplicate=duplicate, reason="Bukan kejadian sama.")
    assert auditor.value.code == "role_not_allowed"

    case_unmerge(actor=w["bawaslu"], duplicate=duplicate, reason="Ternyata kejadian berbeda.")
    duplicate = Case.objects.get(pk=duplicate.pk)
    assert duplicate.state == S.REGISTERED and duplicate.merged_into is None
    assert duplicate.closed_at is None and duplicate.outcome == ""
    assert open_deadlines(duplicate) == deadlines_before
    assert reports_of(target) == {target.report_id}
    assert reports_of(duplicate) == {duplicate.report_id}
    assert Report.objects.get(pk=duplicate.report_id).public_status != "merged"
    for case in (target, duplicate):
        row = case.events.filter(kind=CaseEventKind.UNMERGED).get()
        assert row.details["reason"] == "Ternyata kejadian berbeda."
    audit = AuditEvent.objects.get(action="cases.unmerged")
    assert audit.payload["duplicate"] == duplicate.number
    # Not merged any more: a second undo is refused
    with pytest.raises(CaseError) as again:
        case_unmerge(actor=w["bawaslu"], duplicate=duplicate, reason="Lagi.")
    assert again.value.code == "not_merged" and again.value.status == 409
    # ... and it can be merged again
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="Ternyata sama.")
    assert Case.objects.get(pk=duplicate.pk).state == S.CLOSED


@freeze_time(START)
def test_unmerge_is_refused_once_the_target_is_recommended(case_world):
    w = case_world
    target, duplicate, _before = merged_pair(w)
    case_resolve_identity(actor=w["bawaslu"], case=target, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=target, act="banners-and-props", act_date=dt.date(2024, 9, 30)
    )
    target = case_transition(actor=w["bawaslu"], case=target, target=S.STUDY)
    case_transition(
        actor=w["bawaslu"], case=target, target=S.RECOMMENDED, facts={"study_findings": "Ada."}
    )
    with pytest.raises(CaseError) as refused:
        case_unmerge(actor=w["bawaslu"], duplicate=duplicate, reason="Keliru.")
    assert refused.value.code == "unmerge_after_recommendation"
    assert refused.value.status == 409 and target.number in refused.value.message
    assert Case.objects.get(pk=duplicate.pk).state == S.CLOSED
    assert len(reports_of(target)) == 2


@freeze_time(START)
def test_duplicates_page_confirms_side_by_side_then_can_undo(case_world, staff_client):
    w = case_world
    target = to_registered(w, w["open"](place_text="SDN 1 Cibinong"))
    duplicate = to_registered(w, w["open"](place_text="SD Negeri 1 Cibinong"))
    url = reverse("cases:duplicates", kwargs={"case_id": target.public_id})
    client = staff_client(w["bawaslu"])
    asked = client.post(url, {"duplicate": str(duplicate.public_id)})
    html = asked.content.decode()
    assert asked.status_code == 200
    assert f"Gabungkan kasus {duplicate.number} ke kasus {target.number}?" in html
    assert "SDN 1 Cibinong" in html and "SD Negeri 1 Cibinong" in html
    assert "Alasan penggabungan" in html
    assert Case.objects.get(pk=duplicate.pk).state == S.REGISTERED
    english = client.post(url, {"duplicate": str(duplicate.public_id)}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Reason for the merge" in english.content.decode()
    no_reason = client.post(url, {"duplicate": str(duplicate.public_id), "confirm": "on"})
    assert no_reason.status_code == 400
    assert "Tuliskan alasan penggabungan." in no_reason.content.decode()
    assert Case.objects.get(pk=duplicate.pk).state == S.REGISTERED
    done = client.post(
        url, {"duplicate": str(duplicate.public_id), "confirm": "on", "reason": "Sama."}
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=duplicate.pk).state == S.CLOSED
    page = client.get(url).content.decode()
    assert f"Batalkan penggabungan {duplicate.number}" in page
    undone = client.post(
        url, {"duplicate": str(duplicate.public_id), "action": "unmerge", "reason": "Beda."}
    )
    assert undone.status_code == 302
    assert Case.objects.get(pk=duplicate.pk).state == S.REGISTERED
    detail = client.get(reverse("cases:detail", kwargs={"case_id": target.public_id}))
    assert "Penggabungan kasus" in detail.content.decode() and "Alasan: Beda." in (
        detail.content.decode()
    )


@freeze_time(START)
def test_merge_and_unmerge_api(case_world, api_client_for):
    w = case_world
    target = to_registered(w, w["open"]())
    duplicate = to_registered(w, w["open"]())
    api = api_client_for(w["bawaslu"])
    merge = reverse("cases-api:case-merge", kwargs={"public_id": target.public_id})
    unmerge = reverse("cases-api:case-unmerge", kwargs={"public_id": duplicate.public_id})
    missing = api.post(merge, {"duplicate": str(duplicate.public_id)}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert api.post(unmerge, {"reason": "x"}, format="json").json()["code"] == "not_merged"
    merged = api.post(
        merge, {"duplicate": str(duplicate.public_id), "reason": "Sama."}, format="json"
    )
    assert merged.status_code == 200
    assert merged.json()["events"][-1]["kind"] == "merged"
    assert api.post(unmerge, {}, format="json").status_code == 400
    refused = api_client_for(w["auditor"]).post(unmerge, {"reason": "x"}, format="json")
    assert refused.status_code == 403
    undone = api.post(unmerge, {"reason": "Beda."}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert undone.status_code == 200, undone.content
    body = undone.json()
    assert body["state"] == S.REGISTERED and body["merged_into"] is None
    assert body["events"][-2]["kind"] == "unmerged"
    assert "was undone" in body["events"][-2]["text"]
