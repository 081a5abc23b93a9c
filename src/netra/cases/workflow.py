"""The case state machine (DESIGN.md §8), in one place and pure: no ORM, no clock.

States follow DOMAIN.md §2.4 with the objection/appeal branch of §2.6 and §8.2 (where §8 and an
earlier section disagree, §8 wins). Each transition names the roles that may make it, the named
guards that must hold on the facts the caller gathered, and the deadline rules (codes of
`cases/data/deadlines.toml`) it starts. `case_transition` (the only writer of a case's state)
calls `check_transition` first; the overdue sweep acts as `SYSTEM`.

Choices made where the sources are silent (docs/cases-workflow.md):
- Task-force verification is optional: reports that came in through SBT go to the task force
  first, Bawaslu's own reports and findings go straight to the study.
- Terminal states are `not_registered`, `not_a_violation`, `stopped` and `closed`; the official
  outcome code (`official_outcome`) says how a closed case ended.
- A PPK decision of "no sanction" is not a follow-up: the case stays with the PPK until the
  deadline sweep or BKN declares it not followed up.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from netra.accounts.choices import Role
from netra.cases.choices import CaseState, OfficialOutcome, Remedy, RemedyOutcome

S = CaseState
SYSTEM = "system"  # scheduled jobs (actor=None); not a Membership role

BAWASLU = Role.BAWASLU_OFFICER.value
TASK_FORCE = Role.SATGAS_ANALYST.value
AGENCY_HR = Role.AGENCY_HR.value
PPK = Role.PPK_OFFICER.value
ROLES = (*Role.values, SYSTEM)


class DeadlineCode:
    """Codes of the deadline rules (rows of `cases/data/deadlines.toml`)."""

    CORRECTION = "correction"
    BAWASLU_FOLLOW_UP = "bawaslu_follow_up"
    BAWASLU_FOLLOW_UP_EXTENDED = "bawaslu_follow_up_extended"
    TASK_FORCE_VERIFICATION = "task_force_verification"
    STUDY = "study"
    PPK_FOLLOW_UP = "ppk_follow_up"
    EXAMINATION_SUMMONS = "examination_summons"
    DECISION_DELIVERY = "decision_delivery"
    DECISION_EFFECTIVE = "decision_effective"
    OBJECTION_FILING = "objection_filing"
    OBJECTION_DECISION = "objection_decision"
    APPEAL_FILING = "appeal_filing"
    APPEAL_PPK_RESPONSE = "appeal_ppk_response"
    APPEAL_BPASN_DECISION = "appeal_bpasn_decision"

    @classmethod
    def values(cls) -> list[str]:
        return [v for k, v in vars(cls).items() if k.isupper()]


D = DeadlineCode
# Deadline rows that mark a date the law fixes (a decision takes effect) rather than a step
# someone owes: never escalated, never a case's "next deadline".
MILESTONE_DEADLINES = frozenset({D.DECISION_EFFECTIVE})
TERMINAL_STATES = frozenset({S.NOT_REGISTERED, S.NOT_A_VIOLATION, S.STOPPED, S.CLOSED})
INITIAL_STATE = S.RECEIVED
MERGEABLE_STATES = (
    S.RECEIVED,
    S.FORMAL_CHECK,
    S.NEEDS_CORRECTION,
    S.REGISTERED,
    S.TASK_FORCE_VERIFICATION,
    S.STUDY,
)


# --- Guards ----------------------------------------------------------------------------------
# Each guard reads plain facts (a mapping the service fills from the case) and answers yes/no.


def _truthy(key: str):
    return lambda facts: bool(facts.get(key))


def _text(key: str):
    return lambda facts: bool(str(facts.get(key) or "").strip())


def _decision_recorded(facts: Mapping[str, Any]) -> bool:
    return all(facts.get(key) for key in ("decision_sanction", "decree_number", "decree_date"))


@dataclass(frozen=True)
class Guard:
    """A named condition on the facts. `message` (an Indonesian gettext source, translated when
    read) says what is missing; `params` names the facts its `%(name)s` placeholders read
    (e.g. the number of days of a deadline rule, which `case_facts` takes from the data)."""

    name: str
    test: Any
    message: Any  # a gettext_lazy string
    params: Mapping[str, str] = field(default_factory=dict)

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return bool(self.test(facts))

    def message_params(self, facts: Mapping[str, Any] | None = None) -> dict[str, Any]:
        facts = facts or {}
        return {name: facts.get(key, "?") for name, key in self.params.items()}

    def render(self, facts: Mapping[str, Any] | None = None) -> str:
        """The message in the active language, its placeholders filled from `facts`."""
        text = str(self.message)
        return text % self.message_params(facts) if self.params else text


GUARDS: dict[str, Guard] = {
    g.name: g
    for g in (
        Guard(
            "formal_requirements_missing",
            lambda f: bool(f.get("missing_requirements")),
            _("Sebutkan syarat yang belum lengkap sebelum meminta perbaikan."),
        ),
        Guard(
            "formal_requirements_complete",
            lambda f: f.get("formal_complete") is True,
            _("Syarat formal dan materiel belum lengkap."),
        ),
        Guard(
            "reason_given",
            _text("reason"),
            _("Alasan wajib diisi."),
        ),
        Guard(
            "correction_deadline_passed",
            _truthy("correction_overdue"),
            _("Batas waktu perbaikan %(days)s hari belum lewat."),
            {"days": "correction_days"},
        ),
        Guard(
            "identity_resolved_or_not_in_registry",
            lambda f: bool(f.get("person_resolved") or f.get("not_in_registry")),
            _("Tetapkan identitas terlapor dari registri atau tandai 'tidak ada di registri'."),
        ),
        Guard(
            "study_has_findings",
            _text("study_findings"),
            _("Kajian belum memuat temuan."),
        ),
        Guard(
            "study_has_classification",
            _truthy("classification"),
            _("Kajian belum memuat klasifikasi bentuk pelanggaran."),
        ),
        Guard(
            "authority_in_force",
            _truthy("recommending_authority"),
            _("Tidak ada lembaga pemberi rekomendasi yang berwenang pada tanggal ini."),
        ),
        Guard(
            "recommendation_letter_issued",
            _truthy("recommendation_letter_issued"),
            _("Terbitkan surat rekomendasi lebih dahulu; rekomendasi dikirim bersama suratnya."),
        ),
        Guard(
            "sanctions_stated",
            lambda f: bool(f.get("recommended_sanctions")),
            _("Rekomendasi harus menyebut jenis sanksi yang dapat dijatuhkan."),
        ),
        Guard(
            "ppk_known",
            _truthy("ppk_known"),
            _("PPK instansi terlapor belum diketahui."),
        ),
        Guard(
            "stop_outcome_given",
            lambda f: (
                f.get("outcome")
                in (OfficialOutcome.NOT_PROVEN, OfficialOutcome.CANCELLED, OfficialOutcome.REJECTED)
            ),
            _("Pilih hasil: tidak terbukti, dibatalkan atau ditolak."),
        ),
        Guard(
            "decision_recorded",
            _decision_recorded,
            _("Catat keputusan PPK: sanksi, nomor dan tanggal SK."),
        ),
        Guard(
            "ppk_follow_up_overdue",
            _truthy("ppk_overdue"),
            _("Batas waktu tindak lanjut PPK belum lewat (atau belum ditetapkan)."),
        ),
        Guard(
            "bkn_verification_done",
            _truthy("bkn_verified"),
            _(
                "Pemblokiran hanya setelah verifikasi, validasi dan/atau audit BKN "
                "(Perpres 116/2022 Pasal 20 ayat (3))."
            ),
        ),
        Guard(
            "ppk_has_acted",
            lambda f: _decision_recorded(f) or bool(f.get("person_left")),
            _("Blokir dibuka hanya setelah PPK menindaklanjuti."),
        ),
        Guard(
            "person_left_service",
            _truthy("person_left"),
            _("Terlapor tidak tercatat diberhentikan, pensiun atau mengundurkan diri."),
        ),
        Guard(
            "routes_to_objection",
            lambda f: f.get("remedy") == Remedy.OBJECTION,
            _("Keputusan ini diajukan melalui banding ke BPASN, bukan keberatan."),
        ),
        Guard(
            "routes_to_appeal",
            lambda f: f.get("remedy") == Remedy.APPEAL,
            _("Banding ke BPASN hanya untuk pemberhentian PNS atau pemutusan hubungan kerja PPPK."),
        ),
        Guard(
            "decision_within_remedy_window",
            _truthy("remedy_filed_in_time"),
            _("Diajukan di luar %(days)s hari kerja sejak keputusan diterima (PP 79/2021)."),
            {"days": "remedy_filing_days"},
        ),
        Guard(
            "remedy_window_closed",
            _truthy("remedy_window_over"),
            _("Masa pengajuan keberatan/banding belum berakhir."),
        ),
        Guard(
            "remedy_outcome_given",
            lambda f: f.get("remedy_outcome") in RemedyOutcome.values,
            _("Pilih hasil keberatan/banding."),
        ),
        Guard(
            "objection_decision_overdue",
            _truthy("objection_overdue"),
            _("Batas %(days)s hari kerja bagi PPK untuk memutus keberatan belum lewat."),
            {"days": "objection_decision_days"},
        ),
        Guard(
            "court_case_filed",
            _text("court_case_number"),
            _("Nomor perkara PTUN wajib diisi."),
        ),
        Guard(
            "merged_into_other",
            _truthy("merged_into"),
            _("Pilih kasus tujuan penggabungan."),
        ),
        Guard(
            "merge_undone",
            _truthy("merge_undone"),
            _("Kasus ini hanya dibuka lagi dengan membatalkan penggabungannya."),
        ),
        Guard(
            "court_ruling_recorded",
            _text("court_ruling"),
            _("Catat putusan pengadilan."),
        ),
    )
}


# --- Transitions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    starts: tuple[str, ...] = field(default=())  # deadline codes started on entering `target`

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "roles": sorted(self.roles),
            "guards": list(self.guards),
            "starts": list(self.starts),
        }


def _t(source, target, roles: Iterable[str], guards=(), starts=()) -> Transition:
    return Transition(
        str(source), str(target), frozenset(roles), tuple(guards), tuple(str(s) for s in starts)
    )


_DECISION_STARTS = (D.DECISION_DELIVERY, D.DECISION_EFFECTIVE)
_PPK_SIDE = (PPK, AGENCY_HR)

TRANSITIONS: tuple[Transition, ...] = (
    # Triage (DOMAIN §2.2)
    _t(S.RECEIVED, S.FORMAL_CHECK, [BAWASLU]),
    _t(
        S.FORMAL_CHECK,
        S.NEEDS_CORRECTION,
        [BAWASLU],
        ["formal_requirements_missing"],
        [D.CORRECTION],
    ),
    _t(
        S.FORMAL_CHECK,
        S.REGISTERED,
        [BAWASLU],
        ["formal_requirements_complete"],
        [D.BAWASLU_FOLLOW_UP, D.BAWASLU_FOLLOW_UP_EXTENDED],
    ),
    _t(S.FORMAL_CHECK, S.NOT_REGISTERED, [BAWASLU], ["reason_given"]),
    _t(S.NEEDS_CORRECTION, S.FORMAL_CHECK, [BAWASLU]),
    _t(S.NEEDS_CORRECTION, S.NOT_REGISTERED, [BAWASLU, SYSTEM], ["correction_deadline_passed"]),
    # Verification and study (DOMAIN §2.3, SBT flow)
    _t(
        S.REGISTERED,
        S.TASK_FORCE_VERIFICATION,
        [BAWASLU, TASK_FORCE],
        starts=[D.TASK_FORCE_VERIFICATION],
    ),
    _t(S.REGISTERED, S.STUDY, [BAWASLU], starts=[D.STUDY]),
    _t(S.TASK_FORCE_VERIFICATION, S.STUDY, [TASK_FORCE], starts=[D.STUDY]),
    _t(S.TASK_FORCE_VERIFICATION, S.STOPPED, [TASK_FORCE], ["reason_given"]),
    _t(S.STUDY, S.NOT_A_VIOLATION, [BAWASLU], ["study_has_findings"]),
    _t(S.STUDY, S.STOPPED, [BAWASLU], ["reason_given"]),
    _t(
        S.STUDY,
        S.RECOMMENDED,
        [BAWASLU],
        ["study_has_findings", "study_has_classification", "identity_resolved_or_not_in_registry"],
    ),
    # Recommendation: KASN until 23 Aug 2024, BKN after (rules.RecommendingAuthority rows)
    _t(
        S.RECOMMENDED,
        S.RECOMMENDATION_TO_AUTHORITY,
        [BAWASLU],
        ["authority_in_force", "recommendation_letter_issued"],
    ),
    _t(
        S.RECOMMENDATION_TO_AUTHORITY,
        S.RECOMMENDATION_TO_PPK,
        [TASK_FORCE],
        ["sanctions_stated", "ppk_known"],
        [D.PPK_FOLLOW_UP],
    ),
    _t(S.RECOMMENDATION_TO_AUTHORITY, S.STOPPED, [TASK_FORCE], ["stop_outcome_given"]),
    # The PPK decides (DOMAIN §2.5; PP 94/2021 internal limits start with the decision)
    _t(
        S.RECOMMENDATION_TO_PPK,
        S.SANCTIONED,
        _PPK_SIDE,
        ["decision_recorded"],
        _DECISION_STARTS,
    ),
    _t(
        S.RECOMMENDATION_TO_PPK,
        S.PPK_NO_FOLLOW_UP,
        [TASK_FORCE, SYSTEM],
        ["ppk_follow_up_overdue"],
    ),
    _t(
        S.RECOMMENDATION_TO_PPK,
        S.CLOSED,
        [*_PPK_SIDE, TASK_FORCE],
        ["person_left_service"],
    ),
    _t(S.PPK_NO_FOLLOW_UP, S.SANCTIONED, _PPK_SIDE, ["decision_recorded"], _DECISION_STARTS),
    _t(S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED, [TASK_FORCE], ["bkn_verification_done"]),
    _t(S.PPK_NO_FOLLOW_UP, S.CLOSED, [*_PPK_SIDE, TASK_FORCE], ["person_left_service"]),
    # The PPK acting (decree recorded, person left service) lifts the block itself.
    _t(S.DATA_BLOCKED, S.UNBLOCKED, [*_PPK_SIDE, TASK_FORCE], ["ppk_has_acted"]),
    _t(
        S.UNBLOCKED,
        S.SANCTIONED,
        [*_PPK_SIDE, TASK_FORCE],
        ["decision_recorded"],
        _DECISION_STARTS,
    ),
    _t(S.UNBLOCKED, S.CLOSED, [*_PPK_SIDE, TASK_FORCE], ["person_left_service"]),
    # Objection and appeal (PP 79/2021; DOMAIN §8.2)
    _t(
        S.SANCTIONED,
        S.OBJECTION,
        _PPK_SIDE,
        ["routes_to_objection", "decision_within_remedy_window"],
        [D.OBJECTION_DECISION],
    ),
    _t(
        S.SANCTIONED,
        S.APPEAL,
        [*_PPK_SIDE, TASK_FORCE],
        ["routes_to_appeal", "decision_within_remedy_window"],
        [D.APPEAL_PPK_RESPONSE, D.APPEAL_BPASN_DECISION],
    ),
    _t(S.SANCTIONED, S.CLOSED, [*_PPK_SIDE, TASK_FORCE, SYSTEM], ["remedy_window_closed"]),
    _t(S.OBJECTION, S.OBJECTION_DECIDED, [PPK], ["remedy_outcome_given"]),
    _t(S.OBJECTION, S.DEEMED_UNDECIDED, [*_PPK_SIDE, SYSTEM], ["objection_decision_overdue"]),
    _t(S.OBJECTION_DECIDED, S.COURT, _PPK_SIDE, ["court_case_filed"]),
    _t(S.OBJECTION_DECIDED, S.CLOSED, [*_PPK_SIDE, TASK_FORCE]),
    _t(S.DEEMED_UNDECIDED, S.COURT, _PPK_SIDE, ["court_case_filed"]),
    _t(S.DEEMED_UNDECIDED, S.CLOSED, [*_PPK_SIDE, TASK_FORCE]),
    _t(S.APPEAL, S.APPEAL_DECIDED, [*_PPK_SIDE, TASK_FORCE], ["remedy_outcome_given"]),
    _t(S.APPEAL_DECIDED, S.COURT, _PPK_SIDE, ["court_case_filed"]),
    _t(S.APPEAL_DECIDED, S.CLOSED, [*_PPK_SIDE, TASK_FORCE]),
    _t(S.COURT, S.CLOSED, [*_PPK_SIDE, TASK_FORCE], ["court_ruling_recorded"]),
    # A duplicate is closed as merged into another case while Bawaslu still handles it; its
    # reports are linked to that case (services.case_merge).
    *(_t(source, S.CLOSED, [BAWASLU], ["merged_into_other"]) for source in MERGEABLE_STATES),
    # ... and undone before the recommendation: the duplicate returns to the state it was
    # merged from, its reports are unlinked from the target (services.case_unmerge).
    *(_t(S.CLOSED, source, [BAWASLU], ["merge_undone"]) for source in MERGEABLE_STATES),
)

_BY_EDGE: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITIONS}


class RecordedMove:
    """Kinds of move that create a record kept further down the flow (the sanctions app: the
    PPK's decree, an objection or appeal and its decision, a court case, a data block). Their
    pages and endpoints live in that app and call `case_transition` themselves; the generic
    case transition page and endpoint refuse these moves and point there instead."""

    DECISION = "decision"  # the PPK's decree (file, compliance)
    REMEDY = "remedy"  # objection or appeal filed
    REMEDY_DECISION = "remedy_decision"  # objection or appeal decided
    COURT = "court"  # court case filed, or its ruling recorded
    CLOSE = "close"  # closed once no remedy is pending
    DATA_BLOCK = "data_block"  # BKN blocks the personnel data


_DECISION_SOURCES = (S.RECOMMENDATION_TO_PPK, S.PPK_NO_FOLLOW_UP, S.UNBLOCKED)
_COURT_SOURCES = (S.OBJECTION_DECIDED, S.DEEMED_UNDECIDED, S.APPEAL_DECIDED)
RECORDED_MOVES: dict[tuple[str, str], str] = {
    **{(str(s), str(S.SANCTIONED)): RecordedMove.DECISION for s in _DECISION_SOURCES},
    (str(S.SANCTIONED), str(S.OBJECTION)): RecordedMove.REMEDY,
    (str(S.SANCTIONED), str(S.APPEAL)): RecordedMove.REMEDY,
    (str(S.OBJECTION), str(S.OBJECTION_DECIDED)): RecordedMove.REMEDY_DECISION,
    (str(S.APPEAL), str(S.APPEAL_DECIDED)): RecordedMove.REMEDY_DECISION,
    **{(str(s), str(S.COURT)): RecordedMove.COURT for s in _COURT_SOURCES},
    (str(S.COURT), str(S.CLOSED)): RecordedMove.COURT,
    **{(str(s), str(S.CLOSED)): RecordedMove.CLOSE for s in (S.SANCTIONED, *_COURT_SOURCES)},
    (str(S.PPK_NO_FOLLOW_UP), str(S.DATA_BLOCKED)): RecordedMove.DATA_BLOCK,
}


def recorded_move(source: str, target: str) -> str | None:
    """The `RecordedMove` kind of the move, or None for a move the case pages make."""
    return RECORDED_MOVES.get((str(source), str(target)))


# --- How each move is made (pages and API ask `cases.selectors.case_moves_for`) ---------------

# Guards a move's own input satisfies (the case-page form or API facts of a transition, or the
# sanctions page/endpoint of a recorded move); the others read the case's data (identity,
# classification, deadlines...): while one fails the move is not yet possible.
FORM_GUARDS = frozenset(
    {
        "formal_requirements_missing",
        "formal_requirements_complete",
        "reason_given",
        "study_has_findings",
        "sanctions_stated",
        "stop_outcome_given",
    }
)
RECORDED_GUARDS = frozenset(
    {
        "decision_recorded",
        "bkn_verification_done",
        "decision_within_remedy_window",
        "remedy_window_closed",
        "remedy_outcome_given",
        "court_case_filed",
        "court_ruling_recorded",
    }
)
# Moves made elsewhere: merging closes a duplicate (the duplicates page and merge endpoint).
MERGE_GUARDS = frozenset({"merged_into_other", "merge_undone"})

# The sanctions page (URL name) and API endpoint (URL name) where each recorded move is made;
# each takes `case_id`. A court ruling (court -> closed) has its own endpoint.
RECORDED_PAGES = {
    RecordedMove.DECISION: "sanctions:decision",
    RecordedMove.REMEDY: "sanctions:remedy",
    RecordedMove.REMEDY_DECISION: "sanctions:remedy-decide",
    RecordedMove.COURT: "sanctions:court",
    RecordedMove.CLOSE: "sanctions:close",
    RecordedMove.DATA_BLOCK: "sanctions:case-block",
}
RECORDED_ENDPOINTS = {
    RecordedMove.DECISION: "sanctions-api:decision",
    RecordedMove.REMEDY: "sanctions-api:remedies",
    RecordedMove.REMEDY_DECISION: "sanctions-api:remedy-decide",
    RecordedMove.COURT: "sanctions-api:court",
    RecordedMove.CLOSE: "sanctions-api:close",
    RecordedMove.DATA_BLOCK: "sanctions-api:case-block-confirm",
}
_RECORDED_ENDPOINTS_BY_EDGE = {(str(S.COURT), str(S.CLOSED)): "sanctions-api:court-ruling"}


def recorded_page(kind: str) -> str | None:
    return RECORDED_PAGES.get(kind)


def recorded_endpoint(source: str, target: str) -> str | None:
    kind = recorded_move(source, target)
    if kind is None:
        return None
    return _RECORDED_ENDPOINTS_BY_EDGE.get((str(source), str(target))) or RECORDED_ENDPOINTS[kind]


# What each move is called on a button: by target, or by edge where the target's name does not
# say what the move records.
MOVE_LABELS = {
    S.FORMAL_CHECK: _("Periksa syarat formal dan materiel"),
    S.NEEDS_CORRECTION: _("Minta perbaikan kepada pelapor"),
    S.REGISTERED: _("Registrasi laporan"),
    S.NOT_REGISTERED: _("Tidak diregistrasi"),
    S.TASK_FORCE_VERIFICATION: _("Kirim ke verifikasi Satgas Netralitas"),
    S.STUDY: _("Mulai kajian"),
    S.NOT_A_VIOLATION: _("Simpulkan kajian: bukan pelanggaran"),
    S.STOPPED: _("Hentikan penanganan"),
    S.RECOMMENDED: _("Simpulkan kajian: rekomendasikan sanksi"),
    S.RECOMMENDATION_TO_AUTHORITY: _("Kirim rekomendasi ke lembaga berwenang"),
    S.RECOMMENDATION_TO_PPK: _("Verifikasi dan teruskan ke PPK"),
    S.SANCTIONED: _("Catat keputusan PPK"),
    S.PPK_NO_FOLLOW_UP: _("Nyatakan PPK tidak menindaklanjuti"),
    S.DATA_BLOCKED: _("Blokir data kepegawaian"),
    S.UNBLOCKED: _("Buka blokir data kepegawaian"),
    S.OBJECTION: _("Catat keberatan"),
    S.APPEAL: _("Catat banding administratif"),
    S.OBJECTION_DECIDED: _("Catat putusan keberatan"),
    S.APPEAL_DECIDED: _("Catat putusan banding"),
    S.DEEMED_UNDECIDED: _("Nyatakan keberatan tidak diputus"),
    S.COURT: _("Catat gugatan ke PTUN"),
    S.CLOSED: _("Tutup kasus"),
}
EDGE_LABELS = {
    (S.COURT, S.CLOSED): _("Catat putusan pengadilan"),
}


def move_label(source: str, target: str):
    """The button label of the move `source` -> `target` (lazy)."""
    return EDGE_LABELS.get((source, target)) or MOVE_LABELS.get(target) or S(target).label


def decision_after_block_roles(state: str, roles: Iterable[str]) -> frozenset[str]:
    """From `data_blocked` the PPK's decree lifts the block and sanctions the case in one step
    on the decision page (data_blocked -> unblocked -> sanctioned): the roles among `roles`
    that may make both moves; empty in any other state."""
    if str(state) != S.DATA_BLOCKED:
        return frozenset()
    lift = transition_get(S.DATA_BLOCKED, S.UNBLOCKED)
    decide = transition_get(S.UNBLOCKED, S.SANCTIONED)
    if not (lift and decide):
        return frozenset()
    return frozenset(roles) & lift.roles & decide.roles


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def transition_get(source: str, target: str) -> Transition | None:
    return _BY_EDGE.get((str(source), str(target)))


def allowed_transitions(state: str, role: str) -> list[Transition]:
    """Transitions out of `state` that `role` may make (guards not evaluated)."""
    return [t for t in transitions_from(str(state)) if role in t.roles]


# --- Decisions -------------------------------------------------------------------------------

# Reasons of a refusal that are not a guard (their codes and messages: cases/errors.py).
UNKNOWN_STATE, NOT_ALLOWED, ROLE_NOT_ALLOWED = "unknown_state", "not_allowed", "role_not_allowed"


@dataclass(frozen=True)
class Decision:
    ok: bool
    reason: str = ""  # "" when ok; else UNKNOWN_STATE, NOT_ALLOWED, ROLE_NOT_ALLOWED or a guard
    transition: Transition | None = None
    params: Mapping[str, Any] = field(default_factory=dict)  # of the failing guard's message

    def __bool__(self) -> bool:
        return self.ok

    @property
    def error(self):
        """The refusal code (`cases.errors`) of a refused move; None when ok."""
        if self.ok:
            return None
        from netra.cases.errors import transition_error_code

        return transition_error_code(self.reason)

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        return self.error.render(self.params)


def check_transition(
    state: str, target: str, role: str, facts: Mapping[str, Any] | None = None
) -> Decision:
    """May `role` move a case from `state` to `target` given `facts`? Checks in order: known
    states, the edge exists, the role may make it, then each guard (first failing one named)."""
    if state not in S.values or target not in S.values:
        return Decision(False, UNKNOWN_STATE)
    transition = transition_get(state, target)
    if transition is None:
        return Decision(False, NOT_ALLOWED)
    if role not in transition.roles:
        return Decision(False, ROLE_NOT_ALLOWED, transition)
    facts = facts or {}
    for name in transition.guards:
        guard = GUARDS[name]
        if not guard.holds(facts):
            return Decision(False, name, transition, guard.message_params(facts))
    return Decision(True, "", transition)


# --- Remedies and outcomes -------------------------------------------------------------------


def remedy_for(sanction) -> str | None:
    """Which remedy (PP 79/2021) a decision imposing `sanction` is open to: the rules catalog
    row's `Sanction.remedy` ("objection" or "appeal"; "" where PP 79/2021 does not apply, e.g.
    non-ASN contracts: None). The catalog is the only source; callers pass its row."""
    remedy = getattr(sanction, "remedy", None) or ""
    return remedy if remedy in Remedy.values else None


def remedy_filing_deadline(remedy: str) -> str:
    """The deadline rule for filing `remedy`, counted from receipt of the decision."""
    return D.APPEAL_FILING if remedy == Remedy.APPEAL else D.OBJECTION_FILING


_OUTCOME_BY_STATE: dict[str, str | None] = {
    S.NOT_REGISTERED: OfficialOutcome.REJECTED,
    S.TASK_FORCE_VERIFICATION: OfficialOutcome.AWAITING_BKN_VERIFICATION,
    S.RECOMMENDED: OfficialOutcome.AWAITING_BKN_VERIFICATION,
    S.RECOMMENDATION_TO_AUTHORITY: OfficialOutcome.AWAITING_BKN_VERIFICATION,
    S.NOT_A_VIOLATION: OfficialOutcome.NOT_PROVEN,
    S.RECOMMENDATION_TO_PPK: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
    S.PPK_NO_FOLLOW_UP: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
    S.DATA_BLOCKED: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
    S.UNBLOCKED: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
}
_SANCTION_STANDS = frozenset(
    {
        S.SANCTIONED,
        S.OBJECTION,
        S.OBJECTION_DECIDED,
        S.DEEMED_UNDECIDED,
        S.APPEAL,
        S.APPEAL_DECIDED,
        S.COURT,
        S.CLOSED,
    }
)


def official_outcome(state: str, facts: Mapping[str, Any] | None = None) -> str | None:
    """The official outcome category (DOMAIN §2.4) for a case in `state`; None while Bawaslu
    still handles it (it is not yet in the national figures).

    Facts used: `outcome` (the one chosen when stopping), `person_left`, `remedy_outcome`
    (a revoked sanction counts as cancelled), `decision_sanction`.
    """
    facts = facts or {}
    if state == S.CLOSED and facts.get("merged_into"):
        return None  # counted once, in the case it was merged into
    if state in _OUTCOME_BY_STATE:
        return _OUTCOME_BY_STATE[state]
    if state == S.STOPPED:
        chosen = facts.get("outcome")
        return chosen if chosen in OfficialOutcome.values else OfficialOutcome.NOT_PROVEN
    if state in _SANCTION_STANDS:
        if facts.get("person_left") and not facts.get("decision_sanction"):
            return OfficialOutcome.ALREADY_LEFT
        if facts.get("remedy_outcome") == RemedyOutcome.REVOKED:
            return OfficialOutcome.CANCELLED
        if state == S.CLOSED and not facts.get("decision_sanction"):
            chosen = facts.get("outcome")
            return chosen if chosen in OfficialOutcome.values else OfficialOutcome.CANCELLED
        return OfficialOutcome.SANCTIONED
    return None


def reachable_states(start: str = INITIAL_STATE) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for t in transitions_from(todo.pop()):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen


def deadline_codes_used() -> set[str]:
    return {code for t in TRANSITIONS for code in t.starts} | {
        D.OBJECTION_FILING,
        D.APPEAL_FILING,
        D.PPK_FOLLOW_UP,
    }


# --- Documentation ---------------------------------------------------------------------------


def markdown_table() -> str:
    """The transitions as a Markdown table (docs/cases-workflow.md embeds it; a test checks)."""
    lines = [
        "| From | To | Roles | Guards | Deadlines started |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        roles = ", ".join(sorted(t.roles))
        guards = ", ".join(t.guards) or "-"
        starts = ", ".join(t.starts) or "-"
        lines.append(f"| `{t.source}` | `{t.target}` | {roles} | {guards} | {starts} |")
    return "\n".join(lines)


def mermaid() -> str:
    """The state diagram as a Mermaid `stateDiagram-v2` block body."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL_STATE}"]
    lines += [f"    {t.source} --> {t.target}" for t in TRANSITIONS]
    lines += [f"    {state} --> [*]" for state in sorted(TERMINAL_STATES)]
    return "\n".join(lines)


# --- Who moves a case on (the queue, deadline notifications) ---------------------------------


def states_with_moves_for(roles: Iterable[str]) -> frozenset[str]:
    """States out of which one of `roles` may make a move (guards not evaluated); the
    scheduler's moves are nobody's work."""
    wanted = frozenset(roles) - {SYSTEM}
    return frozenset(t.source for t in TRANSITIONS if t.roles & wanted)


def deadline_owners(state: str) -> frozenset[str]:
    """The roles a deadline started on entering `state` waits for: those of the moves out of
    `state`, except the moves the scheduler may also make (what follows when the deadline
    lapses, e.g. "PPK did not follow up"), never the scheduler itself."""
    return frozenset(
        role
        for t in transitions_from(str(state))
        if SYSTEM not in t.roles
        for role in t.roles
        if role != SYSTEM
    )
