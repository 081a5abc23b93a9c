"""Coverage reminders to agency HR as the vote approaches (issue 5).

`coverage_reminders_send(today=...)` runs daily (Celery beat task
`prevention.send_coverage_reminders`). For each election whose vote is still ahead, the days to
the vote (`Election.vote_date - today`) fall in a milestone window: the milestone is the
smallest value of `PREVENTION_REMINDER_DAYS` (120, 90, 60, 30, 14, 7) that is >= the days to
vote (so a day the task did not run is caught up the next day, still once). For each agency
taking part in the election (`coverage.agencies_taking_part`), the units whose attended or
pledged share is below `PREVENTION_COVERAGE_THRESHOLD` (0.8) are listed and the agency's HR
users (active, with an e-mail address, holding an `agency_hr` membership on that agency) get
one e-mail with those units, their shares and the days to vote.

A `CoverageReminder` row (unique per agency, election and milestone) is written first, with the
audit event, in one transaction: a second run, or two runs at once, send nothing more. Agencies
with no unit below the threshold get no mail and no row. The mail goes out after the row is
committed; a failed delivery is logged (the reminder is not repeated).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from netra.accounts.choices import Role
from netra.accounts.scopes import Grant
from netra.audit.services import audit_record
from netra.elections.models import Election
from netra.prevention import coverage
from netra.prevention.models import CoverageReminder
from netra.registry.models import Agency

logger = logging.getLogger(__name__)

DEFAULT_DAYS = (120, 90, 60, 30, 14, 7)
DEFAULT_THRESHOLD = 0.8
BODY_TEMPLATE = "prevention/coverage/email/reminder.txt"
SUBJECT_TEMPLATE = "prevention/coverage/email/reminder_subject.txt"
COVERAGE_PATH = "/pencegahan/cakupan/{public_id}/?election={slug}"


@dataclass(frozen=True)
class ReminderSent:
    agency_id: int
    election_id: int
    milestone_days: int
    units: int
    recipients: int


def reminder_days() -> list[int]:
    days = getattr(settings, "PREVENTION_REMINDER_DAYS", DEFAULT_DAYS)
    return sorted({int(d) for d in days if int(d) > 0})


def reminder_threshold() -> float:
    return float(getattr(settings, "PREVENTION_COVERAGE_THRESHOLD", DEFAULT_THRESHOLD))


def milestone_for(days_to_vote: int, milestones: list[int] | None = None) -> int | None:
    """The milestone whose window holds `days_to_vote`: the smallest milestone >= it; None
    after the vote (0 or fewer days) or before the first milestone."""
    if days_to_vote <= 0:
        return None
    ahead = [m for m in (milestones or reminder_days()) if m >= days_to_vote]
    return min(ahead) if ahead else None


def hr_recipients(agency: Agency) -> list:
    """Active HR staff of `agency` with an e-mail address, by username."""
    from netra.accounts.models import User

    region_code = agency.region.code if agency.region_id else None
    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.AGENCY_HR,
            memberships__agency=agency,
        )
        .exclude(email="")
        .prefetch_related("memberships__region")
        .distinct()
        .order_by("username")
    )
    found = []
    for user in candidates:
        grants = [
            Grant(m.role, m.region.code if m.region_id else None, m.agency_id)
            for m in user.memberships.all()
            if m.role == Role.AGENCY_HR and m.agency_id == agency.pk
        ]
        if any(g.covers(region_code=region_code, agency_id=agency.pk) for g in grants):
            found.append(user)
    return found


def _unit_rows(units: list[coverage.CoverageRow]) -> list[dict]:
    return [
        {
            "unit": str(row.public_id),
            "name": row.label,
            "population": row.population,
            "attended": row.attended,
            "pledged": row.pledged,
            "attended_percent": row.attended_percent,
            "pledged_percent": row.pledged_percent,
        }
        for row in units
    ]


def coverage_link(agency: Agency, election: Election) -> str:
    base = str(getattr(settings, "NETRA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return base + COVERAGE_PATH.format(public_id=agency.public_id, slug=election.slug)


def _render(context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(SUBJECT_TEMPLATE, context)
        body = render_to_string(BODY_TEMPLATE, context)
    return " ".join(subject.split()), body.strip()


def reminder_message(
    *, agency: Agency, election: Election, days_to_vote: int, units: list[dict], threshold: float
) -> tuple[str, str]:
    """Subject (Indonesian) and body (Indonesian, then English) of the reminder."""
    context = {
        "agency": agency.name,
        "election_id": election.name_id,
        "election_en": election.name_en or election.name_id,
        "vote_date": election.vote_date,
        "days": days_to_vote,
        "threshold": round(threshold * 100),
        "units": units,
        "link": coverage_link(agency, election),
    }
    subject, body_id = _render(context, "id")
    _subject, body_en = _render(context, "en")
    return subject, f"{body_id}\n\n----- English -----\n\n{body_en}\n"


def _send(subject: str, body: str, users: list) -> int:
    sent = 0
    with get_connection() as connection:
        for user in users:
            message = EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
            )
            try:
                sent += message.send()
            except Exception:  # one bad address or a flaky relay must not stop the others
                logger.exception("coverage reminder to user %s failed", user.pk)
    return sent


def coverage_reminder_send(
    *, agency: Agency, election: Election, today: dt.date, milestone: int, threshold: float
) -> ReminderSent | None:
    """Record and send one agency's reminder for `milestone`; None when nothing is due (no unit
    below the threshold, or already recorded for this milestone)."""
    if CoverageReminder.objects.filter(
        agency=agency, election=election, milestone_days=milestone
    ).exists():
        return None
    units = coverage.units_below(agency, election, threshold=threshold)
    if not units:
        return None
    days_to_vote = (election.vote_date - today).days
    rows = _unit_rows(units)
    recipients = hr_recipients(agency)
    try:
        with transaction.atomic():
            reminder = CoverageReminder.objects.create(
                agency=agency,
                election=election,
                milestone_days=milestone,
                units_below=rows,
                recipients=len(recipients),
            )
            audit_record(
                actor=None,
                action="prevention.coverage_reminder_sent",
                target=reminder,
                payload={
                    "agency": str(agency.public_id),
                    "election": election.slug,
                    "milestone_days": milestone,
                    "days_to_vote": days_to_vote,
                    "threshold": threshold,
                    "units": [row["unit"] for row in rows],
                    "recipients": [user.pk for user in recipients],
                },
            )
    except IntegrityError:  # another run recorded this milestone first
        return None
    if recipients:
        subject, body = reminder_message(
            agency=agency,
            election=election,
            days_to_vote=days_to_vote,
            units=rows,
            threshold=threshold,
        )
        _send(subject, body, recipients)
    else:
        logger.warning("coverage reminder for agency %s: no HR user with an e-mail", agency.pk)
    return ReminderSent(agency.pk, election.pk, milestone, len(rows), len(recipients))


def coverage_reminders_send(*, today: dt.date | None = None) -> list[ReminderSent]:
    """Send every reminder due on `today` (the local day by default); see the module doc."""
    today = today or timezone.localdate()
    milestones = reminder_days()
    threshold = reminder_threshold()
    sent = []
    for election in Election.objects.filter(vote_date__gt=today).order_by("vote_date", "slug"):
        milestone = milestone_for((election.vote_date - today).days, milestones)
        if milestone is None:
            continue
        agencies = coverage.agencies_taking_part(
            election, Agency.objects.select_related("region")
        ).order_by("name", "pk")
        for agency in agencies:
            result = coverage_reminder_send(
                agency=agency,
                election=election,
                today=today,
                milestone=milestone,
                threshold=threshold,
            )
            if result is not None:
                sent.append(result)
    return sent
