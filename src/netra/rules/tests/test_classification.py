"""The classification service, for every act, phase, employee type and election era."""

import datetime as dt

import pytest
from django.utils import translation

from netra.audit.models import AuditEvent
from netra.rules.classification import (
    ClassificationError,
    InvalidPhaseError,
    UnknownActError,
    UnknownElectionError,
    UnknownEmployeeTypeError,
    classify,
)
from netra.rules.models import ProhibitedAct
from netra.rules.services import RuleSettingError, rules_setting_set

pytestmark = pytest.mark.django_db

# election -> (act date before candidate determination, act date on/after it)
DATES = {
    "pilkada-2020": (dt.date(2020, 9, 15), dt.date(2020, 10, 15)),
    "pemilu-2024": (dt.date(2023, 11, 1), dt.date(2023, 12, 1)),
    "pilkada-2024": (dt.date(2024, 9, 1), dt.date(2024, 10, 1)),
}

# act -> ((form, category, level) before determination, (form, category, level) after)
SKB2022 = {
    "social-media-engagement": (
        ("SKB2022-E4", "ethics", "moral"),
        ("SKB2022-D6", "discipline", "heavy"),
    ),
    "online-campaigning": (
        ("SKB2022-E2", "ethics", "moral"),
        ("SKB2022-D2", "discipline", "heavy"),
    ),
    "attending-declaration-or-campaign": (
        ("SKB2022-E3", "ethics", "moral"),
        ("SKB2022-D4", "discipline", "heavy"),
    ),
    "joining-campaign-activities": (
        ("SKB2022-E6", "ethics", "moral"),
        ("SKB2022-D4", "discipline", "heavy"),
    ),
    "photos-or-gestures": (
        ("SKB2022-E5", "ethics", "moral"),
        ("SKB2022-D7", "discipline", "heavy"),
    ),
    "banners-and-props": (("SKB2022-E1", "ethics", "moral"), ("SKB2022-D1", "discipline", "heavy")),
    "money-politics-and-gifts": (
        ("SKB2022-D8", "discipline", "heavy"),
        ("SKB2022-D8", "discipline", "heavy"),
    ),
    "using-office-facilities": (
        ("SKB2022-D13", "discipline", "task_force"),
        ("SKB2022-D13", "discipline", "task_force"),
    ),
    "decisions-favouring-or-harming": (
        ("SKB2022-D12", "discipline", "heavy"),
        ("SKB2022-D12", "discipline", "heavy"),
    ),
    "party-membership": (
        ("SKB2022-D5", "discipline", "dismissal"),
        ("SKB2022-D5", "discipline", "dismissal"),
    ),
    "campaign-team-role": (
        ("SKB2022-D9", "discipline", "moderate"),
        ("SKB2022-D10", "discipline", "heavy"),
    ),
    "support-letters-and-ktp": (
        ("SKB2022-D11", "discipline", "heavy"),
        ("SKB2022-D11", "discipline", "heavy"),
    ),
    "running-without-leave": (
        ("SKB2022-D3", "discipline", "moderate"),
        ("SKB2022-D3", "discipline", "moderate"),
    ),
    "spouse-campaign-without-leave": (
        ("SKB2022-E7", "ethics", "moral"),
        ("SKB2022-E7", "ethics", "moral"),
    ),
    "other": (
        ("SKB2022-D13", "discipline", "task_force"),
        ("SKB2022-D13", "discipline", "task_force"),
    ),
}

# SKB 2020 has no phase split: one form per act.
SKB2020 = {
    "social-media-engagement": ("SKB2020-01", "ethics", "moral"),
    "online-campaigning": ("SKB2020-01", "ethics", "moral"),
    "attending-declaration-or-campaign": ("SKB2020-03", "ethics", "moral"),
    "joining-campaign-activities": ("SKB2020-03", "ethics", "moral"),
    "photos-or-gestures": ("SKB2020-02", "ethics", "moral"),
    "banners-and-props": ("SKB2020-07", "ethics", "moral"),
    "money-politics-and-gifts": ("SKB2020-08", "discipline", "heavy"),
    "using-office-facilities": ("SKB2020-14", "discipline", "heavy"),
    "decisions-favouring-or-harming": ("SKB2020-15", "discipline", "heavy"),
    "party-membership": ("SKB2020-16", "discipline", "dismissal"),
    "campaign-team-role": ("SKB2020-09", "discipline", "moderate"),
    "support-letters-and-ktp": ("SKB2020-12", "discipline", "moderate"),
    "running-without-leave": ("SKB2020-05", "discipline", "moderate"),
    "spouse-campaign-without-leave": ("SKB2020-11", "ethics", "moral"),
    "other": (None, None, "task_force"),
}

