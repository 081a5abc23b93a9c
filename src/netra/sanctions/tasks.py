"""Celery tasks of the sanctions app (they call services)."""

from celery import shared_task

from netra.sanctions import services


@shared_task(name="sanctions.close_after_remedy_window")
def close_after_remedy_window() -> int:
    """Close sanctioned cases whose objection/appeal window has ended (as the scheduler)."""
    return services.sanctions_close_after_remedy_window()
