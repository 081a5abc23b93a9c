"""Personnel-data blocks (DESIGN.md §8; DOMAIN.md §2.5): requested when the PPK does not
follow up, active after BKN's verification, lifted or withdrawn when the case moves on."""

from django.db import transaction
from django.utils import timezone

from netra.audit.services import audit_record
from netra.cases.models import Case
from netra.cases.services import case_transition
from netra.registry.choices import PersonStatus
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.errors import SanctionErrorCode
from netra.sanctions.models import DataBlock
from netra.sanctions.selectors import data_block_open
from netra.sanctions.services.common import (
    S,
    SanctionError,
    _clean_text,
    _require_move,
    _visible_case,
    _wrong_state,
)

_LEFT_SERVICE = frozenset({PersonStatus.RETIRED, PersonStatus.DISMISSED})


def _block_request(*, actor, case: Case, reason: str) -> DataBlock:
    block = data_block_open(case)
    if block is not None:
        return block
    person = case.person
    block = DataBlock.objects.create(
        case=case,
        person=person,
        agency=person.agency if person else None,
        reason=reason,
        requested_at=timezone.now(),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="sanctions.block_requested",
        target=block,
        payload={"case": case.number, "reason": reason},
    )
    return block


def _block_activate(*, actor, case: Case, reason: str) -> DataBlock:
    block = _block_request(actor=actor, case=case, reason=reason)
    if block.status == DataBlockStatus.ACTIVE:
        return block
    block.status = DataBlockStatus.ACTIVE
    block.blocked_at = timezone.now()
    block.blocked_by = actor
    block.save(update_fields=["status", "blocked_at", "blocked_by"])
    audit_record(
        actor=actor,
        action="sanctions.block_activated",
        target=block,
        payload={"case": case.number},
    )
    return block


def _lift_reason(case: Case, facts: dict, target: str) -> str:
    if facts.get("decision_sanction") and facts.get("decree_number"):
        return f"PPK menjatuhkan sanksi (SK {facts['decree_number']})."
    person = case.person
    if facts.get("person_left") or (person is not None and person.status in _LEFT_SERVICE):
        return "Terlapor sudah diberhentikan, pensiun atau mengundurkan diri."
    return f"Kasus berpindah ke status {target}."


def _block_close(*, actor, case: Case, reason: str) -> DataBlock | None:
    block = data_block_open(case)
    if block is None:
        return None
    was = block.status
    block.status = (
        DataBlockStatus.LIFTED if was == DataBlockStatus.ACTIVE else DataBlockStatus.WITHDRAWN
    )
    block.lifted_at = timezone.now()
    block.lifted_by = actor
    block.lift_reason = reason
    block.save(update_fields=["status", "lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=actor,
        action="sanctions.block_lifted"
        if was == DataBlockStatus.ACTIVE
        else "sanctions.block_withdrawn",
        target=block,
        payload={"case": case.number, "reason": reason},
    )
    return block


BLOCK_REQUEST_REASON = "PPK tidak menindaklanjuti rekomendasi sanksi dalam batas waktu."


def data_block_follow_transition(*, actor, case: Case, source: str, target: str, facts: dict):
    """Keep the case's data block in step with its state (connected to `case_transitioned`,
    so it runs inside the transition's transaction). Idempotent.

    Entering `ppk_no_follow_up` requests a block (the escalation of DESIGN.md §8); entering
    `data_blocked` makes it active; leaving those states (the PPK acted, or the person left
    service) lifts an active block or withdraws a requested one, with the reason.
    """
    if target == S.PPK_NO_FOLLOW_UP:
        return _block_request(actor=actor, case=case, reason=BLOCK_REQUEST_REASON)
    if target == S.DATA_BLOCKED:
        return _block_activate(actor=actor, case=case, reason=BLOCK_REQUEST_REASON)
    if source in (S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED):
        return _block_close(actor=actor, case=case, reason=_lift_reason(case, facts, target))
    return None


@transaction.atomic
def data_block_confirm(*, actor, case: Case, bkn_verified: bool, note: str = "") -> DataBlock:
    """The task force confirms the block after BKN verification (`ppk_no_follow_up` →
    `data_blocked`); the receiver makes the requested block active. `bkn_verified` is the
    task force's statement that the verification is done (the confirm form's tick box)."""
    case = _visible_case(actor, case)
    if case.state != S.PPK_NO_FOLLOW_UP:
        raise _wrong_state(case)
    _require_move(actor, case, S.DATA_BLOCKED)
    if bkn_verified is not True:
        code = SanctionErrorCode.BKN_VERIFICATION_DONE
        raise SanctionError(code, fields={"bkn_verified": code})
    case_transition(
        actor=actor,
        case=case,
        target=S.DATA_BLOCKED,
        facts={"bkn_verified": True},
        note=_clean_text(note) or "Verifikasi BKN selesai; data kepegawaian diblokir.",
    )
    return DataBlock.objects.get(case=case, status=DataBlockStatus.ACTIVE)
