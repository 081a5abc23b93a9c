"""The case state machine: every allowed and forbidden move, guards, routing, outcomes."""

import datetime as dt
import tomllib

import pytest
from django.utils import translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from netra.cases import workflow
from netra.cases.choices import CaseState, OfficialOutcome, Remedy
from netra.cases.services import DATA_FILE
from netra.cases.workflow import (
    GUARDS,
    INITIAL_STATE,
    ROLES,
    SYSTEM,
    TERMINAL_STATES,
    TRANSITIONS,
    allowed_transitions,
    check_transition,
    official_outcome,
    remedy_for,
    transition_get,
    transitions_from,
)

S = CaseState
ALL_STATES = list(S.values)

# How to make each guard fail; a new guard without a row here fails the coverage test.
GUARD_BREAKERS = {
    "formal_requirements_missing": {"missing_requirements": []},
    "formal_requirements_complete": {"formal_complete": False},
    "reason_given": {"reason": "   "},
    "correction_deadline_passed": {"correction_overdue": False},
    "identity_resolved_or_not_in_registry": {"person_resolved": False, "not_in_registry": False},
    "study_has_findings": {"study_findings": ""},
    "study_has_classification": {"classification": None},
    "authority_in_force": {"recommending_authority": None},
    "sanctions_stated": {"recommended_sanctions": []},
    "ppk_known": {"ppk_known": False},
    "stop_outcome_given": {"outcome": "sanctioned"},
    "decision_recorded": {"decree_number": ""},
    "ppk_follow_up_overdue": {"ppk_overdue": False},
    "bkn_verification_done": {"bkn_verified": False},
    "ppk_has_acted": {"decision_sanction": None, "person_left": False},
    "person_left_service": {"person_left": False},
    "routes_to_objection": {"remedy": Remedy.APPEAL},
    "routes_to_appeal": {"remedy": Remedy.OBJECTION},
    "decision_within_remedy_window": {"remedy_filed_in_time": False},
    "remedy_window_closed": {"remedy_window_over": False},
    "remedy_outcome_given": {"remedy_outcome": "maybe"},
    "objection_decision_overdue": {"objection_overdue": False},
    "court_case_filed": {"court_case_number": ""},
    "court_ruling_recorded": {"court_ruling": None},
    "merged_into_other": {"merged_into": None},
    "recommendation_letter_issued": {"recommendation_letter_issued": False},
    "merge_undone": {"merge_undone": False},
}


def facts_for(base: dict, target: str) -> dict:
    facts = dict(base)
    facts["remedy"] = Remedy.APPEAL if target == S.APPEAL else Remedy.OBJECTION
    return facts


FULL_FACTS = {
    "missing_requirements": ["witnesses"],
    "formal_complete": True,
    "reason": "Alasan uji",
    "correction_overdue": True,
    "person_resolved": True,
    "study_findings": "Temuan",
    "classification": {"form": "SKB2022-D8"},
    "recommending_authority": "BKN",
    "recommended_sanctions": ["PNS_PP94_DEMOTION_12M"],
    "ppk_known": True,
    "outcome": "not_proven",
    "decision_sanction": "PNS_PP94_DEMOTION_12M",
    "decree_number": "800/1/2024",
    "decree_date": dt.date(2024, 12, 2),
    "ppk_overdue": True,
    "bkn_verified": True,
    "person_left": True,
    "remedy_filed_in_time": True,
    "remedy_window_over": True,
    "remedy_outcome": "upheld",
    "objection_overdue": True,
    "court_case_number": "12/G/2025/PTUN.BDG",
    "court_ruling": "Ditolak",
    "merged_into": "KSS-24-0000-0000",
    "recommendation_letter_issued": True,
    "merge_undone": True,
}


@pytest.fixture
def full_facts():
    return dict(FULL_FACTS)


def test_the_shared_fixture_satisfies_every_guard(case_facts):
    for guard in GUARDS.values():
        if not guard.name.startswith("routes_to_"):
            assert guard.holds(case_facts), guard.name


