"""E-mail to the staff who can act next on a case (DESIGN.md §8: "notification task").

`case_notify` (tasks.py) calls `case_notification_send` after a transition ("state:<state>"),
an escalated deadline ("overdue:<deadline code>") or a reminder before a deadline falls due
("reminder:<deadline code>"). Who is told, always only staff with a grant covering the case
under the role concerned (`selectors.case_roles_for`, so the PPK side only once the case
reached the PPK):
- after a transition, the roles that may make one of the next moves out of the new state;
- for a deadline, its owners: the roles of the moves out of the state whose entry started it,
  leaving out what the scheduler does when it lapses (`workflow.deadline_owners`; e.g. the PPK
  follow-up is the agency's PPK staff's, the study the region's Bawaslu officers'). An overdue
  deadline also goes to the next level, the task force analysts covering the case (`NEXT_LEVEL`);
  a reminder only to the owners. The day a decision takes effect is no one's duty: no mail.

Reminders: `deadline_reminders_send` (the daily beat task `cases.remind_deadlines`) finds the
open deadlines falling due within `settings.NETRA_DEADLINE_REMINDER_DAYS` days (counted in the
deadline's unit, with the region's holidays) and reminds each once: `CaseDeadline.reminded_at`
is set, under a row-level claim, before the message is queued. A reminder changes nothing of
the case, so it has no audit event; the sweep's escalation has (`services.deadline_mark_overdue`).

Staff have no language preference stored, so each message is in Bahasa Indonesia with the
English text below it. Messages carry the case number, its state, the open deadline and a link
to the case page; never the reporter's identity, the reported person or any evidence. The
reporter's own e-mail is `intake.tasks.reporter_notify`.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from netra.accounts.choices import Role
from netra.cases import deadlines, workflow
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseDeadline
from netra.cases.selectors import case_roles_for, holiday_overrides_by_region

logger = logging.getLogger(__name__)

D = workflow.DeadlineCode
BODY_TEMPLATE = "cases/email/case_notification.txt"
SUBJECT_TEMPLATE = "cases/email/case_notification_subject.txt"
CASE_PATH = "/kasus/{public_id}/"
STATE, OVERDUE, REMINDER = "state", "overdue", "reminder"
# Who hears of an overdue deadline besides its owners (DESIGN.md §8: "notifies the next level").
NEXT_LEVEL = frozenset({workflow.TASK_FORCE})


@dataclass(frozen=True)
class Event:
    kind: str  # STATE, OVERDUE or REMINDER
    value: str  # the state entered, or the deadline code

    @property
    def about_deadline(self) -> bool:
        return self.kind in (OVERDUE, REMINDER)


def event_parse(what: str) -> Event | None:
    """`"state:<state>"`, `"overdue:<deadline code>"` or `"reminder:<deadline code>"`;
    anything else is None."""
    kind, _sep, value = str(what or "").partition(":")
    if kind == STATE and value in CaseState.values:
        return Event(kind, value)
    if kind in (OVERDUE, REMINDER) and value in D.values():
        return Event(kind, value)
    return None


def deadline_started_in(code: str) -> frozenset[str]:
    """The states whose entry starts deadline `code` (from the transitions that start it)."""
    return frozenset(t.target for t in workflow.TRANSITIONS if code in t.starts)


def owners_of(code: str, state: str | None = None) -> frozenset[str]:
    """The roles deadline `code` waits for: `workflow.deadline_owners` of the state that
    started it (`state`, the row's; else every state the workflow starts it in)."""
    if code in workflow.MILESTONE_DEADLINES:  # a date, not a duty
        return frozenset()
    states = [state] if state else sorted(deadline_started_in(code))
    return frozenset(role for s in states for role in workflow.deadline_owners(s))


def roles_to_notify(event: Event, deadline_state: str | None = None) -> frozenset[str]:
    """The staff roles an event concerns (the `system` pseudo-role is nobody's).
    `deadline_state` is the state whose entry started the deadline (its row's `state`)."""
    if event.kind == STATE:
        roles = {role for t in workflow.transitions_from(event.value) for role in t.roles}
    elif event.value in workflow.MILESTONE_DEADLINES:
        roles = set()
    elif event.kind == OVERDUE:
        roles = owners_of(event.value, deadline_state) | NEXT_LEVEL
    else:
        roles = set(owners_of(event.value, deadline_state))
    return frozenset(roles - {workflow.SYSTEM})


def recipients_for(
    case: Case, event: Event, deadline: CaseDeadline | None = None
) -> list[tuple[object, frozenset[str]]]:
    """Active staff with an e-mail address and a grant covering `case` under one of the
    event's roles, with those roles; ordered by username. For a deadline event, `deadline`
    is its row (whose `state` names the owners)."""
    if event.about_deadline and deadline is None:
        deadline = _deadline_for(case, event)
    wanted = roles_to_notify(event, deadline.state if deadline is not None else None)
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
    """The deadline of the event (the latest started with its code; already met if the
    escalation moved the case on), else the nearest open dated deadline."""
    rows = case.deadlines.filter(due_date__isnull=False).select_related("rule")
    if event.about_deadline:
        return rows.filter(code=event.value).order_by("-started_at", "-id").first()
    return rows.filter(met_at__isnull=True).order_by("due_date", "id").first()


def _deadline_label(deadline: CaseDeadline | None, code: str = "") -> str:
    if deadline is not None and deadline.rule is not None:
        return deadline.rule.label
    return code or (deadline.code if deadline else "")


def _render(
    case: Case,
    event: Event,
    roles: frozenset[str],
    language: str,
    deadline: CaseDeadline | None = None,
) -> tuple[str, str]:
    with translation.override(language):
        deadline = deadline if deadline is not None else _deadline_for(case, event)
        owner = bool(
            event.about_deadline and roles & owners_of(event.value, getattr(deadline, "state", ""))
        )
        countdown = None
        if event.kind == REMINDER and deadline is not None and deadline.due_date:
            countdown = deadlines.countdown(
                deadline.due_date, unit=deadline.unit or "working", region_code=case.region.code
            )
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
                deadline, event.value if event.about_deadline else ""
            ),
            "owner": owner,
            "countdown": countdown,
            "roles": ", ".join(sorted(str(Role(r).label) for r in roles if r in Role.values)),
            "next_states": next_states,
            "link": case_link(case),
        }
        subject = render_to_string(SUBJECT_TEMPLATE, context)
        body = render_to_string(BODY_TEMPLATE, context)
    return " ".join(subject.split()), body.strip()


