"""The case workflow driven through its services: the journey from a report to a sanction,
refusals that change nothing, scope, merging and the overdue sweep."""

import datetime as dt

import pytest
from django.utils import translation
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.audit.selectors import audit_chain_verify
from netra.cases import selectors
from netra.cases.choices import CaseState, OfficialOutcome
from netra.cases.models import Case, CaseDeadline, CaseEvent, CaseReport
from netra.cases.services import (
    CaseError,
    CaseNotFound,
    CaseTransitionError,
    case_classify,
    case_merge,
    case_open_from_report,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tasks import mark_overdue
from netra.cases.tests.fixtures import (
    to_recommendation_to_authority,
    to_recommendation_to_ppk,
    to_registered,
)
from netra.intake.models import Report

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
DECISION = {
    "decision_sanction": "PNS_PP94_DEMOTION_12M",
    "decree_number": "800/123/BKPSDM/2024",
    "decree_date": dt.date(2024, 10, 1),
}


def open_deadlines(case) -> set[str]:
    return set(case.deadlines.filter(met_at__isnull=True).values_list("code", flat=True))


def snapshot(case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    report = Report.objects.get(pk=case.report_id)
    return (
        case.state,
        case.facts,
        case.outcome,
        CaseEvent.objects.count(),
        list(CaseDeadline.objects.values_list("id", "met_at", "overdue_since", "escalated_at")),
        AuditEvent.objects.count(),
        report.public_status,
        report.events.count(),
    )


@freeze_time(START)
def test_happy_path_from_report_to_sanction(case_world, django_capture_on_commit_callbacks):
    w = case_world
    # Given a public report registered as a case
    case = w["open"]()
    assert case.state == S.RECEIVED and case.number.startswith("KSS-24-")
    assert CaseReport.objects.get(case=case).is_primary
    # When Bawaslu checks and registers it
    case = to_registered(w, case)
    # Then the regional follow-up limits run (3 and 2 calendar days in a pilkada)
    assert open_deadlines(case) == {"bawaslu_follow_up", "bawaslu_follow_up_extended"}
    due = dict(case.deadlines.values_list("code", "due_date"))
    assert due["bawaslu_follow_up"] == dt.date(2024, 10, 4)
    assert Report.objects.get(pk=case.report_id).public_status == "registered"

    # When the person and the act are resolved and the task force verifies, then studies
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case = case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    assert case.classification["recommending_authority"]["code"]
    case = case_transition(actor=w["task_force"], case=case, target=S.TASK_FORCE_VERIFICATION)
    assert "task_force_verification" in open_deadlines(case)
    case = case_transition(actor=w["task_force"], case=case, target=S.STUDY)
    # Then verification is met, the study runs and the statutory limits still run
    assert open_deadlines(case) == {"bawaslu_follow_up", "bawaslu_follow_up_extended", "study"}
    assert case.deadlines.get(code="task_force_verification").met_at is not None
    study_due = case.deadlines.get(code="study").due_date
    assert study_due == dt.date(2024, 10, 4)  # 3 working days from Tuesday

    # Before the recommendation reaches the PPK, the agency does not see the case
    assert selectors.case_get_for(w["ppk"], case.public_id) is None

    case = case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
    )
    assert open_deadlines(case) == set()
    case = to_recommendation_to_authority(w, case)
    case = case_transition(actor=w["task_force"], case=case, target=S.RECOMMENDATION_TO_PPK)
    assert open_deadlines(case) == {"ppk_follow_up"}
    assert case.deadlines.get(code="ppk_follow_up").due_date is None  # no statutory limit
    assert Report.objects.get(pk=case.report_id).public_status == "recommended"

    # When the PPK (agency-scoped) now sees it and records its decision
    assert selectors.case_get_for(w["ppk"], case.public_id) == case
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
    assert callbacks  # the notification task (and the reporter e-mail) were queued

    # Then the case is sanctioned, the PPK deadline met, the decision limits started
    assert case.state == S.SANCTIONED and case.outcome == OfficialOutcome.SANCTIONED
    assert open_deadlines(case) == {"decision_delivery", "decision_effective"}
    assert case.deadlines.get(code="ppk_follow_up").met_at is not None
    assert case.facts["decree_date"] == "2024-10-01"
    report = Report.objects.get(pk=case.report_id)
    assert report.public_status == "decided"
    assert list(case.events.filter(kind="transition").values_list("to_state", flat=True)) == [
        S.RECEIVED,
        S.FORMAL_CHECK,
        S.REGISTERED,
        S.TASK_FORCE_VERIFICATION,
        S.STUDY,
        S.RECOMMENDED,
        S.RECOMMENDATION_TO_AUTHORITY,
        S.RECOMMENDATION_TO_PPK,
        S.SANCTIONED,
    ]
    assert case.events.last().role == "ppk_officer"
    assert AuditEvent.objects.filter(action="cases.transition").count() == 8
    assert audit_chain_verify().intact


@freeze_time(START)
def test_needs_correction_messages_the_reporter_with_the_deadline(case_world):
    w = case_world
    case = w["open"]()
    case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    case = case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.NEEDS_CORRECTION,
        facts={"missing_requirements": ["witnesses"]},
        note="Mohon sebutkan nama saksi.",
    )
    report = Report.objects.get(pk=case.report_id)
    message = report.messages.get()
    assert message.body == "Mohon sebutkan nama saksi."
    assert message.reply_by == case.deadlines.get(code="correction").due_date
    assert report.public_status == "needs_correction"
    # The correction period has not passed: not_registered is refused, naming the guard
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(actor=w["bawaslu"], case=case, target=S.NOT_REGISTERED)
    assert refused.value.reason == "correction_deadline_passed"