MORAL = {"MORAL_CLOSED_STATEMENT", "MORAL_OPEN_STATEMENT"}
PP53_MODERATE = {
    "PNS_PP53_DEFERRED_PAY_RISE_1Y",
    "PNS_PP53_DEFERRED_PROMOTION_1Y",
    "PNS_PP53_RANK_DEMOTION_1Y",
}
PP53_HEAVY = {
    "PNS_PP53_RANK_DEMOTION_3Y",
    "PNS_PP53_TRANSFER_WITH_DEMOTION",
    "PNS_PP53_RELEASE_FROM_POSITION",
    "PNS_PP53_PDHTAPS",
    "PNS_PP53_PTDH",
}
# PP 94/2021 Pasal 42: the PP 53/2010 moderate sanctions until a salary regulation exists.
PP94_MODERATE_DEFAULT = {
    "PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y",
    "PNS_PP94_TRANSITIONAL_DEFERRED_PROMOTION_1Y",
    "PNS_PP94_TRANSITIONAL_RANK_DEMOTION_1Y",
}
PP94_HEAVY = {"PNS_PP94_DEMOTION_12M", "PNS_PP94_RELEASE_TO_EXECUTOR_12M", "PNS_PP94_PDHTAPS"}
PPPK_AGENCY = "PPPK_AGENCY_DEFINED"
PPPK_HEAVY = {PPPK_AGENCY, "PPPK_TERMINATION_HONOURABLE_NOT_OWN_REQUEST"}
NON_ASN_GRADED = "NON_ASN_GRADED_SANCTION"
NON_ASN_END = "NON_ASN_CONTRACT_TERMINATION"

SANCTIONS = {
    # (employee type, era) -> level -> sanction codes
    ("PNS", "2020"): {
        "moral": MORAL,
        "moderate": PP53_MODERATE,
        "heavy": PP53_HEAVY,
        "dismissal": {"PNS_PTDH_PARTY_UU5"},
        "task_force": MORAL | PP53_MODERATE | PP53_HEAVY,
    },
    ("PNS", "2024"): {
        "moral": MORAL,
        "moderate": PP94_MODERATE_DEFAULT,
        "heavy": PP94_HEAVY,
        "dismissal": {"PNS_PTDH_PARTY_UU20"},
        "task_force": MORAL | PP94_MODERATE_DEFAULT | PP94_HEAVY,
    },
    ("PPPK", "*"): {
        "moral": MORAL,
        "moderate": {PPPK_AGENCY},
        "heavy": PPPK_HEAVY,
        "dismissal": {"PPPK_TERMINATION_WITHOUT_HONOUR"},
        "task_force": MORAL | PPPK_HEAVY,
    },
    ("NON_ASN", "*"): {
        "moral": {NON_ASN_GRADED},
        "moderate": {NON_ASN_GRADED},
        "heavy": {NON_ASN_GRADED, NON_ASN_END},
        "dismissal": {NON_ASN_END},
        "task_force": {NON_ASN_GRADED, NON_ASN_END},
    },
}

AUTHORITY = {
    "pilkada-2020": ("KASN", "KASN"),
    "pemilu-2024": ("KASN", "KASN"),
    "pilkada-2024": ("BKN", "BKN"),
}


def expected_sanctions(employee_type: str, election: str, level: str) -> set[str]:
    era = "2020" if election == "pilkada-2020" else "2024"
    table = SANCTIONS.get((employee_type, era)) or SANCTIONS[(employee_type, "*")]
    return table[level]


def test_the_table_covers_every_act(rules_and_elections_loaded):
    assert set(ProhibitedAct.objects.values_list("slug", flat=True)) == set(SKB2022) == set(SKB2020)