@pytest.mark.parametrize(
    ("state", "target"), [(s, t) for s in ALL_STATES for t in ALL_STATES], ids=str
)
def test_every_state_target_role_combination(state, target, full_facts):
    # Given every guard satisfied, only the declared edge and its roles decide
    edge = transition_get(state, target)
    for role in ROLES:
        decision = check_transition(state, target, role, facts_for(full_facts, target))
        if edge is None:
            assert not decision and decision.reason == "not_allowed", (role, decision)
        elif role in edge.roles:
            assert decision.ok, (role, decision.reason)
            assert decision.transition is edge
        else:
            assert not decision and decision.reason == "role_not_allowed", role


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_each_guard_of_each_transition_blocks_it(transition, full_facts):
    role = sorted(transition.roles)[0]
    for guard in transition.guards:
        # Given all facts good except the one this guard reads
        facts = facts_for(full_facts, transition.target) | GUARD_BREAKERS[guard]
        # When the move is checked, then it is refused naming that guard
        decision = check_transition(transition.source, transition.target, role, facts)
        assert not decision.ok and decision.reason == guard
        with translation.override("id"):
            assert decision.message == GUARDS[guard].render(facts)


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_without_facts_only_unguarded_moves_pass(transition):
    role = sorted(transition.roles)[0]
    decision = check_transition(transition.source, transition.target, role, {})
    assert decision.ok is (not transition.guards)


def test_every_guard_has_a_breaker_and_every_used_guard_exists():
    assert set(GUARD_BREAKERS) == set(GUARDS)
    assert {g for t in TRANSITIONS for g in t.guards} <= set(GUARDS)


def test_unknown_states_are_refused_with_a_message():
    assert check_transition("teleported", S.CLOSED, "bawaslu_officer").reason == "unknown_state"
    assert check_transition(S.RECEIVED, "nowhere", "bawaslu_officer").reason == "unknown_state"
    with translation.override("en"):
        assert check_transition(S.RECEIVED, S.SANCTIONED, "auditor").message == (
            "This change of state is not allowed."
        )
    with translation.override("id"):
        decision = check_transition(S.RECEIVED, S.FORMAL_CHECK, "auditor")
        assert decision.message.startswith("Peran Anda tidak berwenang")


def test_auditors_and_admins_write_nothing():
    for state in ALL_STATES:
        assert allowed_transitions(state, "auditor") == []
        assert allowed_transitions(state, "admin") == []


def test_allowed_transitions_lists_targets_by_role():
    targets = {t.target for t in allowed_transitions(S.FORMAL_CHECK, "bawaslu_officer")}
    assert targets == {S.NEEDS_CORRECTION, S.REGISTERED, S.NOT_REGISTERED, S.CLOSED}
    assert allowed_transitions(S.FORMAL_CHECK, "ppk_officer") == []
    system = {t.target for t in allowed_transitions(S.RECOMMENDATION_TO_PPK, SYSTEM)}
    assert system == {S.PPK_NO_FOLLOW_UP}


def test_check_transition_evaluates_guards(full_facts):
    facts = dict(full_facts, formal_complete=False)
    role = "bawaslu_officer"
    targets = {
        t.target
        for t in allowed_transitions(S.FORMAL_CHECK, role)
        if check_transition(S.FORMAL_CHECK, t.target, role, facts)
    }
    assert targets == {S.NEEDS_CORRECTION, S.NOT_REGISTERED, S.CLOSED}


# --- Graph properties ------------------------------------------------------------------------


def _exits(state: str) -> list:
    """Moves out of `state` other than undoing a merge (the one way back out of `closed`)."""
    return [t for t in transitions_from(state) if not set(t.guards) & {"merge_undone"}]


def test_every_state_is_reachable_and_terminal_states_have_no_exits():
    assert workflow.reachable_states() == set(ALL_STATES)
    for state in TERMINAL_STATES:
        assert _exits(state) == []
    undo = [t for t in TRANSITIONS if "merge_undone" in t.guards]
    assert {t.source for t in undo} == {S.CLOSED}
    assert {t.target for t in undo} == set(workflow.MERGEABLE_STATES)
    for state in set(ALL_STATES) - TERMINAL_STATES:
        assert transitions_from(state), state


def test_every_state_can_reach_a_terminal_state():
    for state in ALL_STATES:
        assert workflow.reachable_states(state) & TERMINAL_STATES, state


