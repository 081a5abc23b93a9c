"""Celery tasks of the sanctions app (they call services)."""

from celery import shared_task

from netra.sanctions import services, storage


@shared_task(name="sanctions.close_after_remedy_window")
def close_after_remedy_window() -> int:
    """Close sanctioned cases whose objection/appeal window has ended (as the scheduler)."""
    return services.sanctions_close_after_remedy_window()


@shared_task(name="sanctions.sweep_decree_staging")
def sweep_decree_staging(older_than_seconds: int = 24 * 3600) -> int:
    """Remove staged decree files that belong to no committed decision."""
    return storage.sweep_staging(older_than_seconds=older_than_seconds)
