"""Compliance of the PPK's decision with the recommendation, as a table on the real catalogue."""

import datetime as dt

import pytest

from netra.cases.choices import Compliance, OfficialOutcome
from netra.cases.compliance import (
    PpkDecision,
    Recommendation,
    check_compliance,
    recommendation_from_classification,
)

pytestmark = pytest.mark.django_db

DECREE = {"decree_number": "800/12/BKPSDM/2024", "decree_date": dt.date(2024, 12, 2)}
HEAVY_PNS = Recommendation(
    "PNS",
    "heavy",
    ("PNS_PP94_DEMOTION_12M", "PNS_PP94_RELEASE_TO_EXECUTOR_12M", "PNS_PP94_PDHTAPS"),
)
MODERATE_PNS = Recommendation(
    "PNS",
    "moderate",
    (
        "PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y",
        "PNS_PP94_TRANSITIONAL_DEFERRED_PROMOTION_1Y",
        "PNS_PP94_TRANSITIONAL_RANK_DEMOTION_1Y",
    ),
)
MORAL = Recommendation("PNS", "moral", ("MORAL_CLOSED_STATEMENT", "MORAL_OPEN_STATEMENT"))
TASK_FORCE = Recommendation(
    "PNS", "task_force", ("MORAL_OPEN_STATEMENT", *MODERATE_PNS.allowed_sanctions)
)


def decided(code):
    return PpkDecision(sanction_code=code, **DECREE)


@pytest.mark.parametrize(
    ("recommendation", "decision", "status", "overdue", "expected", "outcome"),
    [
        # Given a heavy recommendation
        (HEAVY_PNS, "PNS_PP94_DEMOTION_12M", "active", False, "compliant", "sanctioned"),
        (HEAVY_PNS, "PNS_PP94_PDHTAPS", "active", False, "compliant", "sanctioned"),
        (HEAVY_PNS, "PNS_PP94_ORAL_REPRIMAND", "active", False, "lighter", "sanctioned"),
        (HEAVY_PNS, "MORAL_OPEN_STATEMENT", "active", False, "lighter", "sanctioned"),
        (HEAVY_PNS, "PNS_PTDH_PARTY_UU20", "active", False, "heavier", "sanctioned"),
        # A heavy sanction not on the list is still the recommended level
        (HEAVY_PNS, "PNS_UU20_HEAVY_BREACH_PTDH", "active", False, "compliant", "sanctioned"),
        # Sanctions of another employee type or unknown codes
        (HEAVY_PNS, "PPPK_TERMINATION_WITHOUT_HONOUR", "active", False, "not_in_catalogue", None),
        (HEAVY_PNS, "MADE_UP_SANCTION", "active", False, "not_in_catalogue", "sanctioned"),
        # Moderate and moral recommendations
        (MODERATE_PNS, "PNS_PP94_DEMOTION_12M", "active", False, "heavier", "sanctioned"),
        (MODERATE_PNS, "MORAL_CLOSED_STATEMENT", "active", False, "lighter", "sanctioned"),
        (MORAL, "MORAL_CLOSED_STATEMENT", "active", False, "compliant", "sanctioned"),
        (MORAL, "PNS_PP94_WRITTEN_REPRIMAND", "active", False, "heavier", "sanctioned"),
        # Task force: the span of the allowed sanctions
        (TASK_FORCE, "MORAL_CLOSED_STATEMENT", "active", False, "compliant", "sanctioned"),
        (TASK_FORCE, "PNS_PP94_DEMOTION_12M", "active", False, "heavier", "sanctioned"),
        # No decision yet, overdue, person gone
        (HEAVY_PNS, None, "active", False, "no_decision", "awaiting_ppk_follow_up"),
        (HEAVY_PNS, None, "active", True, "overdue", "awaiting_ppk_follow_up"),
        (HEAVY_PNS, None, "retired", True, "person_left", "already_left"),
        (HEAVY_PNS, None, "dismissed", False, "person_left", "already_left"),
        # A decision made before the person retired still counts
        (HEAVY_PNS, "PNS_PP94_DEMOTION_12M", "retired", False, "compliant", "sanctioned"),
    ],
)
def test_compliance_table(
    rules_loaded, recommendation, decision, status, overdue, expected, outcome
):
    result = check_compliance(
        recommendation,
        decided(decision) if decision else None,
        person_status=status,
        overdue=overdue,
    )
    assert result.compliance == expected
    assert result.official_outcome == (outcome or OfficialOutcome.SANCTIONED)
    assert result.label


def test_a_decision_without_its_decree_is_not_a_decision(rules_loaded):
    partial = PpkDecision(sanction_code="PNS_PP94_DEMOTION_12M", decree_number="  ")
    result = check_compliance(HEAVY_PNS, partial)
    assert result.compliance == Compliance.NO_DECISION
    assert result.missing == ("decree_number", "decree_date")


def test_a_sanction_not_in_force_on_the_act_date_is_outside_the_catalogue(rules_loaded):
    # PP 53/2010 sanctions ended on 30 Aug 2021
    old = Recommendation("PNS", "heavy", ())
    late = check_compliance(old, decided("PNS_PP53_RANK_DEMOTION_3Y"), on=dt.date(2024, 2, 1))
    assert late.compliance == Compliance.NOT_IN_CATALOGUE
    in_time = check_compliance(old, decided("PNS_PP53_RANK_DEMOTION_3Y"), on=dt.date(2020, 11, 1))
    assert in_time.compliance == Compliance.COMPLIANT


def test_pppk_agency_sanction_answers_a_heavy_recommendation(rules_loaded):
    pppk = Recommendation("PPPK", "heavy", ("PPPK_TERMINATION_HONOURABLE_NOT_OWN_REQUEST",))
    assert check_compliance(pppk, decided("PPPK_AGENCY_DEFINED")).compliance == "compliant"
    assert check_compliance(pppk, decided("PNS_PP94_DEMOTION_12M")).compliance == (
        "not_in_catalogue"
    )


def test_from_a_real_classification(rules_and_elections_loaded):
    from netra.rules.classification import classify

    # Given a PNS who joined campaign activities after the candidates were determined
    classification = classify(
        act="joining-campaign-activities",
        employee_type="PNS",
        act_date=dt.date(2024, 11, 1),
        election="pilkada-2024",
    )
    recommendation = recommendation_from_classification(classification)
    assert recommendation.allowed_sanctions
    # When the PPK imposes the first allowed sanction, then it complies
    first = recommendation.allowed_sanctions[0]
    assert check_compliance(recommendation, decided(first)).compliance == "compliant"
    # And an oral reprimand is lighter than any level the matrix uses
    lighter = check_compliance(recommendation, decided("PNS_PP94_ORAL_REPRIMAND"))
    assert lighter.compliance == "lighter"
