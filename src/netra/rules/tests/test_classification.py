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
    # Before determination the task force decides; after it, PP 94/2021 Pasal 5 huruf n angka 4
    # with Pasal 14 huruf i angka 2 makes it heavy (issue 12).
    "using-office-facilities": (
        ("SKB2022-D13", "discipline", "task_force"),
        ("PP94-5N4", "discipline", "heavy"),
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

# SKB 2020, split by phase (issue 12): before determination the SKB 2020 item; after it, the
# PP 53/2010 Pasal 4 angka 14-15 hook (huruf a/d moderate under Pasal 12 angka 9, huruf b/c heavy
# under Pasal 13 angka 13).
SKB2020 = {
    "social-media-engagement": (
        ("SKB2020-01", "ethics", "moral"),
        ("SKB2020-PP53-4-15A", "discipline", "moderate"),
    ),
    "online-campaigning": (
        ("SKB2020-01", "ethics", "moral"),
        ("SKB2020-PP53-4-15A", "discipline", "moderate"),
    ),
    "attending-declaration-or-campaign": (
        ("SKB2020-03", "ethics", "moral"),
        ("SKB2020-PP53-4-15A", "discipline", "moderate"),
    ),
    "joining-campaign-activities": (
        ("SKB2020-03", "ethics", "moral"),
        ("SKB2020-PP53-4-15A", "discipline", "moderate"),
    ),
    "photos-or-gestures": (
        ("SKB2020-02", "ethics", "moral"),
        ("SKB2020-PP53-4-15D", "discipline", "moderate"),
    ),
    "banners-and-props": (
        ("SKB2020-07", "ethics", "moral"),
        ("SKB2020-PP53-4-15A", "discipline", "moderate"),
    ),
    # Item 8 is PP 53/2010 Pasal 4 angka 15 huruf d: moderate (version 2; was heavy).
    "money-politics-and-gifts": (
        ("SKB2020-08", "discipline", "moderate"),
        ("SKB2020-08", "discipline", "moderate"),
    ),
    "using-office-facilities": (
        ("SKB2020-14", "discipline", "heavy"),
        ("SKB2020-14", "discipline", "heavy"),
    ),
    "decisions-favouring-or-harming": (
        ("SKB2020-15", "discipline", "heavy"),
        ("SKB2020-15", "discipline", "heavy"),
    ),
    "party-membership": (
        ("SKB2020-16", "discipline", "dismissal"),
        ("SKB2020-16", "discipline", "dismissal"),
    ),
    "campaign-team-role": (
        ("SKB2020-09", "discipline", "moderate"),
        ("SKB2020-09", "discipline", "moderate"),
    ),
    "support-letters-and-ktp": (
        ("SKB2020-12", "discipline", "moderate"),
        ("SKB2020-12", "discipline", "moderate"),
    ),
    "running-without-leave": (
        ("SKB2020-05", "discipline", "moderate"),
        ("SKB2020-05", "discipline", "moderate"),
    ),
    "spouse-campaign-without-leave": (
        ("SKB2020-11", "ethics", "moral"),
        ("SKB2020-11", "ethics", "moral"),
    ),
    "other": ((None, None, "task_force"), (None, None, "task_force")),
}

# Acts the guide presents as allowed: catalog rows with verdict "allowed", no form.
ALLOWED_ACTS = {"voting", "encouraging-turnout", "neutrality-socialisation", "reporting-violations"}
# The verdict of every other act: prohibited, except the catch-all, which depends on the facts.
VERDICT = {act: ("depends" if act == "other" else "prohibited") for act in SKB2022}

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
    slugs = set(ProhibitedAct.objects.values_list("slug", flat=True))
    assert slugs == set(SKB2022) | ALLOWED_ACTS
    assert set(SKB2022) == set(SKB2020)


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
                form, category, level = SKB2020[act][index]
            else:
                form, category, level = SKB2022[act][index]
            result = classify(
                act=act, employee_type=employee_type, act_date=act_date, election=election
            )
            got = (
                result.verdict,
                result.form.code if result.form else None,
                result.category,
                result.level,
                result.phase,
                set(result.sanction_codes),
                result.recommending_authority.code,
            )
            want = (
                VERDICT[act],
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
            dismissal_warning = (
                "non_asn_contract"
                if employee_type == "NON_ASN"
                else "dismissal_regardless_of_phase"
            )
            if level == "dismissal" and dismissal_warning not in result.warning_codes:
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
    assert "SKB 2022 butir D1" in new.legal_basis


def test_pivot_is_the_determination_date_itself(rules_and_elections_loaded):
    # Given pemilu-2024 (presidential determination 13 Nov 2023); when the act is on that day
    # and the day before; then the day itself is already the candidate phase.
    on_day = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2023, 11, 13),
        election="pemilu-2024",
        race="presidential",
    )
    day_before = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2023, 11, 12),
        election="pemilu-2024",
        race="presidential",
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
        act_date=dt.date(2023, 12, 1),
        election="pilkada-2024",
    )
    assert "outside_election_period" in result.warning_codes
    # Still prohibited: neutrality is owed at all times.
    assert result.verdict == "prohibited"
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
        act_date=dt.date(2023, 12, 1),
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
    # D3 (running without leave) is worded for prospective candidates and has no twin.
    result = classify(
        act="running-without-leave",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert result.form.code == "SKB2022-D3"
    assert "form_phase_mismatch" in result.warning_codes


def test_e7_serves_both_phases_without_a_warning(rules_and_elections_loaded):
    # E7 version 2 says "any phase": the SKB 2022 has no discipline item for a spouse's campaign.
    result = classify(
        act="spouse-campaign-without-leave",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert (result.form.code, result.form.version) == ("SKB2022-E7", 2)
    assert "form_phase_mismatch" not in result.warning_codes


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
            {"act": "other", "employee_type": "HONORER", "election": "pilkada-2024"},
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


# Pemilu 2024: legislative lists (DCT) determined 3 Nov 2023, presidential tickets 13 Nov 2023.
@pytest.mark.parametrize(
    ("race", "act_date", "form", "category"),
    [
        ("legislative", dt.date(2023, 11, 2), "SKB2022-E4", "ethics"),
        ("legislative", dt.date(2023, 11, 3), "SKB2022-D6", "discipline"),
        ("presidential", dt.date(2023, 11, 3), "SKB2022-E4", "ethics"),
        ("presidential", dt.date(2023, 11, 13), "SKB2022-D6", "discipline"),
        # Pilkada has one race: the whole-election date (22 Sep 2024) serves it.
        ("regional_head", dt.date(2024, 9, 21), "SKB2022-E4", "ethics"),
    ],
)
def test_the_race_picks_its_own_determination_date(
    rules_and_elections_loaded, race, act_date, form, category
):
    election = "pilkada-2024" if race == "regional_head" else "pemilu-2024"
    result = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=act_date,
        election=election,
        race=race,
    )
    assert (result.form.code, result.category, result.verdict) == (form, category, "prohibited")
    assert result.category_depends_on == ""
    assert result.as_dict()["race"] == race


def test_between_the_race_dates_the_verdict_holds_and_the_category_waits_for_the_race(
    rules_and_elections_loaded,
):
    # Given 8 Nov 2023: legislative candidates determined, presidential ones not yet; when no race
    # is given; then the act is prohibited in every reading and the category depends on the race.
    result = classify(
        act="social-media-engagement",
        employee_type="PNS",
        act_date=dt.date(2023, 11, 8),
        election="pemilu-2024",
    )
    assert result.verdict == "prohibited"
    assert result.category_depends_on == "race"
    assert result.warning_codes.count("race_decides_phase") == 2
    data = result.as_dict()
    assert (data["verdict"], data["category_depends_on"]) == ("prohibited", "race")
    # Before both dates and after both, the date alone decides.
    for day in (dt.date(2023, 11, 2), dt.date(2023, 11, 14)):
        clear = classify(
            act="social-media-engagement", employee_type="PNS", act_date=day, election="pemilu-2024"
        )
        assert clear.category_depends_on == ""
        assert "race_decides_phase" not in clear.warning_codes


def test_unknown_race_is_refused(rules_and_elections_loaded):
    from netra.rules.classification import InvalidRaceError

    with pytest.raises(InvalidRaceError) as caught:
        classify(
            act="other",
            employee_type="PNS",
            act_date=dt.date(2024, 10, 1),
            election="pilkada-2024",
            race="mayor",
        )
    assert caught.value.error.status == 400


@pytest.mark.parametrize("act", sorted(ALLOWED_ACTS))
@pytest.mark.parametrize("election", ["pilkada-2020", "pemilu-2024", "pilkada-2024"])
def test_allowed_acts_are_allowed_in_every_phase_and_never_reach_the_task_force(
    rules_and_elections_loaded, act, election
):
    for act_date in DATES[election]:
        result = classify(act=act, employee_type="PNS", act_date=act_date, election=election)
        assert result.verdict == "allowed"
        assert (result.form, result.level, result.sanctions) == (None, "", [])
        assert "task_force_decides" not in result.warning_codes
        assert "no_form_task_force" not in result.warning_codes


def test_the_catch_all_depends_on_the_facts(rules_and_elections_loaded):
    result = classify(
        act="other", employee_type="PNS", act_date=dt.date(2024, 10, 1), election="pilkada-2024"
    )
    assert (result.verdict, result.verdict_depends_on) == ("depends", "facts")
    with translation.override("id"):
        assert "Satgas" in result.verdict_reason
    with translation.override("en"):
        assert "task force" in result.verdict_reason


# Table tests per changed level, with the article the level comes from (issue 12 §1).
@pytest.mark.parametrize(
    ("act", "election", "act_date", "form", "version", "level", "article"),
    [
        # PP 94/2021 Pasal 5 huruf n angka 4 jo. Pasal 14 huruf i angka 2: heavy, after
        # determination; before it the task force decides.
        (
            "using-office-facilities",
            "pilkada-2024",
            dt.date(2024, 10, 1),
            "PP94-5N4",
            1,
            "heavy",
            "PP 94/2021 Pasal 5 huruf n angka 4 jo. Pasal 14 huruf i angka 2",
        ),
        (
            "using-office-facilities",
            "pemilu-2024",
            dt.date(2023, 12, 1),
            "PP94-5N4",
            1,
            "heavy",
            "Pasal 14 huruf i angka 2",
        ),
        (
            "using-office-facilities",
            "pilkada-2024",
            dt.date(2024, 9, 1),
            "SKB2022-D13",
            1,
            "task_force",
            "SKB 2022",
        ),
        # PP 53/2010 Pasal 4 angka 15 huruf a and d: moderate (Pasal 12 angka 9).
        (
            "social-media-engagement",
            "pilkada-2020",
            dt.date(2020, 10, 15),
            "SKB2020-PP53-4-15A",
            1,
            "moderate",
            "PP 53/2010 Pasal 4 angka 15 huruf a jo. Pasal 12 angka 9",
        ),
        (
            "photos-or-gestures",
            "pilkada-2020",
            dt.date(2020, 10, 15),
            "SKB2020-PP53-4-15D",
            1,
            "moderate",
            "PP 53/2010 Pasal 4 angka 15 huruf d jo. Pasal 12 angka 9",
        ),
        # SKB 2020 item 8 checked against huruf d: moderate, not heavy (version 2).
        (
            "money-politics-and-gifts",
            "pilkada-2020",
            dt.date(2020, 10, 15),
            "SKB2020-08",
            2,
            "moderate",
            "PP 53/2010 Pasal 4 angka 15 huruf d jo. Pasal 12 angka 9",
        ),
        # Huruf b and c: heavy (Pasal 13 angka 13).
        (
            "using-office-facilities",
            "pilkada-2020",
            dt.date(2020, 10, 15),
            "SKB2020-14",
            2,
            "heavy",
            "PP 53/2010 Pasal 4 angka 15 huruf b jo. Pasal 13 angka 13",
        ),
        (
            "decisions-favouring-or-harming",
            "pilkada-2020",
            dt.date(2020, 10, 15),
            "SKB2020-15",
            2,
            "heavy",
            "PP 53/2010 Pasal 4 angka 15 huruf c jo. Pasal 13 angka 13",
        ),
        # Support letters with KTP copies: Pasal 4 angka 14, moderate (Pasal 12 angka 8).
        (
            "support-letters-and-ktp",
            "pilkada-2020",
            dt.date(2020, 9, 15),
            "SKB2020-12",
            2,
            "moderate",
            "PP 53/2010 Pasal 4 angka 14 jo. Pasal 12 angka 8",
        ),
        # D10: the Penjelasan of PP 94/2021 Pasal 5 huruf n angka 3 names tim sukses.
        (
            "campaign-team-role",
            "pilkada-2024",
            dt.date(2024, 10, 1),
            "SKB2022-D10",
            2,
            "heavy",
            "PP 94/2021 Pasal 5 huruf n angka 3",
        ),
    ],
)
def test_changed_levels_cite_their_article(
    rules_and_elections_loaded, act, election, act_date, form, version, level, article
):
    result = classify(act=act, employee_type="PNS", act_date=act_date, election=election)
    assert (result.form.code, result.form.version, result.level) == (form, version, level)
    assert article in result.legal_basis
    assert result.verdict == "prohibited"


def test_a_regulation_form_is_cited_by_its_article_not_as_an_skb_item(rules_and_elections_loaded):
    result = classify(
        act="using-office-facilities",
        employee_type="PNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    with translation.override("id"):
        assert result.form.reference == "PP 94/2021 Pasal 5 huruf n angka 4"
    assert "SKB 2022 Pasal" not in result.legal_basis


def test_cpns_is_accepted_with_the_pns_rules_and_its_own_consequence(rules_and_elections_loaded):
    result = classify(
        act="banners-and-props",
        employee_type="CPNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert set(result.sanction_codes) == PP94_HEAVY | {"CPNS_DISMISSAL_DISCIPLINE"}
    assert "cpns_dismissal" in result.warning_codes
    dismissal = next(s for s in result.sanctions if s.code == "CPNS_DISMISSAL_DISCIPLINE")
    assert "PP 11/2017 Pasal 37 ayat (2) huruf c" in dismissal.legal_basis
    party = classify(
        act="party-membership",
        employee_type="CPNS",
        act_date=dt.date(2024, 10, 1),
        election="pilkada-2024",
    )
    assert "CPNS_DISMISSAL_PARTY" in party.sanction_codes
    # Ethics stays ethics: no dismissal warning for a moral sanction.
    moral = classify(
        act="banners-and-props",
        employee_type="CPNS",
        act_date=dt.date(2024, 9, 1),
        election="pilkada-2024",
    )
    assert "cpns_dismissal" not in moral.warning_codes


@pytest.mark.parametrize(
    ("act", "act_date"),
    [
        ("party-membership", dt.date(2024, 10, 1)),
        ("banners-and-props", dt.date(2024, 10, 1)),
        ("using-office-facilities", dt.date(2024, 10, 1)),
        ("using-office-facilities", dt.date(2024, 9, 1)),
        ("decisions-favouring-or-harming", dt.date(2024, 10, 1)),
    ],
)
def test_non_asn_see_the_contract_basis_never_the_pns_articles(
    rules_and_elections_loaded, act, act_date
):
    result = classify(act=act, employee_type="NON_ASN", act_date=act_date, election="pilkada-2024")
    assert "SE MenPANRB Nomor 01 Tahun 2023" in result.legal_basis
    for pns_text in ("PP 94/2021", "PP 11/2017", "UU 20/2023", "PP 49/2018"):
        assert pns_text not in result.legal_basis
    texts = [w.message for w in result.warnings] + [s.label for s in result.sanctions]
    with translation.override("id"):
        assert not any("PTDH" in text or "tidak dengan hormat" in text for text in texts)
    assert "non_asn_contract" in result.warning_codes
    assert "dismissal_regardless_of_phase" not in result.warning_codes


def test_prospective_candidates_from_may_to_august_2024_are_inside_the_election(
    rules_and_elections_loaded,
):
    # PKPU 2/2024's first stage starts 26 Jan 2024; independent candidates gathered support
    # from 5 May, registration opened 27 Aug.
    for day in (dt.date(2024, 5, 6), dt.date(2024, 6, 1), dt.date(2024, 8, 20)):
        result = classify(
            act="banners-and-props", employee_type="PNS", act_date=day, election="pilkada-2024"
        )
        assert "outside_election_period" not in result.warning_codes
        assert (result.form.code, result.verdict) == ("SKB2022-E1", "prohibited")