def test_every_deadline_a_transition_starts_is_in_the_data_file():
    with DATA_FILE.open("rb") as handle:
        codes = {row["code"] for row in tomllib.load(handle)["deadline"]}
    assert workflow.deadline_codes_used() <= codes
    assert set(workflow.DeadlineCode.values()) == codes


def test_special_edges_come_only_from_where_the_law_says():
    into = lambda target: {t.source for t in TRANSITIONS if t.target == target}  # noqa: E731
    assert into(S.DATA_BLOCKED) == {S.PPK_NO_FOLLOW_UP}
    assert into(S.UNBLOCKED) == {S.DATA_BLOCKED}
    assert into(S.OBJECTION) == {S.SANCTIONED}
    assert into(S.APPEAL) == {S.SANCTIONED}
    assert into(S.DEEMED_UNDECIDED) == {S.OBJECTION}


# --- Remedy routing (DOMAIN §2.6, §8.2) --------------------------------------------------------


@pytest.mark.parametrize(
    ("remedy", "expected"),
    [
        ("appeal", Remedy.APPEAL),
        ("objection", Remedy.OBJECTION),
        ("", None),  # PP 79/2021 does not apply (non-ASN)
        ("something-else", None),
    ],
)
def test_remedy_comes_from_the_catalog_row(remedy, expected):
    from types import SimpleNamespace

    # The code says nothing: a dismissal code with an objection row is an objection.
    row = SimpleNamespace(code="PNS_PP94_PDHTAPS", remedy=remedy)
    assert remedy_for(row) == expected
    assert remedy_for(None) is None


@pytest.mark.django_db
def test_the_catalog_routes_dismissals_to_appeal_and_the_rest_to_objection(rules_loaded):
    from netra.rules.selectors import sanction_list

    catalog = {s.code: s for s in sanction_list()}
    assert remedy_for(catalog["PNS_PP94_PDHTAPS"]) == Remedy.APPEAL
    assert remedy_for(catalog["PPPK_TERMINATION_WITHOUT_HONOUR"]) == Remedy.APPEAL
    assert remedy_for(catalog["PNS_PP94_DEMOTION_12M"]) == Remedy.OBJECTION
    assert remedy_for(catalog["NON_ASN_CONTRACT_TERMINATION"]) is None


def test_objection_and_appeal_are_exclusive(full_facts):
    appeal_facts = dict(full_facts, remedy=Remedy.APPEAL)
    assert check_transition(S.SANCTIONED, S.APPEAL, "ppk_officer", appeal_facts).ok
    refused = check_transition(S.SANCTIONED, S.OBJECTION, "ppk_officer", appeal_facts)
    assert refused.reason == "routes_to_objection"


# --- Official outcome codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "facts", "expected"),
    [
        (S.RECEIVED, {}, None),
        (S.STUDY, {}, None),
        (S.NOT_REGISTERED, {}, OfficialOutcome.REJECTED),
        (S.TASK_FORCE_VERIFICATION, {}, OfficialOutcome.AWAITING_BKN_VERIFICATION),
        (S.RECOMMENDATION_TO_AUTHORITY, {}, OfficialOutcome.AWAITING_BKN_VERIFICATION),
        (S.NOT_A_VIOLATION, {}, OfficialOutcome.NOT_PROVEN),
        (S.STOPPED, {"outcome": "cancelled"}, OfficialOutcome.CANCELLED),
        (S.STOPPED, {"outcome": "rejected"}, OfficialOutcome.REJECTED),
        (S.STOPPED, {}, OfficialOutcome.NOT_PROVEN),
        (S.RECOMMENDATION_TO_PPK, {}, OfficialOutcome.AWAITING_PPK_FOLLOW_UP),
        (S.DATA_BLOCKED, {}, OfficialOutcome.AWAITING_PPK_FOLLOW_UP),
        (S.SANCTIONED, {"decision_sanction": "X"}, OfficialOutcome.SANCTIONED),
        (S.OBJECTION_DECIDED, {"decision_sanction": "X", "remedy_outcome": "revoked"}, "cancelled"),
        (S.CLOSED, {"person_left": True}, OfficialOutcome.ALREADY_LEFT),
        (S.CLOSED, {"decision_sanction": "X"}, OfficialOutcome.SANCTIONED),
    ],
)
def test_official_outcome(state, facts, expected):
    assert official_outcome(state, facts) == expected


