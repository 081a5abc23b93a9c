"""Celery tasks of the analytics app."""

from celery import shared_task


@shared_task(name="analytics.reconcile")
def reconcile() -> dict:
    """Recompute every rollup from the source tables and correct what drifted (beat: nightly,
    settings.CELERY_BEAT_SCHEDULE["analytics-reconcile"]); returns the corrections made."""
    from netra.analytics.services import reconcile as run

    return run()


@shared_task(name="analytics.headcount")
def headcount() -> int:
    """Recount registry people per agency and region after an import (the prevention coverage's
    denominator); returns the rows changed."""
    from netra.analytics.services import headcount_rebuild

    return headcount_rebuild()


@shared_task(name="analytics.people_imported")
def people_imported(since: str | None = None) -> dict:
    """After a registry import: refresh the facts of the cases and pledges of the people it
    changed (`since`: ISO moment the import started) and rebuild the headcount."""
    import datetime as dt

    from netra.analytics.people import refresh_imported

    return refresh_imported(dt.datetime.fromisoformat(since) if since else None)