@pytest.mark.parametrize(
    ("who", "target", "facts", "reason"),
    [
        ("bawaslu", S.REGISTERED, {}, "formal_requirements_complete"),
        ("bawaslu", S.SANCTIONED, DECISION, "not_allowed"),
        ("bawaslu", "teleported", {}, "unknown_state"),
        ("auditor", S.REGISTERED, {"formal_complete": True}, "role_not_allowed"),
        ("task_force", S.REGISTERED, {"formal_complete": True}, "role_not_allowed"),
    ],
)
@freeze_time(START)
def test_refused_transitions_change_nothing(case_world, who, target, facts, reason):
    w = case_world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    before = snapshot(case)
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(actor=w[who], case=case, target=target, facts=facts)
    assert refused.value.code == reason
    assert snapshot(case) == before


@freeze_time(START)
def test_refusal_message_in_both_languages(case_world):
    w = case_world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(actor=w["bawaslu"], case=case, target=S.REGISTERED)
    with translation.override("id"):
        assert refused.value.message == "Syarat formal dan materiel belum lengkap."
    with translation.override("en"):
        assert refused.value.message == ("The formal and material requirements are not complete.")


@freeze_time(START)
def test_a_refused_move_late_in_the_journey_changes_nothing(case_world):
    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    before = snapshot(case)
    # The PPK without a decree number, and the scheduler before any deadline passed
    with pytest.raises(CaseTransitionError):
        case_transition(
            actor=w["ppk"], case=case, target=S.SANCTIONED, facts={**DECISION, "decree_number": ""}
        )
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(actor=None, case=case, target=S.PPK_NO_FOLLOW_UP, facts={"ppk_overdue": 1})
    assert refused.value.reason == "ppk_follow_up_overdue"  # derived facts beat explicit ones
    assert snapshot(case) == before


@freeze_time(START)
def test_another_regions_officer_gets_not_found_everywhere(case_world):
    w = case_world
    case = w["open"]()
    other = w["open"](reported_name="Budi")
    outsider = w["outsider"]
    before = snapshot(case)
    with pytest.raises(CaseNotFound):
        case_transition(actor=outsider, case=case, target=S.FORMAL_CHECK)
    with pytest.raises(CaseNotFound):
        case_open_from_report(actor=outsider, report=case.report)
    with pytest.raises(CaseNotFound):
        case_resolve_identity(actor=outsider, case=case, person=w["person"])
    with pytest.raises(CaseNotFound):
        case_classify(actor=outsider, case=case, act="banners-and-props", act_date=START[:10])
    with pytest.raises(CaseNotFound):
        case_merge(actor=outsider, target=case, duplicate=other)
    assert snapshot(case) == before
    assert selectors.case_get_for(outsider, case.public_id) is None
    assert not selectors.case_list_for(outsider).exists()
    assert not selectors.case_queue_for(outsider).exists()
    assert selectors.case_get_for(w["bawaslu"], "not-a-uuid") is None