def test_every_state_has_a_defined_outcome_rule():
    for state in ALL_STATES:
        outcome = official_outcome(state, {"decision_sanction": "X"})
        assert outcome is None or outcome in OfficialOutcome.values


# --- Random walks ----------------------------------------------------------------------------


def _walk_facts(target: str) -> dict:
    return facts_for(FULL_FACTS, target)


_CAN_FINISH = {s for s in ALL_STATES if workflow.reachable_states(s) & TERMINAL_STATES}
_AFTER_DECISION = {
    S.OBJECTION,
    S.OBJECTION_DECIDED,
    S.DEEMED_UNDECIDED,
    S.APPEAL,
    S.APPEAL_DECIDED,
    S.COURT,
}


class CaseWalk(RuleBasedStateMachine):
    """Walks random legal paths and tries random illegal moves on the way."""

    def __init__(self):
        super().__init__()
        self.state = INITIAL_STATE
        self.path = [INITIAL_STATE]

    @precondition(lambda self: self.state not in TERMINAL_STATES)
    @rule(data=st.data())
    def legal_move(self, data):
        transition = data.draw(st.sampled_from(transitions_from(self.state)))
        role = data.draw(st.sampled_from(sorted(transition.roles)))
        decision = check_transition(
            self.state, transition.target, role, _walk_facts(transition.target)
        )
        assert decision.ok, decision.reason
        self.state = transition.target
        self.path.append(self.state)

    @rule(goal=st.sampled_from(ALL_STATES), role=st.sampled_from(ROLES))
    def illegal_move_is_refused(self, goal, role):
        edge = transition_get(self.state, goal)
        if edge is None or role not in edge.roles:
            assert not check_transition(self.state, goal, role, _walk_facts(goal)).ok

    @invariant()
    def terminal_states_have_no_exits(self):
        if self.state in TERMINAL_STATES:
            assert not _exits(self.state)

    @invariant()
    def a_terminal_state_stays_reachable(self):
        assert self.state in _CAN_FINISH

    @invariant()
    def objections_only_after_a_decision(self):
        if self.state in _AFTER_DECISION:
            assert S.SANCTIONED in self.path

    @invariant()
    def data_block_only_after_ppk_no_follow_up(self):
        if self.state == S.DATA_BLOCKED:
            assert self.path[-2] == S.PPK_NO_FOLLOW_UP

    @invariant()
    def unblock_only_from_data_blocked(self):
        if self.state == S.UNBLOCKED:
            assert self.path[-2] == S.DATA_BLOCKED

    @invariant()
    def ppk_steps_only_after_a_recommendation(self):
        if self.state in {S.SANCTIONED, S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED}:
            assert S.RECOMMENDATION_TO_PPK in self.path
            assert S.RECOMMENDED in self.path


CaseWalk.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestCaseWalk = CaseWalk.TestCase


def test_labels_are_indonesian_with_an_english_catalogue():
    with translation.override("id"):
        assert str(S.DATA_BLOCKED.label) == "Data kepegawaian diblokir"
    with translation.override("en"):
        assert str(S.DATA_BLOCKED.label) == "Personnel data blocked"
        assert str(OfficialOutcome.ALREADY_LEFT.label).startswith("Reported person already")


def test_every_recorded_move_is_a_transition_of_the_workflow():
    from netra.cases.workflow import RECORDED_MOVES, RecordedMove, transition_get

    kinds = {v for k, v in vars(RecordedMove).items() if k.isupper()}
    for (source, target), kind in RECORDED_MOVES.items():
        assert transition_get(source, target) is not None, (source, target)
        assert kind in kinds
    # The PPK decision always goes through the decree record, from every state it can start
    into_sanctioned = {t.source for t in TRANSITIONS if t.target == S.SANCTIONED}
    assert {s for (s, t) in RECORDED_MOVES if t == S.SANCTIONED} == into_sanctioned
