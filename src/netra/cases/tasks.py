"""Celery tasks of the cases app: the overdue sweep and case notifications."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="cases.mark_overdue")
def mark_overdue() -> int:
    """Mark overdue deadlines and escalate each once (services.deadlines_mark_overdue)."""
    from netra.cases.services import deadlines_mark_overdue

    return deadlines_mark_overdue()


@shared_task(name="cases.notify")
def case_notify(case_public_id: str, what: str) -> int:
    """Tell the staff who can act on the case next. E-mail delivery to officers is not wired
    yet; the event is logged (no personal data) and the number of people to tell returned."""
    from django.db.models import Q

    from netra.accounts.models import User
    from netra.cases.models import Case
    from netra.cases.selectors import case_roles_for

    case = Case.objects.select_related("region", "person").filter(public_id=case_public_id).first()
    if case is None:
        return 0
    parts = case.region.code.split(".")
    ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
    national = Q(memberships__region__isnull=True, memberships__agency__isnull=True)
    reach = national | Q(memberships__region__code__in=ancestors)
    if case.person_id and case.person.agency_id:
        reach |= Q(memberships__agency_id=case.person.agency_id)
    staff = User.objects.filter(reach, is_active=True).distinct()
    count = sum(1 for user in staff.iterator() if case_roles_for(user, case))
    logger.info("case %s: %s (%d staff to notify)", case.number, what, count)
    return count