@freeze_time(START)
def test_open_is_idempotent_per_report(case_world):
    w = case_world
    case = w["open"]()
    again = case_open_from_report(actor=w["bawaslu"], report=case.report)
    assert again == case and Case.objects.count() == 1


@freeze_time(START)
def test_identity_and_classification_bad_input(case_world):
    w = case_world
    case = w["open"]()
    with pytest.raises(CaseError) as both:
        case_resolve_identity(
            actor=w["bawaslu"], case=case, person=w["person"], not_in_registry=True
        )
    assert both.value.code == "identity_choice"
    with pytest.raises(CaseError) as no_type:
        case_classify(actor=w["bawaslu"], case=case, act="banners-and-props", act_date=START)
    assert no_type.value.code == "employee_type"
    case_resolve_identity(actor=w["bawaslu"], case=case, not_in_registry=True)
    with pytest.raises(CaseError) as unknown:
        case_classify(
            actor=w["bawaslu"],
            case=case,
            act="juggling",
            act_date=dt.date(2024, 10, 1),
            employee_type="PNS",
        )
    assert unknown.value.code == "unknown_act"
    with pytest.raises(CaseError) as role:
        case_resolve_identity(actor=w["auditor"], case=case, not_in_registry=True)
    assert role.value.code == "role_not_allowed"
    event = AuditEvent.objects.get(action="cases.identity_resolved")
    assert event.payload["not_in_registry"] is True


@freeze_time(START)
def test_merge_links_reports_and_closes_the_duplicate(case_world):
    w = case_world
    target = w["open"]()
    duplicate = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="Sama.")
    duplicate.refresh_from_db()
    assert duplicate.state == S.CLOSED and duplicate.merged_into == target
    assert duplicate.outcome == ""  # counted once, in the target
    assert set(target.case_reports.values_list("report", flat=True)) == {
        target.report_id,
        duplicate.report_id,
    }
    assert CaseReport.objects.filter(case=duplicate).exists()  # nothing deleted
    assert Report.objects.get(pk=duplicate.report_id).public_status == "merged"
    # Merging into itself or into a closed case is refused
    with pytest.raises(CaseError):
        case_merge(actor=w["bawaslu"], target=target, duplicate=target)
    with pytest.raises(CaseError):
        case_merge(actor=w["bawaslu"], target=duplicate, duplicate=target)


@freeze_time(START)
def test_merging_a_case_past_the_study_is_refused_and_changes_nothing(case_world):
    w = case_world
    target = w["open"]()
    late = to_recommendation_to_ppk(w, w["open"]())
    before = snapshot(late)
    links = CaseReport.objects.count()
    with pytest.raises(CaseTransitionError):
        case_merge(actor=w["bawaslu"], target=target, duplicate=late, reason="Sama.")
    assert snapshot(late) == before and CaseReport.objects.count() == links


def test_overdue_sweep_escalates_once_and_moves_ppk_cases(case_world, settings):
    from netra.rules.services import rules_setting_set

    w = case_world
    with freeze_time(START):
        rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="5")
        case = to_recommendation_to_ppk(w, w["open"]())
        deadline = case.deadlines.get(code="ppk_follow_up")
    assert deadline.due_date == dt.date(2024, 10, 8)  # 5 working days from Tuesday 1 October
    # On the due day (late evening in WIB) nothing is overdue yet
    with freeze_time("2024-10-08 16:00:00"):
        assert mark_overdue.delay().get() == 0
    # The next local day the sweep marks, escalates, and the case moves as the scheduler
    with freeze_time("2024-10-09 01:00:00"):
        assert mark_overdue.delay().get() == 1
        deadline.refresh_from_db()
        assert deadline.overdue_since == dt.date(2024, 10, 9)
        assert deadline.escalated_at is not None
        case.refresh_from_db()
        assert case.state == S.PPK_NO_FOLLOW_UP
        event = case.events.last()
        assert event.actor is None and event.role == "system"
        assert [d.pk for d in selectors.deadlines_overdue_for(w["bawaslu"])] == []
        audits = AuditEvent.objects.count()
        # Run twice: nothing more happens
        assert mark_overdue.delay().get() == 0
        assert AuditEvent.objects.count() == audits
    assert AuditEvent.objects.filter(action="cases.deadline_escalated").count() == 1
    assert audit_chain_verify().intact


