"""Celery tasks of the prevention app."""

from celery import shared_task


@shared_task(name="prevention.send_coverage_reminders")
def send_coverage_reminders() -> int:
    """E-mail agency HR about units below the coverage threshold at each days-to-vote
    milestone (services.reminders); returns how many agencies were reminded."""
    from netra.prevention.services.reminders import coverage_reminders_send

    return len(coverage_reminders_send())
