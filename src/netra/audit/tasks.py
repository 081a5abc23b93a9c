"""Checks of the audit chain, so tampering is noticed without anyone asking: the beat schedule
runs one every six hours (settings `CELERY_BEAT_SCHEDULE["audit-verify-chain"]`), and auditors
can ask for one from the trail page. Each outcome is stored as a `ChainCheck`."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="audit.verify_chain")
def audit_verify_chain_task(check_id: int | None = None) -> dict:
    from netra.audit.services import chain_check_run

    check = chain_check_run(check_id=check_id)
    if not check.intact:
        logger.error("audit chain broken at event #%s: %s", check.broken_seq, check.reason)
    return {"intact": check.intact, "count": check.count, "broken_seq": check.broken_seq}


@shared_task(name="audit.checkpoint")
def audit_checkpoint_task() -> dict:
    """Append a checkpoint of the head outside the database (audit/anchor.py); a chain that no
    longer extends the last checkpoint is logged as an error and nothing is written."""
    from netra.audit import anchor

    try:
        point = anchor.checkpoint_write()
    except anchor.AnchorError as exc:
        logger.error("audit checkpoint refused: %s", exc)
        return {"written": False, "error": str(exc)}
    return {"written": point is not None, "seq": point.seq if point else None}