def test_overdue_correction_is_listed_and_lets_bawaslu_close(case_world):
    w = case_world
    with freeze_time(START):
        case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
        case = case_transition(
            actor=w["bawaslu"],
            case=case,
            target=S.NEEDS_CORRECTION,
            facts={"missing_requirements": ["witnesses"]},
        )
        other = w["open"]()
    with freeze_time("2024-10-05 03:00:00"):
        assert mark_overdue.delay().get() == 1
        overdue = list(selectors.deadlines_overdue_for(w["bawaslu"]))
        assert [d.code for d in overdue] == ["correction"]
        assert selectors.deadlines_overdue_for(w["outsider"]).count() == 0
        queue = list(selectors.case_queue_for(w["bawaslu"], today=dt.date(2024, 10, 5)))
        assert queue[0] == case and queue[0].is_overdue and queue[-1] == other
        case = case_transition(
            actor=w["bawaslu"], case=case, target=S.NOT_REGISTERED, note="Tidak dilengkapi."
        )
    assert case.outcome == OfficialOutcome.REJECTED
    assert Report.objects.get(pk=case.report_id).public_status == "not_registered"


def test_overdue_is_judged_by_the_regions_own_day(case_world, make_report, make_staff):
    # Given the same correction deadline in Bogor (WIB) and Kupang (WITA, one hour ahead)
    w = case_world
    kupang_officer = make_staff(role="bawaslu_officer", region="53")
    with freeze_time(START):
        report, _key = make_report(region="53.71")
        kupang = case_open_from_report(actor=kupang_officer, report=report)
        cases = []
        for officer, case in ((w["bawaslu"], w["open"]()), (kupang_officer, kupang)):
            case = case_transition(actor=officer, case=case, target=S.FORMAL_CHECK)
            cases.append(
                case_transition(
                    actor=officer,
                    case=case,
                    target=S.NEEDS_CORRECTION,
                    facts={"missing_requirements": ["witnesses"]},
                )
            )
    bogor, kupang = cases
    assert {c.deadlines.get().due_date for c in cases} == {dt.date(2024, 10, 4)}
    # When the sweep runs at 23:30 WIB = 00:30 WITA the next day
    with freeze_time("2024-10-04 16:30:00"):
        assert mark_overdue.delay().get() == 1
    # Then only Kupang's deadline is overdue, dated by Kupang's day
    assert kupang.deadlines.get().overdue_since == dt.date(2024, 10, 5)
    assert bogor.deadlines.get().overdue_since is None


@freeze_time(START)
def test_objection_route_follows_from_the_sanction_imposed(case_world):
    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    case = case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
    # A demotion is open to objection, not to appeal (PP 79/2021)
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(
            actor=w["ppk"], case=case, target=S.APPEAL, facts={"remedy_filed_in_time": True}
        )
    assert refused.value.reason == "routes_to_appeal"
    case = case_transition(
        actor=w["ppk"], case=case, target=S.OBJECTION, facts={"remedy_filed_in_time": True}
    )
    assert open_deadlines(case) == {"objection_decision"}
    assert case.deadlines.get(code="objection_decision").due_date == dt.date(2024, 10, 30)
    case = case_transition(
        actor=w["ppk"], case=case, target=S.OBJECTION_DECIDED, facts={"remedy_outcome": "upheld"}
    )
    case = case_transition(actor=w["ppk"], case=case, target=S.CLOSED)
    assert case.outcome == OfficialOutcome.SANCTIONED and case.closed_at is not None
    assert open_deadlines(case) == set()
    assert Report.objects.get(pk=case.report_id).public_status == "closed"


@freeze_time(START)
def test_a_ppk_of_another_agency_never_sees_the_case(case_world, make_staff):
    from netra.registry.tests.factories import AgencyFactory

    w = case_world
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER1"))
    case = to_recommendation_to_ppk(w, w["open"]())
    assert selectors.case_get_for(stranger, case.public_id) is None
    with pytest.raises(CaseNotFound):
        case_transition(actor=stranger, case=case, target=S.SANCTIONED, facts=DECISION)
    assert Case.objects.get(pk=case.pk).state == S.RECOMMENDATION_TO_PPK


