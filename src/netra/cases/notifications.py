"""E-mail to the staff who can act next on a case (DESIGN.md §8: "notification task").

`case_notify` (tasks.py) calls `case_notification_send` after a transition ("state:<state>")
or an escalated deadline ("overdue:<deadline code>"). Who is told:
- after a transition, every active staff member holding a role that may make one of the next
  moves out of the new state (`workflow.allowed_transitions`) under a grant that covers the case
  (`selectors.case_roles_for`, so the PPK side only once the case reached the PPK);
- after an escalated deadline, the next level: the task force analysts covering the case, and
  for deadlines the PPK owns (follow-up, decision delivery, objection, appeal response) also
  the PPK's staff of the person's agency (the day a decision takes effect is no one's duty:
  no mail).

Staff have no language preference stored, so each message is in Bahasa Indonesia with the
English text below it. Messages carry the case number, its state, the open deadline and a link
to the case page; never the reporter's identity, the reported person or any evidence. The
reporter's own e-mail is `intake.tasks.reporter_notify`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from netra.accounts.choices import Role
from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseDeadline
from netra.cases.selectors import case_roles_for

logger = logging.getLogger(__name__)

D = workflow.DeadlineCode
BODY_TEMPLATE = "cases/email/case_notification.txt"
SUBJECT_TEMPLATE = "cases/email/case_notification_subject.txt"
CASE_PATH = "/kasus/{public_id}/"
STATE, OVERDUE = "state", "overdue"
_PPK_SIDE = frozenset({workflow.PPK, workflow.AGENCY_HR})
# Deadlines the PPK (or its staff) has to meet: their escalation also reaches the PPK side.
_PPK_OWNED = frozenset(
    {D.PPK_FOLLOW_UP, D.DECISION_DELIVERY, D.OBJECTION_DECISION, D.APPEAL_PPK_RESPONSE}
)


@dataclass(frozen=True)
class Event:
    kind: str  # STATE or OVERDUE
    value: str  # the state entered, or the deadline code


def event_parse(what: str) -> Event | None:
    """`"state:<state>"` or `"overdue:<deadline code>"`; anything else is None."""
    kind, _sep, value = str(what or "").partition(":")
    if kind == STATE and value in CaseState.values:
        return Event(kind, value)
    if kind == OVERDUE and value in D.values():
        return Event(kind, value)
    return None


def roles_to_notify(event: Event) -> frozenset[str]:
    """The staff roles an event concerns (the `system` pseudo-role is nobody's)."""
    if event.kind == STATE:
        roles = {role for t in workflow.transitions_from(event.value) for role in t.roles}
    elif event.value in workflow.MILESTONE_DEADLINES:  # a date, not a duty
        roles = set()
    else:
        roles = {workflow.TASK_FORCE} | (_PPK_SIDE if event.value in _PPK_OWNED else set())
    return frozenset(roles - {workflow.SYSTEM})


def recipients_for(case: Case, event: Event) -> list[tuple[object, frozenset[str]]]:
    """Active staff with an e-mail address and a grant covering `case` under one of the
    event's roles, with those roles; ordered by username."""
    wanted = roles_to_notify(event)
    if not wanted:
        return []
    from netra.accounts.models import User

    # A cheap pre-filter in SQL (grants that could cover the case); `case_roles_for` decides.
    parts = case.region.code.split(".")
    ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
    reach = Q(memberships__region__isnull=True, memberships__agency__isnull=True) | Q(
        memberships__region__code__in=ancestors
    )
    if case.person_id and case.person.agency_id:
        reach |= Q(memberships__agency_id=case.person.agency_id)
    staff = (
        User.objects.filter(reach, is_active=True, memberships__role__in=wanted)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
    found = []
    for user in staff:
        roles = frozenset(case_roles_for(user, case) & wanted)
        if roles:
            found.append((user, roles))
    return found


def case_link(case: Case) -> str:
    """The case page, absolute on the site's public address (`NETRA_PUBLIC_BASE_URL`)."""
    base = str(getattr(settings, "NETRA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return base + CASE_PATH.format(public_id=case.public_id)


def _deadline_for(case: Case, event: Event) -> CaseDeadline | None:
    """The escalated deadline (already met if the escalation moved the case on), else the
    nearest open dated deadline."""
    rows = case.deadlines.filter(due_date__isnull=False).select_related("rule")
    if event.kind == OVERDUE:
        return rows.filter(code=event.value).order_by("-started_at", "-id").first()
    return rows.filter(met_at__isnull=True).order_by("due_date", "id").first()


def _deadline_label(deadline: CaseDeadline | None, code: str = "") -> str:
    if deadline is not None and deadline.rule is not None:
        return deadline.rule.label
    return code or (deadline.code if deadline else "")


def _render(case: Case, event: Event, roles: frozenset[str], language: str) -> tuple[str, str]:
    with translation.override(language):
        deadline = _deadline_for(case, event)
        next_states = list(
            dict.fromkeys(
                str(CaseState(t.target).label)
                for t in workflow.transitions_from(case.state)
                if t.roles & roles
            )
        )
        context = {
            "event": event.kind,
            "number": case.number,
            "state_label": str(CaseState(case.state).label),
            "region": case.region.name,
            "deadline": deadline,
            "deadline_label": _deadline_label(
                deadline, event.value if event.kind == OVERDUE else ""
            ),
            "roles": ", ".join(sorted(str(Role(r).label) for r in roles if r in Role.values)),
            "next_states": next_states,
            "link": case_link(case),
        }
        subject = render_to_string(SUBJECT_TEMPLATE, context)
        body = render_to_string(BODY_TEMPLATE, context)
    return " ".join(subject.split()), body.strip()


def message_for(case: Case, event: Event, roles: frozenset[str]) -> tuple[str, str]:
    """Subject (Indonesian) and body (Indonesian, then English) of one recipient's message."""
    subject, body_id = _render(case, event, roles, "id")
    _subject_en, body_en = _render(case, event, roles, "en")
    return subject, f"{body_id}\n\n----- English -----\n\n{body_en}\n"


def case_notification_send(case_public_id: str, what: str) -> int:
    """Send the messages for `what` about the case; returns how many were sent. An unknown
    case or event sends nothing; a failed delivery is logged and the others still go out."""
    event = event_parse(what)
    if event is None:
        logger.warning("case notification: unknown event %r", what)
        return 0
    case = (
        Case.objects.select_related("region", "person", "person__agency")
        .filter(public_id=case_public_id)
        .first()
    )
    if case is None:
        return 0
    recipients = recipients_for(case, event)
    if not recipients:
        return 0
    sent = 0
    with get_connection() as connection:
        for user, roles in recipients:
            subject, body = message_for(case, event, roles)
            message = EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                connection=connection,
            )
            try:
                sent += message.send()
            except Exception:  # one bad address or a flaky relay must not stop the others
                logger.exception("case %s: notification to user %s failed", case.number, user.pk)
    logger.info("case %s: %s (%d of %d staff e-mailed)", case.number, what, sent, len(recipients))
    return sent
