"""Deadlines run from the date the rule names (the decree's date or its receipt, per
`counts_from` in cases/data/deadlines.toml), not from the day the decision was typed in; the
objection (or appeal) window is a row of the case's deadline table once the receipt is known."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases import deadlines
from netra.cases.choices import CaseState
from netra.cases.models import DeadlineRule
from netra.cases.services import DeadlineDataError, _values, case_transition
from netra.cases.tests.fixtures import to_recommendation_to_ppk

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
TYPED_IN = "2024-11-04 03:00:00"  # Monday, weeks after the decree


def decide(w, **dates):
    case = to_recommendation_to_ppk(w, w["open"]())
    with freeze_time(TYPED_IN):
        return case_transition(
            actor=w["ppk"],
            case=case,
            target=S.SANCTIONED,
            facts={
                "decision_sanction": "PNS_PP94_DEMOTION_12M",
                "decree_number": "800/7/BKPSDM/2024",
                "remedy": "objection",
                **dates,
            },
        )


def due(case, code):
    return case.deadlines.get(code=code).due_date


def test_the_data_names_what_each_decision_rule_counts_from(deadline_rules):
    rule = lambda code: DeadlineRule.objects.get(code=code)  # noqa: E731
    assert rule("decision_delivery").counts_from == "decree_date"
    assert rule("decision_effective").counts_from == "decision_received_on,decree_date"
    assert rule("objection_filing").counts_from == "decision_received_on"
    assert rule("study").counts_from == ""
    with pytest.raises(DeadlineDataError):
        _values(
            {"code": "x", "unit": "working", "days": 1, "label_id": "x", "counts_from": ["typo"]},
            "test",
        )


@freeze_time(START)
def test_decision_deadlines_run_from_the_decree_and_its_receipt(case_world):
    w = case_world
    decree, received = dt.date(2024, 10, 7), dt.date(2024, 10, 9)
    case = decide(w, decree_date=decree, decision_received_on=received)
    region = case.region.code
    assert due(case, "decision_delivery") == deadlines.due_date(
        DeadlineRule.objects.get(code="decision_delivery"), decree, region_code=region
    )
    assert due(case, "decision_delivery") < dt.date(2024, 11, 4)  # not from the typing day
    assert due(case, "decision_effective") == received + dt.timedelta(days=15)
    # The objection window is in the deadline table, from the receipt
    window = case.deadlines.get(code="objection_filing")
    assert window.met_at is None and window.due_date == deadlines.remedy_window(
        "objection", received, region_code=region
    )


@freeze_time(START)
def test_without_a_receipt_date_the_effective_date_counts_from_the_decree(case_world):
    w = case_world
    decree = dt.date(2024, 10, 7)
    case = decide(w, decree_date=decree)
    assert due(case, "decision_effective") == decree + dt.timedelta(days=15)
    assert not case.deadlines.filter(code="objection_filing").exists()


@freeze_time(START)
def test_the_objection_window_shows_on_the_case_page(case_world, staff_client):
    w = case_world
    case = decide(w, decree_date=dt.date(2024, 10, 7), decision_received_on=dt.date(2024, 10, 9))
    with freeze_time(TYPED_IN):
        html = (
            staff_client(w["ppk"])
            .get(reverse("cases:detail", kwargs={"case_id": case.public_id}))
            .content.decode()
        )
    assert "Pengajuan keberatan kepada PPK sejak keputusan diterima" in html
