"""Periodic checks of the stored files of every content-addressed store (content_store.py)."""

import logging

from celery import shared_task
from django.db import transaction

from netra import content_store

logger = logging.getLogger(__name__)


@shared_task(name="files.check")
def files_check_task(quick: bool = False, skip: tuple[str, ...] = ("evidence",)) -> dict:
    """Re-hash every store's files (quick: existence and size). Evidence has its own task
    (`intake.evidence_check`), so it is skipped by default. A problem is an alert: an error
    log line per file (ids only) and one audit event the auditors see on the trail."""
    from netra.audit.services import audit_record

    result, problems = {}, []
    for store in content_store.stores():
        if store.label in skip:
            continue
        checked, found = store.check(quick=quick)
        result[store.label] = {"checked": checked, "failed": len(found)}
        problems += found
    if problems:
        for p in problems[:100]:
            logger.error("stored file check: %s %s %s: %s", p.store, p.row, p.name, p.problem)
        logger.error("stored file check: %s files failed", len(problems))
        with transaction.atomic():
            audit_record(
                actor=None,
                action="audit.files_check_failed",
                payload={
                    "stores": result,
                    "failed": len(problems),
                    "quick": quick,
                    "first": [vars(p) for p in problems[:20]],
                },
            )
    return result


@shared_task(name="files.sweep")
def files_sweep_task(skip: tuple[str, ...] = ("evidence",)) -> dict:
    """Sweep every store with its own grace period (evidence has `intake.sweep_staging`)."""
    return {
        store.label: store.sweep(older_than_seconds=store.grace_seconds())
        for store in content_store.stores()
        if store.label not in skip
    }