def message_for(
    case: Case, event: Event, roles: frozenset[str], deadline: CaseDeadline | None = None
) -> tuple[str, str]:
    """Subject (Indonesian) and body (Indonesian, then English) of one recipient's message."""
    subject, body_id = _render(case, event, roles, "id", deadline)
    _subject_en, body_en = _render(case, event, roles, "en", deadline)
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
    deadline = _deadline_for(case, event) if event.about_deadline else None
    if event.kind == REMINDER and (deadline is None or deadline.met_at is not None):
        return 0  # the step was taken before the reminder went out
    recipients = recipients_for(case, event, deadline)
    if not recipients:
        return 0
    sent = 0
    with get_connection() as connection:
        for user, roles in recipients:
            subject, body = message_for(case, event, roles, deadline)
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


# --- Reminders before a deadline falls due -----------------------------------------------------

# Calendar days looked ahead for candidates: a few working days can span a long holiday
# (cuti bersama around Idul Fitri); the countdown in the deadline's unit decides.
_LOOKAHEAD_PER_DAY, _LOOKAHEAD_SLACK = 2, 14


def reminder_days() -> int:
    return max(int(getattr(settings, "NETRA_DEADLINE_REMINDER_DAYS", 0) or 0), 0)


def deadlines_due_soon(*, now: dt.datetime | None = None, days: int | None = None) -> list:
    """Open dated deadlines not yet reminded, not overdue and not a milestone, that fall due
    within `days` (default `NETRA_DEADLINE_REMINDER_DAYS`) days of their unit from the region's
    local today (0 = due today)."""
    now = now or timezone.now()
    days = reminder_days() if days is None else days
    if days <= 0:
        return []
    utc_today = now.astimezone(dt.UTC).date()
    horizon = utc_today + dt.timedelta(days=days * _LOOKAHEAD_PER_DAY + _LOOKAHEAD_SLACK)
    rows = list(
        CaseDeadline.objects.filter(
            met_at__isnull=True,
            reminded_at__isnull=True,
            overdue_since__isnull=True,
            due_date__gte=utc_today - dt.timedelta(days=1),
            due_date__lte=horizon,
        )
        .exclude(code__in=workflow.MILESTONE_DEADLINES)
        .exclude(case__state__in=workflow.TERMINAL_STATES)
        .select_related("case", "case__region")
        .order_by("due_date", "id")
    )
    overrides = holiday_overrides_by_region({row.case.region.code for row in rows})
    due = []
    for row in rows:
        code = row.case.region.code
        left = deadlines.countdown(
            row.due_date,
            unit=row.unit or "working",
            today=deadlines.local_day(now, code),
            region_code=code,
            overrides=overrides[code],
        )
        if not left.overdue and left.left <= days:
            due.append(row)
    return due


def deadline_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the owners of each deadline falling due soon, once: claim the row (set
    `reminded_at` where it is still empty), then queue the message after the commit. Returns
    how many deadlines were claimed; another run the same day finds none of them again."""
    from netra.cases.tasks import case_notify

    now = now or timezone.now()
    claimed = 0
    for row in deadlines_due_soon(now=now):
        with transaction.atomic():
            taken = CaseDeadline.objects.filter(pk=row.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not taken:
                continue
            claimed += 1
            public_id, what = str(row.case.public_id), f"{REMINDER}:{row.code}"
            transaction.on_commit(lambda p=public_id, w=what: case_notify.delay(p, w))
    if claimed:
        logger.info("deadline reminders: %d deadlines", claimed)
    return claimed
