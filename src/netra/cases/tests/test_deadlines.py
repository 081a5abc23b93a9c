"""Deadline rules and due dates: working days around Lebaran 2024 and election days."""

import datetime as dt

import pytest
from freezegun import freeze_time

from netra.cases.choices import CaseState as S
from netra.cases.choices import DeadlineUnit, Remedy
from netra.cases.deadlines import countdown, deadlines_for_transition, remedy_window, rule_get
from netra.cases.models import DeadlineRule
from netra.regions.timezones import region_timezone
from netra.workdays.calendar import OverrideRule

pytestmark = pytest.mark.django_db
D = dt.date
UTC = dt.UTC


def due_of(source, target, *, kind="general", region="32.01", start):
    return {
        d.code: d.due
        for d in deadlines_for_transition(
            source, target, election_kind=kind, region_code=region, start=start
        )
    }


def test_study_started_before_lebaran_runs_past_the_whole_break(deadline_rules):
    # Given the study starts on Friday 5 April 2024 (8-15 April: Idul Fitri and cuti bersama)
    start = dt.datetime(2024, 4, 5, 3, 0, tzinfo=UTC)  # 10:00 WIB
    # Then 3 working days end on Thursday 18 April
    assert due_of(S.REGISTERED, S.STUDY, start=start) == {"study": D(2024, 4, 18)}


def test_registration_starts_pemilu_limits_in_working_days_around_voting_day(deadline_rules):
    # Given a Pemilu report registered on Monday 12 Feb 2024 (14 Feb is voting day, a holiday)
    start = D(2024, 2, 12)
    due = due_of(S.FORMAL_CHECK, S.REGISTERED, start=start)
    # Then 7 working days skip voting day: 13, 15, 16, 19, 20, 21, 22
    assert due["bawaslu_follow_up"] == D(2024, 2, 22)
    # And the 14-working-day ceiling (UU 7/2017 Pasal 454(8)) falls on 4 March
    assert due["bawaslu_follow_up_extended"] == D(2024, 3, 4)


def test_registration_starts_pilkada_limits_in_calendar_days(deadline_rules):
    # Given a Pilkada report registered the day before voting day 27 Nov 2024
    due = due_of(S.FORMAL_CHECK, S.REGISTERED, kind="regional", start=D(2024, 11, 26))
    # Then calendar days count through the holiday: 3 days, and 2 days to ask for information
    assert due == {
        "bawaslu_follow_up": D(2024, 11, 29),
        "bawaslu_follow_up_extended": D(2024, 11, 28),
    }


def test_correction_is_three_days_and_task_force_seven(deadline_rules):
    assert due_of(S.FORMAL_CHECK, S.NEEDS_CORRECTION, start=D(2024, 4, 6)) == {
        "correction": D(2024, 4, 9)
    }
    assert due_of(S.REGISTERED, S.TASK_FORCE_VERIFICATION, start=D(2024, 4, 5)) == {
        "task_force_verification": D(2024, 4, 12)
    }


def test_the_start_day_is_the_regions_own_local_day(deadline_rules):
    # Given 16:30 UTC on 4 April 2024: 23:30 WIB in Bogor but 01:30 on 5 April WIT in Papua
    start = dt.datetime(2024, 4, 4, 16, 30, tzinfo=UTC)
    assert due_of(S.REGISTERED, S.STUDY, region="32.01", start=start) == {"study": D(2024, 4, 17)}
    assert due_of(S.REGISTERED, S.STUDY, region="91.01", start=start) == {"study": D(2024, 4, 18)}
    assert region_timezone("64.72").key == "Asia/Makassar"
    assert region_timezone(None).key == "Asia/Jakarta"


def test_naive_start_is_refused(deadline_rules):
    with pytest.raises(ValueError, match="timezone-aware"):
        due_of(S.REGISTERED, S.STUDY, start=dt.datetime(2024, 4, 5, 10, 0))


def test_a_regional_holiday_moves_the_due_date(deadline_rules, regions_sample, holiday_override):
    # Given a regional holiday in Kabupaten Bogor on Tuesday 16 April 2024
    holiday_override(D(2024, 4, 16), region="32.01", name="Hari Jadi Bogor (uji)")
    start = D(2024, 4, 5)
    # Then Bogor's study ends a day later than Sarolangun's
    assert due_of(S.REGISTERED, S.STUDY, region="32.01", start=start) == {"study": D(2024, 4, 19)}
    assert due_of(S.REGISTERED, S.STUDY, region="15.03", start=start) == {"study": D(2024, 4, 18)}