@pytest.mark.parametrize("employee_type", ["PNS", "PPPK", "NON_ASN"])
@pytest.mark.parametrize("election", ["pilkada-2020", "pemilu-2024", "pilkada-2024"])
def test_every_act_before_and_after_determination(
    rules_and_elections_loaded, election, employee_type
):
    # Given the catalog and elections; when every act is classified before and after the
    # candidate-determination date; then form, category, level, sanctions and authority match.
    failures = []
    for act in SKB2022:
        for index, phase in enumerate(("prospective_candidate", "candidate")):
            act_date = DATES[election][index]
            if election == "pilkada-2020":
                form, category, level = SKB2020[act]
            else:
                form, category, level = SKB2022[act][index]
            result = classify(
                act=act, employee_type=employee_type, act_date=act_date, election=election
            )
            got = (
                result.form.code if result.form else None,
                result.category,
                result.level,
                result.phase,
                set(result.sanction_codes),
                result.recommending_authority.code,
            )
            want = (
                form,
                category,
                level,
                phase,
                expected_sanctions(employee_type, election, level),
                AUTHORITY[election][index],
            )
            if got != want:
                failures.append(f"{act} {phase}: got {got}, want {want}")
            if "phase_inferred" not in result.warning_codes:
                failures.append(f"{act} {phase}: phase_inferred warning missing")
            if level == "dismissal" and "dismissal_regardless_of_phase" not in result.warning_codes:
                failures.append(f"{act} {phase}: dismissal warning missing")
            if level == "task_force" and "task_force_decides" not in result.warning_codes:
                failures.append(f"{act} {phase}: task-force warning missing")
    assert not failures, "\n".join(failures)


def test_instrument_follows_the_election_era(rules_and_elections_loaded):
    # Given acts in the 2020 and 2024 elections; then SKB 2020 and SKB 2022 apply respectively.
    old = classify(
        act="banners-and-props",
        employee_type="PNS",
        act_date=dt.date(2020, 10, 1),
        election="pilkada-2020",
    )
    new = classify(
        act="banners-and-props",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert old.instrument.code == "SKB-2020"
    assert new.instrument.code == "SKB-2022"
    assert "SKB 2022 D1" in new.legal_basis


def test_pivot_is_the_determination_date_itself(rules_and_elections_loaded):
    # Given pemilu-2024 (presidential determination 13 Nov 2023); when the act is on that day
    # and the day before; then the day itself is already the candidate phase.
    on_day = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2023, 11, 13),
        election="pemilu-2024",
    )
    day_before = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2023, 11, 12),
        election="pemilu-2024",
    )
    assert (on_day.form.code, on_day.category) == ("SKB2022-D6", "discipline")
    assert (day_before.form.code, day_before.category) == ("SKB2022-E4", "ethics")


def test_d8_defaults_to_heavy_and_is_flagged_contested(rules_and_elections_loaded):
    result = classify(
        act="money-politics-and-gifts",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert result.level == "heavy"
    assert "contested_level" in result.warning_codes
    assert "level_from_setting" not in result.warning_codes


def test_d8_level_follows_the_setting_override(rules_and_elections_loaded):
    # Given the D8 setting changed to moderate through the audited service
    events_before = AuditEvent.objects.count()
    rules_setting_set(actor=None, code="skb2022.d8.level", value="moderate", note="test")
    assert AuditEvent.objects.count() == events_before + 1
    # When D8 is classified; then it is moderate, with moderate sanctions and a warning
    result = classify(
        act="money-politics-and-gifts",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert result.level == "moderate"
    assert set(result.sanction_codes) == PP94_MODERATE_DEFAULT
    assert "level_from_setting" in result.warning_codes


def test_setting_rejects_a_value_outside_its_allowed_values(rules_and_elections_loaded):
    with pytest.raises(RuleSettingError):
        rules_setting_set(actor=None, code="skb2022.d8.level", value="light")
    with pytest.raises(RuleSettingError):
        rules_setting_set(actor=None, code="no.such.setting", value="x")


def test_moderate_regime_setting_switches_to_the_allowance_cut(rules_and_elections_loaded):
    rules_setting_set(actor=None, code="pns.moderate_regime", value="pp94_2021")
    result = classify(
        act="campaign-team-role",
        employee_type="PNS",
        act_date=dt.date(2024, 9, 1),
        election="pilkada-2024",
    )
    assert result.level == "moderate"
    assert set(result.sanction_codes) == {
        "PNS_PP94_ALLOWANCE_CUT_25_6M",
        "PNS_PP94_ALLOWANCE_CUT_25_9M",
        "PNS_PP94_ALLOWANCE_CUT_25_12M",
    }


def test_heavy_dismissal_setting_switches_pdhtaps_to_ptdh(rules_and_elections_loaded):
    rules_setting_set(actor=None, code="pns.heavy_dismissal", value="ptdh")
    result = classify(
        act="banners-and-props",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert "PNS_PP94_PDHTAPS" not in result.sanction_codes
    assert "PNS_UU20_HEAVY_BREACH_PTDH" in result.sanction_codes


def test_party_membership_is_dismissal_in_either_phase(rules_and_elections_loaded):
    for act_date in DATES["pilkada-2024"]:
        result = classify(
            act="party-membership", employee_type="PNS", act_date=act_date, election="pilkada-2024"
        )
        assert result.level == "dismissal"
        assert "dismissal_regardless_of_phase" in result.warning_codes


def test_caseworker_can_override_the_phase(rules_and_elections_loaded):
    # Given an act before determination; when the caseworker says it concerned a candidate
    result = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2024, 9, 1),
        election="pilkada-2024",
        phase="candidate",
    )
    # Then the discipline form applies and the override is flagged
    assert result.form.code == "SKB2022-D6"
    assert result.phase_inferred is False
    assert "phase_overridden" in result.warning_codes
    assert "phase_inferred" not in result.warning_codes


def test_act_outside_the_election_period_is_flagged(rules_and_elections_loaded):
    result = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2024, 6, 1),
        election="pilkada-2024",
    )
    assert "outside_election_period" in result.warning_codes
    inside = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert "outside_election_period" not in inside.warning_codes


