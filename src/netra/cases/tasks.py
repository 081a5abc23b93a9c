"""Celery tasks of the cases app: the overdue sweep, deadline reminders and case notifications."""

from celery import shared_task


@shared_task(name="cases.mark_overdue")
def mark_overdue() -> int:
    """Mark overdue deadlines and escalate each once (services.deadlines_mark_overdue)."""
    from netra.cases.services import deadlines_mark_overdue

    return deadlines_mark_overdue()


@shared_task(name="cases.notify")
def case_notify(case_public_id: str, what: str) -> int:
    """E-mail the staff who can act next on the case (`notifications.py`); returns how many
    messages were sent. `what` is "state:<state>" or "overdue:<deadline code>"."""
    from netra.cases.notifications import case_notification_send

    return case_notification_send(case_public_id, what)


@shared_task(name="cases.remind_deadlines")
def remind_deadlines() -> int:
    """Daily: remind the owners of each deadline falling due within
    `NETRA_DEADLINE_REMINDER_DAYS` days, once per deadline (notifications.py)."""
    from netra.cases.notifications import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(name="cases.retention_purge")
def retention_purge() -> dict:
    """Daily: apply the retention policy (cases/retention.py, ADR 0014): purge reports that were
    not registered, erase reporters' identities after their cases ended. Returns the counts."""
    from netra.cases.retention import retention_purge as run
    from netra.intake.retention import PurgeBusy

    try:
        return run().as_dict()
    except PurgeBusy:
        return {"skipped": "another retention purge is running"}