def test_pp94_and_pp79_limits(deadline_rules):
    decided = due_of(S.RECOMMENDATION_TO_PPK, S.SANCTIONED, start=D(2024, 4, 1))
    # 14 working days to deliver (over Lebaran), effect on the 15th calendar day
    assert decided == {"decision_delivery": D(2024, 4, 29), "decision_effective": D(2024, 4, 16)}
    objection = due_of(S.SANCTIONED, S.OBJECTION, start=D(2024, 4, 1))
    # 21 working days: past Labour Day (1 May), Ascension (9 May) and cuti bersama (10 May)
    assert objection == {"objection_decision": D(2024, 5, 13)}
    appeal = due_of(S.SANCTIONED, S.APPEAL, start=D(2024, 4, 1))
    assert appeal["appeal_ppk_response"] == D(2024, 5, 13)
    assert appeal["appeal_bpasn_decision"] > appeal["appeal_ppk_response"]
    assert rule_get("examination_summons").days == 7


def test_remedy_window_counts_fourteen_working_days_from_receipt(deadline_rules):
    for remedy in (Remedy.OBJECTION, Remedy.APPEAL):
        assert remedy_window(remedy, D(2024, 4, 1)) == D(2024, 4, 29)


def test_ppk_follow_up_has_no_due_date_until_operators_set_one(deadline_rules, rules_loaded):
    from netra.rules.services import rules_setting_set

    # Given the default: no statutory deadline (DOMAIN.md §8.1)
    rule = rule_get("ppk_follow_up")
    assert rule.days is None and rule.unverified and "No statutory" in rule.note
    start = D(2024, 4, 1)
    assert due_of(S.RECOMMENDATION_TO_AUTHORITY, S.RECOMMENDATION_TO_PPK, start=start) == {
        "ppk_follow_up": None
    }
    # When an operator sets 10 working days (audited new setting version)
    rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="10")
    # Then the due date follows
    assert due_of(S.RECOMMENDATION_TO_AUTHORITY, S.RECOMMENDATION_TO_PPK, start=start) == {
        "ppk_follow_up": D(2024, 4, 23)
    }


def test_no_rules_loaded_means_no_due_date(db):
    (due,) = deadlines_for_transition(
        S.REGISTERED, S.STUDY, election_kind="general", region_code=None, start=D(2024, 4, 5)
    )
    assert due.rule is None and due.due is None and not due.unverified


def test_unknown_transition_is_an_error(deadline_rules):
    with pytest.raises(ValueError, match="no transition"):
        deadlines_for_transition(
            S.RECEIVED, S.SANCTIONED, election_kind=None, region_code=None, start=D(2024, 4, 5)
        )


def test_kind_specific_row_wins_and_newer_versions_apply_from_their_date(deadline_rules):
    assert rule_get("bawaslu_follow_up", "regional").unit == DeadlineUnit.CALENDAR
    assert rule_get("bawaslu_follow_up", "general").unit == DeadlineUnit.WORKING
    # An election kind with no specific row falls back to "any"
    assert rule_get("study", "regional").election_kind == "any"
    # Given version 2 of the study rule from 2025
    DeadlineRule.objects.create(
        code="study", version=2, unit="working", days=5, label_id="v2", valid_from=D(2025, 1, 1)
    )
    assert rule_get("study", on=D(2024, 12, 31)).days == 3
    assert rule_get("study", on=D(2025, 1, 1)).days == 5


@pytest.mark.parametrize(
    ("today", "left", "overdue"),
    [
        ("2024-04-05", 3, False),  # Friday before Lebaran: 16, 17, 18 April
        ("2024-04-10", 3, False),  # Idul Fitri: no working day is used up
        ("2024-04-17", 1, False),
        ("2024-04-18", 0, False),  # due today
        ("2024-04-19", -1, True),
        ("2024-04-20", -1, True),  # Saturday after: still one working day late
    ],
)
def test_working_day_countdown_with_a_frozen_clock(today, left, overdue):
    with freeze_time(f"{today} 03:00:00"):
        shown = countdown(D(2024, 4, 18), region_code="32.01", overrides=())
    assert (shown.left, shown.overdue) == (left, overdue)


def test_calendar_countdown():
    with freeze_time("2024-11-27 02:00:00"):
        assert countdown(D(2024, 11, 29), unit="calendar").left == 2
        late = countdown(D(2024, 11, 25), unit="calendar")
    assert late.overdue and late.left == -2


def test_countdown_accepts_plain_overrides():
    override = OverrideRule(D(2024, 4, 17), "add", "32.01", "Libur daerah")
    shown = countdown(D(2024, 4, 18), today=D(2024, 4, 16), overrides=[override], region_code="32")
    assert shown.left == 2  # the override is for a regency, not the whole province
    shown = countdown(
        D(2024, 4, 18), today=D(2024, 4, 16), overrides=[override], region_code="32.01"
    )
    assert shown.left == 1
