"""Sanctions services: decisions with compliance, refusals that store nothing, supersession,
objection/appeal deadlines, court, and data blocks following the case."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import translation
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.audit.selectors import audit_chain_verify
from netra.cases.choices import CaseState, Compliance, OfficialOutcome
from netra.cases.models import Case
from netra.cases.services import CaseNotFound, CaseTransitionError, case_transition
from netra.cases.tasks import mark_overdue
from netra.registry.tests.factories import AgencyFactory
from netra.sanctions import selectors, services, storage
from netra.sanctions.choices import DataBlockStatus, DecisionStatus
from netra.sanctions.models import DataBlock, Decision, Remedy
from netra.sanctions.services import SanctionError
from netra.sanctions.tests.fixtures import PDF_BYTES, START, pdf_file

pytestmark = pytest.mark.django_db
S = CaseState
DEMOTION = "PNS_PP94_DEMOTION_12M"  # heavy, recommended: compliant; objection
DECREE = {
    "sanction_code": DEMOTION,
    "decree_number": "800/123/BKPSDM/2024",
    "decree_date": dt.date(2024, 10, 1),
}


def staged_files(settings) -> list:
    staging = storage.root() / "staging"
    return [p for p in staging.rglob("*") if p.is_file()] if staging.exists() else []


def stored(case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.state,
        case.facts,
        Decision.objects.count(),
        Remedy.objects.count(),
        DataBlock.objects.count(),
        AuditEvent.objects.count(),
    )


def record(w, case, **overrides):
    return services.decision_record(actor=w["ppk"], case=case, **{**DECREE, **overrides})


@freeze_time(START)
def test_decision_recorded_with_file_and_compliance(
    sanctions_world, settings, django_capture_on_commit_callbacks
):
    w = sanctions_world
    case = w["to_ppk"]()
    with django_capture_on_commit_callbacks(execute=True):
        decision = record(w, case, received_on=dt.date(2024, 10, 1), decree_file=pdf_file())
    case.refresh_from_db()
    assert case.state == S.SANCTIONED and case.outcome == OfficialOutcome.SANCTIONED
    assert case.facts["decision_sanction"] == DEMOTION and case.facts["remedy"] == "objection"
    assert decision.compliance == Compliance.COMPLIANT
    assert decision.official_outcome == OfficialOutcome.SANCTIONED
    assert decision.sanction_levels == ["heavy"] and decision.status == DecisionStatus.IN_FORCE
    assert decision.file_size == len(PDF_BYTES) and decision.file_name == "sk.pdf"
    assert storage.stored_path(decision.file_sha256).read_bytes() == PDF_BYTES
    assert staged_files(settings) == []
    assert services.decree_file_open(actor=w["ppk"], decision=decision) == PDF_BYTES
    assert AuditEvent.objects.filter(action="sanctions.decision_recorded").count() == 1
    assert AuditEvent.objects.filter(action="sanctions.decree_file_opened").count() == 1
    assert selectors.decision_current_for(w["ppk"], case) == decision
    assert audit_chain_verify().intact


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # moderate under the default transitional regime (rules setting pns.moderate_regime)
        ("PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y", Compliance.LIGHTER),
        ("PNS_PTDH_PARTY_UU20", Compliance.HEAVIER),
        ("PNS_PP94_RELEASE_TO_EXECUTOR_12M", Compliance.COMPLIANT),
    ],
)
@freeze_time(START)
def test_compliance_against_the_recommendation(sanctions_world, code, expected):
    w = sanctions_world
    # Outside the recommended sanctions the PPK gives a reason (cases/recommendation.py)
    decision = record(w, w["to_ppk"](), sanction_code=code, reason="Alasan uji.")
    assert decision.compliance == expected


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"sanction_code": "PPPK_TERMINATION_WITHOUT_HONOUR"}, "sanction_code", "invalid"),
        ({"sanction_code": "NO_SUCH_SANCTION"}, "sanction_code", "invalid"),
        ({"decree_number": "   "}, "decree_number", "invalid"),
        ({"decree_date": dt.date(2024, 10, 2)}, "decree_date", "invalid"),
        ({"received_on": dt.date(2024, 9, 30)}, "received_on", "invalid"),
        ({"decree_file": pdf_file("sk.pdf", b"GIF89a not a pdf")}, "decree_file", "file_type"),
        ({"decree_file": pdf_file("sk.pdf", b"")}, "decree_file", "file_empty"),
    ],
)
@freeze_time(START)
def test_refused_decisions_store_nothing(sanctions_world, settings, overrides, field, code):
    w = sanctions_world
    case = w["to_ppk"]()
    before = stored(case)
    with pytest.raises(SanctionError) as refused:
        record(w, case, **overrides)
    assert refused.value.code == code and field in refused.value.fields
    assert stored(case) == before
    assert staged_files(settings) == []


@freeze_time(START)
@override_settings(SANCTIONS_DECREE_MAX_BYTES=1024)
def test_oversized_decree_file_is_refused(sanctions_world, settings):
    w = sanctions_world
    case = w["to_ppk"]()
    before = stored(case)
    with pytest.raises(SanctionError) as refused:
        record(w, case, decree_file=pdf_file(data=PDF_BYTES + b"0" * 2048))
    assert refused.value.code == "file_too_large"
    with translation.override("en"):
        assert refused.value.message == "The decree file is too large (limit 0 MB)."
    assert stored(case) == before and staged_files(settings) == []


@freeze_time(START)
def test_unknown_sanction_message_names_the_employee_type(sanctions_world):
    w = sanctions_world
    with pytest.raises(SanctionError) as refused:
        record(w, w["to_ppk"](), sanction_code="PPPK_TERMINATION_WITHOUT_HONOUR")
    with translation.override("id"):
        assert "PNS" in refused.value.message and "katalog" in refused.value.message


@freeze_time(START)
def test_a_refusal_after_the_file_is_staged_leaves_no_file(sanctions_world, settings, monkeypatch):
    w = sanctions_world
    case = w["to_ppk"]()
    before = stored(case)

    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.decisions, "_decision_create", refuse)
    with pytest.raises(RuntimeError):
        record(w, case, decree_file=pdf_file())
    assert stored(case) == before
    assert staged_files(settings) == []
    assert not list(storage.root().glob("*/*.pdf"))


@freeze_time(START)
def test_other_roles_and_agencies_are_refused(sanctions_world, make_staff):
    w = sanctions_world
    case = w["to_ppk"]()
    before = stored(case)
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER1"))
    with pytest.raises(CaseNotFound):
        services.decision_record(actor=stranger, case=case, **DECREE)
    with pytest.raises(CaseNotFound):
        services.decision_record(actor=w["outsider"], case=case, **DECREE)
    with pytest.raises(SanctionError) as refused:
        services.decision_record(actor=w["auditor"], case=case, **DECREE)
    assert refused.value.code == "role_not_allowed"
    assert stored(case) == before
    # Twice is refused: the case no longer awaits a decision
    record(w, case)
    with pytest.raises(SanctionError) as again:
        record(w, case)
    assert again.value.code == "not_awaiting_decision"


@freeze_time(START)
def test_objection_in_time_then_lightened_supersedes_the_decision(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    first = record(w, case, received_on=dt.date(2024, 10, 1))
    remedy = services.remedy_file(
        actor=w["ppk"], case=case, filed_on=dt.date(2024, 10, 1), grounds="Sanksi terlalu berat."
    )
    case.refresh_from_db()
    assert case.state == S.OBJECTION and remedy.kind == "objection"
    assert remedy.filed_in_time and remedy.filing_deadline == dt.date(2024, 10, 21)
    services.remedy_decide(
        actor=w["ppk"],
        case=case,
        outcome="lightened",
        decided_on=dt.date(2024, 10, 1),
        new_sanction_code="PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y",
        new_decree_number="800/200/BKPSDM/2024",
    )
    case.refresh_from_db()
    first.refresh_from_db()
    current = selectors.decision_current_for(w["ppk"], case)
    assert case.state == S.OBJECTION_DECIDED
    assert first.status == DecisionStatus.SUPERSEDED
    assert current.supersedes == first and current.basis == "objection"
    assert current.compliance == Compliance.LIGHTER
    assert case.facts["decision_sanction"] == "PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y"
    assert list(selectors.decision_history_for(w["ppk"], case)) == [current, first]
    assert Decision.objects.count() == 2  # nothing deleted
    remedy.refresh_from_db()
    assert remedy.outcome == "lightened" and remedy.decided_on == dt.date(2024, 10, 1)
    # Then the court, then closed with the ruling
    services.remedy_court_file(
        actor=w["ppk"],
        case=case,
        court_case_number="12/G/2024/PTUN.BDG",
        filed_on=dt.date(2024, 10, 1),
    )
    services.remedy_court_ruling(
        actor=w["ppk"], case=case, ruling="Gugatan ditolak.", ruled_on=dt.date(2024, 10, 1)
    )
    case.refresh_from_db()
    remedy.refresh_from_db()
    assert case.state == S.CLOSED and case.outcome == OfficialOutcome.SANCTIONED
    assert remedy.court_case_number == "12/G/2024/PTUN.BDG" and remedy.court_ruling
    assert audit_chain_verify().intact


def test_late_objection_is_refused_with_the_pp79_message(sanctions_world):
    w = sanctions_world
    with freeze_time(START):
        case = w["to_ppk"]()
        record(w, case, received_on=dt.date(2024, 10, 1))
    with freeze_time("2024-10-25 03:00:00"):
        before = stored(case)
        with pytest.raises(CaseTransitionError) as refused:
            services.remedy_file(
                actor=w["ppk"], case=case, filed_on=dt.date(2024, 10, 22), grounds="Terlambat."
            )
        assert refused.value.reason == "decision_within_remedy_window"
        assert "PP 79/2021" in refused.value.message
        assert stored(case) == before
        # The window is over: the case may now be closed
        closed = services.sanction_close(actor=w["ppk"], case=case)
        assert closed.state == S.CLOSED


@freeze_time(START)
def test_remedy_needs_the_date_received(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    decision = record(w, case)
    with pytest.raises(SanctionError) as refused:
        services.remedy_file(
            actor=w["ppk"], case=case, filed_on=dt.date(2024, 10, 1), grounds="Keberatan."
        )
    assert "received_on" in refused.value.fields
    with pytest.raises(CaseTransitionError) as early:  # closing before the window is known
        services.sanction_close(actor=w["ppk"], case=case)
    assert early.value.reason == "remedy_window_closed"
    services.remedy_file(
        actor=w["ppk"],
        case=case,
        filed_on=dt.date(2024, 10, 1),
        grounds="Keberatan.",
        received_on=dt.date(2024, 10, 1),
    )
    decision.refresh_from_db()
    assert decision.received_on == dt.date(2024, 10, 1)


@freeze_time(START)
def test_dismissal_goes_to_appeal_and_revocation_cancels(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    decision = record(w, case, sanction_code="PNS_PP94_PDHTAPS", received_on=dt.date(2024, 10, 1))
    remedy = services.remedy_file(
        actor=w["task_force"], case=case, filed_on=dt.date(2024, 10, 1), grounds="Banding."
    )
    assert remedy.kind == "appeal" and Case.objects.get(pk=case.pk).state == S.APPEAL
    with pytest.raises(SanctionError) as refused:
        services.remedy_decide(
            actor=w["task_force"], case=case, outcome="revoked", decided_on=dt.date(2024, 9, 1)
        )
    assert "decided_on" in refused.value.fields
    services.remedy_decide(
        actor=w["task_force"], case=case, outcome="revoked", decided_on=dt.date(2024, 10, 1)
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED
    case = services.sanction_close(actor=w["ppk"], case=case)
    assert case.state == S.CLOSED and case.outcome == OfficialOutcome.CANCELLED


@freeze_time(START)
def test_changing_outcome_needs_a_new_sanction(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    record(w, case, received_on=dt.date(2024, 10, 1))
    services.remedy_file(
        actor=w["ppk"], case=case, filed_on=dt.date(2024, 10, 1), grounds="Keberatan."
    )
    before = stored(case)
    for kwargs in (
        {"outcome": "changed"},
        {"outcome": "changed", "new_sanction_code": DEMOTION, "new_decree_number": "1"},
        {"outcome": "upheld", "new_sanction_code": "PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y"},
        {"outcome": "bogus"},
    ):
        with pytest.raises(SanctionError):
            services.remedy_decide(
                actor=w["ppk"], case=case, decided_on=dt.date(2024, 10, 1), **kwargs
            )
    assert stored(case) == before


def test_block_opens_on_overdue_ppk_and_lifts_when_the_ppk_acts(sanctions_world):
    from netra.rules.services import rules_setting_set

    w = sanctions_world
    with freeze_time(START):
        rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="5")
        case = w["to_ppk"]()
        assert not DataBlock.objects.exists()
    # The sweep after the 5 working days moves the case and requests a block
    with freeze_time("2024-10-09 01:00:00"):
        assert mark_overdue.delay().get() == 1
        block = DataBlock.objects.get(case=case)
        assert block.status == DataBlockStatus.REQUESTED and block.requested_by is None
        assert block.agency == w["agency"] and block.person == w["person"]
        # Running again opens nothing more
        mark_overdue.delay().get()
        assert DataBlock.objects.count() == 1
        assert [b.pk for b in selectors.data_blocks_for(w["ppk"], status="requested")] == [block.pk]
        assert not selectors.data_blocks_for(w["outsider"]).exists()
        assert not selectors.data_blocks_for(w["ppk"], status="nonsense").exists()
        # The task force confirms after BKN verification: active
        services.data_block_confirm(actor=w["task_force"], case=case, bkn_verified=True)
        block.refresh_from_db()
        assert block.status == DataBlockStatus.ACTIVE and block.blocked_by == w["task_force"]
        # The PPK records its decree: unblocked then sanctioned, the block lifted
        decision = record(w, case, decree_date=dt.date(2024, 10, 8))
    block.refresh_from_db()
    case.refresh_from_db()
    assert case.state == S.SANCTIONED and decision.case == case
    moves = case.events.filter(kind="transition")
    assert list(moves.values_list("to_state", flat=True))[-3:] == [
        S.DATA_BLOCKED,
        S.UNBLOCKED,
        S.SANCTIONED,
    ]
    assert block.status == DataBlockStatus.LIFTED and block.lifted_by == w["ppk"]
    assert "800/123/BKPSDM/2024" in block.lift_reason
    actions = list(
        AuditEvent.objects.filter(action__startswith="sanctions.block").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "sanctions.block_requested",
        "sanctions.block_activated",
        "sanctions.block_lifted",
    ]
    assert audit_chain_verify().intact


def test_requested_block_is_withdrawn_when_the_ppk_decides_first(sanctions_world):
    from netra.rules.services import rules_setting_set

    w = sanctions_world
    with freeze_time(START):
        rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="5")
        case = w["to_ppk"]()
    with freeze_time("2024-10-09 01:00:00"):
        mark_overdue.delay().get()
        record(w, case)
    block = DataBlock.objects.get(case=case)
    assert block.status == DataBlockStatus.WITHDRAWN and block.lift_reason


@freeze_time(START)
def test_a_refused_unblock_leaves_the_block_active(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    # Test set-up only: put the case where the overdue sweep would (tested above)
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)
    services.data_block_confirm(actor=w["task_force"], case=case, bkn_verified=True)
    block = DataBlock.objects.get(case=case)
    assert block.status == DataBlockStatus.ACTIVE
    with pytest.raises(CaseTransitionError):
        case_transition(actor=w["ppk"], case=case, target=S.UNBLOCKED)  # PPK has not acted
    block.refresh_from_db()
    assert block.status == DataBlockStatus.ACTIVE


def test_sweep_closes_sanctioned_cases_after_the_remedy_window(sanctions_world):
    from netra.sanctions.tasks import close_after_remedy_window

    w = sanctions_world
    with freeze_time(START):
        case = w["to_ppk"]()
        record(w, case, received_on=dt.date(2024, 10, 1))
        assert close_after_remedy_window.delay().get() == 0  # window still open
    with freeze_time("2024-10-22 03:00:00"):  # the day after the last day (21 October)
        assert close_after_remedy_window.delay().get() == 1
        assert close_after_remedy_window.delay().get() == 0
    case.refresh_from_db()
    assert case.state == S.CLOSED and case.events.last().role == "system"


def test_admin_is_read_only(sanctions_world, make_staff, staff_client):
    from django.urls import reverse

    w = sanctions_world
    with freeze_time(START):
        decision = record(w, w["to_ppk"]())
    admin_user = make_staff(role="admin", is_superuser=True, is_staff=True)
    client = staff_client(admin_user)
    listing = client.get(reverse("admin:sanctions_decision_changelist"))
    assert listing.status_code == 200 and decision.decree_number in listing.content.decode()
    assert client.get(reverse("admin:sanctions_decision_add")).status_code == 403
    response = client.post(
        reverse("admin:sanctions_decision_delete", args=[decision.pk]), {"post": "yes"}
    )
    assert response.status_code == 403 and Decision.objects.filter(pk=decision.pk).exists()
    for name in ("remedy", "datablock"):
        assert client.get(reverse(f"admin:sanctions_{name}_changelist")).status_code == 200


@freeze_time(START)
def test_block_lifts_when_the_person_left_service(sanctions_world):
    from netra.registry.choices import PersonStatus
    from netra.registry.models import Person

    w = sanctions_world
    case = w["to_ppk"]()
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    services.data_block_confirm(actor=w["task_force"], case=case, bkn_verified=True)
    Person.objects.filter(pk=w["person"].pk).update(status=PersonStatus.RETIRED)  # set-up only
    # The PPK side lifts the block itself (the person left), then closes the case
    case = case_transition(actor=w["ppk"], case=case, target=S.UNBLOCKED)
    block = DataBlock.objects.get(case=case)
    assert block.status == DataBlockStatus.LIFTED and "pensiun" in block.lift_reason
    case = case_transition(actor=w["ppk"], case=case, target=S.CLOSED)
    assert case.outcome == OfficialOutcome.ALREADY_LEFT
    assert DataBlock.objects.filter(case=case).count() == 1
