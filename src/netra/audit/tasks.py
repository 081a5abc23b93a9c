"""Periodic check of the audit chain, so tampering is noticed without anyone asking."""

import logging

from celery import shared_task

from netra.audit.selectors import audit_chain_verify

logger = logging.getLogger(__name__)


@shared_task(name="audit.verify_chain")
def audit_verify_chain_task() -> dict:
    report = audit_chain_verify()
    if not report.intact:
        logger.error("audit chain broken at event #%s: %s", report.broken_seq, report.reason)
    return {"intact": report.intact, "count": report.count, "broken_seq": report.broken_seq}