def test_admin_shows_cases_read_only(case_world, make_staff, staff_client):
    from django.urls import reverse

    case = to_registered(case_world, case_world["open"]())
    admin_user = make_staff(role="admin", is_superuser=True, is_staff=True)
    client = staff_client(admin_user)
    assert case.number in client.get(reverse("admin:cases_case_changelist")).content.decode()
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200 and "bawaslu_follow_up" in page.content.decode()
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    response = client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code == 403 and Case.objects.filter(pk=case.pk).exists()


@freeze_time(START)
def test_reporter_reads_the_outcome_in_plain_words_without_internal_notes(case_world):
    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
    texts = list(Report.objects.get(pk=case.report_id).events.values_list("text_id", "text_en"))
    assert any("Rekomendasi sanksi telah dikirim" in t_id for t_id, _t_en in texts)
    sanction_id, sanction_en = texts[-1]
    assert sanction_id.startswith("Status: Diputuskan. Pejabat Pembina Kepegawaian telah")
    assert "penurunan jabatan" in sanction_id.lower()
    assert "staffing authority (PPK) has imposed a sanction" in sanction_en

    # A study that finds nothing says so; the officer's internal reason is not shown
    other = to_registered(w, w["open"](reported_name="Budi Santoso"))
    other = case_transition(actor=w["bawaslu"], case=other, target=S.STUDY)
    case_transition(
        actor=w["bawaslu"],
        case=other,
        target=S.NOT_A_VIOLATION,
        facts={"study_findings": "Catatan internal: saksi tidak kredibel."},
    )
    other_texts = " ".join(
        Report.objects.get(pk=other.report_id).events.values_list("text_id", flat=True)
    )
    assert "bukan pelanggaran netralitas" in other_texts
    assert "saksi tidak kredibel" not in other_texts


def test_the_date_a_decision_takes_effect_is_reached_not_escalated(case_world):
    from netra.cases.services import deadlines_mark_overdue

    w = case_world
    with freeze_time(START):
        case = to_recommendation_to_ppk(w, w["open"]())
        case = case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
    effective = case.deadlines.get(code="decision_effective")
    with freeze_time(effective.due_date + dt.timedelta(days=2)):
        deadlines_mark_overdue()
    effective.refresh_from_db()
    assert effective.met_at is not None and effective.overdue_since is None
    assert effective.escalated_at is None
    assert AuditEvent.objects.filter(action="cases.milestone_reached").count() == 1
    assert not AuditEvent.objects.filter(
        action="cases.deadline_escalated", payload__code="decision_effective"
    ).exists()


def test_an_objection_left_undecided_is_deemed_undecided_by_the_sweep(case_world):
    from netra.cases.services import deadlines_mark_overdue

    w = case_world
    with freeze_time(START):
        case = to_recommendation_to_ppk(w, w["open"]())
        case = case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
        case = case_transition(
            actor=w["ppk"], case=case, target=S.OBJECTION, facts={"remedy_filed_in_time": True}
        )
    due = case.deadlines.get(code="objection_decision").due_date  # 30 October 2024
    # On the last day nothing happens; the next working day the objection is deemed undecided
    with freeze_time(f"{due.isoformat()} 10:00:00"):
        deadlines_mark_overdue()
    assert Case.objects.get(pk=case.pk).state == S.OBJECTION
    with freeze_time(f"{(due + dt.timedelta(days=1)).isoformat()} 03:00:00"):
        deadlines_mark_overdue()
        deadlines_mark_overdue()  # running it again changes nothing
    case = Case.objects.get(pk=case.pk)
    assert case.state == S.DEEMED_UNDECIDED
    last = case.events.last()
    assert last.actor is None and last.role == "system"
    assert case.events.filter(to_state=S.DEEMED_UNDECIDED).count() == 1


@freeze_time(START)
def test_a_sanctioned_cases_next_deadline_is_a_duty_not_the_effective_date(case_world):
    from netra.cases.filters import with_due_dates

    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    case = case_transition(actor=w["ppk"], case=case, target=S.SANCTIONED, facts=DECISION)
    due = dict(case.deadlines.values_list("code", "due_date"))
    assert due["decision_effective"] < due["decision_delivery"]  # 15 calendar < 14 working days
    queued = selectors.case_queue_for(w["bawaslu"]).get(pk=case.pk)
    assert queued.next_due == due["decision_delivery"]
    listed = with_due_dates(Case.objects.filter(pk=case.pk)).get()
    assert listed.next_due == due["decision_delivery"]