def test_warnings_are_read_in_the_reader_language(rules_and_elections_loaded):
    result = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2024, 6, 1),
        election="pilkada-2024",
    )
    warning = next(w for w in result.warnings if w.code == "outside_election_period")
    with translation.override("id"):
        assert "di luar tahapan" in warning.message
        assert warning.as_dict()["code"] == "outside_election_period"
    with translation.override("en"):
        assert "is outside the stages of" in warning.message
        assert "s.d." not in warning.message
    inferred = next(w for w in result.warnings if w.code == "phase_inferred")
    with translation.override("en"):
        assert inferred.message.startswith("Phase inferred from the candidate-determination date (")


def test_form_worded_for_the_other_phase_is_flagged(rules_and_elections_loaded):
    # E7 (spouse's campaign) is worded for prospective candidates but has no discipline twin.
    result = classify(
        act="spouse-campaign-without-leave",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert result.form.code == "SKB2022-E7"
    assert "form_phase_mismatch" in result.warning_codes


def test_pppk_moderate_and_heavy_go_through_the_agency_table(rules_and_elections_loaded):
    result = classify(
        act="banners-and-props",
        employee_type="PPPK",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert "pppk_agency_table" in result.warning_codes


def test_unknown_inputs_raise_clear_bilingual_errors(rules_and_elections_loaded):
    day = dt.date(2024, 10, 1)
    cases = [
        (UnknownActError, {"act": "dancing", "employee_type": "PNS", "election": "pilkada-2024"}),
        (
            UnknownEmployeeTypeError,
            {"act": "other", "employee_type": "CPNS", "election": "pilkada-2024"},
        ),
        (
            UnknownElectionError,
            {"act": "other", "employee_type": "PNS", "election": "pilkada-2029"},
        ),
    ]
    for error, kwargs in cases:
        with pytest.raises(error) as caught:
            classify(act_date=day, **kwargs)
        assert isinstance(caught.value, ValueError)
        with translation.override("en"):
            assert "Unknown" in caught.value.message
        with translation.override("id"):
            assert "tidak dikenal" in caught.value.message
    with pytest.raises(InvalidPhaseError):
        classify(
            act="other", employee_type="PNS", act_date=day, election="pilkada-2024", phase="late"
        )
    with pytest.raises(ClassificationError):
        classify(act="other", employee_type="PNS", act_date="2024-10-01", election="pilkada-2024")


def test_classification_as_dict_is_json_ready(rules_and_elections_loaded):
    with translation.override("en"):
        data = classify(
            act="party-membership",
            employee_type="NON_ASN",
            act_date=dt.date(2024, 2, 1),
            election="pemilu-2024",
        ).as_dict()
    assert data["act_label"] == "Party membership or party office"
    assert data["sanctions"][0]["code"] == "NON_ASN_CONTRACT_TERMINATION"
    assert data["recommending_authority"]["code"] == "KASN"
    assert all(set(w) == {"code", "message", "messages"} for w in data["warnings"])
    # A warning is kept in both languages, so a stored classification is shown in the reader's.
    assert all(w["messages"]["en"] == w["message"] for w in data["warnings"])
    assert all(w["messages"]["id"] != w["messages"]["en"] for w in data["warnings"])
