"""Writes of the prevention app: pledge campaigns, individual and collective pledges and their
certificates (issue 5, DOMAIN.md §7.1).

- A campaign is one agency x election x template version x period, created by the agency's
  manager (`access.may_manage`).
- A person pledges at most once per campaign (`prev_pledge_once`); a second attempt returns the
  pledge already made and creates nothing.
- The pledge keeps the template version read at signing: pointing the campaign at a newer
  version later never rewrites a pledge already made.
- Every pledge gets a PDF certificate through `documents.services.document_issue`, whose public
  verification shows the name and agency only.

A refusal raises `PledgeError` with a `PledgeErrorCode` (prevention/errors.py; per-field
messages for forms) and stores nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from netra.audit.services import audit_record
from netra.documents.choices import DocumentKind
from netra.documents.services import document_issue
from netra.elections.choices import ElectionKind
from netra.prevention import access
from netra.prevention.choices import (
    IdentityCheck,
    PledgeElectionKind,
    PledgeMethod,
    PledgeScope,
    SecondFactor,
)
from netra.prevention.errors import PledgeError
from netra.prevention.errors import PledgeErrorCode as Code
from netra.prevention.identity import Identity, person_identify
from netra.prevention.models import (
    Activity,
    Attendance,
    Pledge,
    PledgeCampaign,
    PledgeCode,
    PledgeTemplate,
)
from netra.prevention.services.pledge_codes import pledge_code_use
from netra.refusals import FieldRefusals
from netra.registry.choices import PersonStatus
from netra.registry.models import Person

CERTIFICATE_TEMPLATE = "prevention/pledges/certificate_pdf.html"
CERTIFICATE_TITLE = "Sertifikat Ikrar Netralitas ASN"
MAX_TITLE = 200
MAX_HELP_CONTACT = 300
# A campaign longer than this is a typing mistake, not a plan.
MAX_CAMPAIGN_DAYS = 400
_ELECTION_KIND = {
    ElectionKind.GENERAL: PledgeElectionKind.GENERAL,
    ElectionKind.REGIONAL: PledgeElectionKind.REGIONAL,
}
__all__ = ["PledgeError"]  # re-exported: callers catch `services.PledgeError`


def _forbidden() -> PledgeError:
    return PledgeError(Code.FORBIDDEN)


def _region_within(code: str | None, ancestor: str) -> bool:
    return bool(code) and (code == ancestor or code.startswith(ancestor + "."))


def template_fits(template: PledgeTemplate, agency, election) -> bool:
    """May `template` be used by `agency` for `election`? A regional variant only inside its
    region; an election-kind-specific text only for that kind of election."""
    if template.scope == PledgeScope.REGIONAL:
        agency_region = agency.region.code if agency.region_id else None
        if not _region_within(agency_region, template.region_code):
            return False
    if template.election_kind != PledgeElectionKind.ANY:
        return _ELECTION_KIND.get(election.kind) == template.election_kind
    return True


def _check_campaign(*, agency, election, template, title, starts_on, ends_on) -> str:
    invalid = FieldRefusals()
    title = " ".join(str(title or "").split())
    if not title or len(title) > MAX_TITLE:
        invalid.add("title", Code.TITLE, max_title=MAX_TITLE)
    if not isinstance(starts_on, dt.date):
        invalid.add("starts_on", Code.STARTS_ON_REQUIRED)
    if not isinstance(ends_on, dt.date):
        invalid.add("ends_on", Code.ENDS_ON_REQUIRED)
    if isinstance(starts_on, dt.date) and isinstance(ends_on, dt.date):
        if ends_on < starts_on:
            invalid.add("ends_on", Code.ENDS_BEFORE_START)
        elif (ends_on - starts_on).days > MAX_CAMPAIGN_DAYS:
            invalid.add("ends_on", Code.TOO_LONG, max_days=MAX_CAMPAIGN_DAYS)
        if starts_on > election.vote_date:
            invalid.add("starts_on", Code.STARTS_AFTER_VOTE)
    if not template_fits(template, agency, election):
        invalid.add("template", Code.TEMPLATE_UNFIT)
    invalid.raise_if_any(Code.INVALID, PledgeError)
    return title


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    agency,
    election,
    template: PledgeTemplate,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    second_factor: str = SecondFactor.CONTACT_CODE,
    help_contact: str = "",
) -> PledgeCampaign:
    """A pledge campaign of `agency` for `election`, read with `template`, open from
    `starts_on` to `ends_on` (inclusive), asking for `second_factor` on phones and naming
    `help_contact` (HR) for people whose data is wrong. Managers of the agency only."""
    if not access.may_manage(actor, agency):
        raise _forbidden()
    second_factor, help_contact = _check_factor(second_factor, help_contact)
    title = _check_campaign(
        agency=agency,
        election=election,
        template=template,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    campaign = PledgeCampaign.objects.create(
        title=title,
        agency=agency,
        region=agency.region,
        election=election,
        template=template,
        starts_on=starts_on,
        ends_on=ends_on,
        second_factor=second_factor,
        help_contact=help_contact,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="prevention.campaign_created",
        target=campaign,
        payload={
            "agency": agency.code,
            "election": election.slug,
            "template": f"{template.code} v{template.version}",
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "second_factor": second_factor,
        },
    )
    return campaign


def _check_factor(second_factor: str, help_contact: str) -> tuple[str, str]:
    help_contact = " ".join(str(help_contact or "").split())
    invalid = FieldRefusals()
    if second_factor not in SecondFactor.values:
        invalid.add("second_factor", Code.FACTOR_UNKNOWN)
    if len(help_contact) > MAX_HELP_CONTACT:
        invalid.add("help_contact", Code.HELP_CONTACT, max_length=MAX_HELP_CONTACT)
    invalid.raise_if_any(Code.INVALID, PledgeError)
    return second_factor, help_contact


@transaction.atomic
def campaign_second_factor_set(
    *, actor: Any, campaign: PledgeCampaign, second_factor: str, help_contact: str
) -> PledgeCampaign:
    """The agency chooses how people prove themselves on a phone (one-time code to their
    registry contact, or HR's personal pledge codes) and whom they contact. Switching kind
    revokes the live codes of the other kind."""
    campaign = PledgeCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.may_manage(actor, campaign.agency):
        raise _forbidden()
    second_factor, help_contact = _check_factor(second_factor, help_contact)
    old = campaign.second_factor
    campaign.second_factor = second_factor
    campaign.help_contact = help_contact
    campaign.save(update_fields=["second_factor", "help_contact"])
    if old != second_factor:
        PledgeCode.objects.filter(
            campaign=campaign, kind=old, used_at=None, revoked_at=None
        ).update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        action="prevention.campaign_factor_changed",
        target=campaign,
        payload={"old": old, "new": second_factor, "help_contact": help_contact},
    )
    return campaign


def help_contact(campaign: PledgeCampaign) -> str:
    """Whom a person contacts when their registry data is wrong or no code reaches them: the
    campaign's HR contact, else the agency's personnel officer (PPK) on record, else the
    agency's name."""
    if campaign.help_contact:
        return campaign.help_contact
    agency = campaign.agency
    parts = [p for p in (agency.ppk_title, agency.ppk_email) if p]
    return ", ".join(parts) or agency.name


@transaction.atomic
def campaign_template_set(
    *, actor: Any, campaign: PledgeCampaign, template: PledgeTemplate
) -> PledgeCampaign:
    """Point a campaign at another template version (say, a corrected text). Pledges already
    made keep the version their signers read."""
    campaign = PledgeCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.may_manage(actor, campaign.agency):
        raise _forbidden()
    if not template_fits(template, campaign.agency, campaign.election):
        raise PledgeError(Code.TEMPLATE_UNFIT, fields={"template": Code.TEMPLATE_UNFIT})
    old = campaign.template
    campaign.template = template
    campaign.save(update_fields=["template"])
    audit_record(
        actor=actor,
        action="prevention.campaign_template_changed",
        target=campaign,
        payload={
            "old": f"{old.code} v{old.version}",
            "new": f"{template.code} v{template.version}",
        },
    )
    return campaign


# --- identification --------------------------------------------------------------------------


def pledge_identify(
    *, number: str, birth_date: dt.date | None = None, nik: str | None = None
) -> Identity:
    """The person pledging on a phone (`identity.person_identify`); any mismatch raises the
    same `PledgeError` (code `identity`), which never says which part was wrong. The caller
    limits the attempts per client (prevention/ratelimits.py)."""
    identity = person_identify(number=number, birth_date=birth_date, nik=nik)
    if identity is None:
        raise PledgeError(Code.IDENTITY)
    return identity


# --- pledges and certificates ----------------------------------------------------------------


def mask_number(value: str | None) -> str:
    """`199001012015031002` -> `**************1002` (only the last four digits show)."""
    value = value or ""
    if len(value) <= 4:
        return value
    return "*" * (len(value) - 4) + value[-4:]


def certificate_context(pledge: Pledge) -> dict:
    """What the certificate shows: the text as read (the pledge's frozen version), the name,
    the masked number, agency, campaign and date."""
    person, campaign, template = pledge.person, pledge.campaign, pledge.template
    local_day = timezone.localtime(pledge.pledged_at).date()
    return {
        "pledge": pledge,
        "person_name": person.name,
        "number_label": "NIP" if person.nip else "NIK",
        "number_masked": mask_number(person.nip or person.nik),
        "agency_name": campaign.agency.name,
        "unit_name": person.unit.name if person.unit_id else "",
        "campaign_title": campaign.title,
        "election_name": campaign.election.name_id,
        "pledge_title": template.title_id,
        "points": [point["id"] for point in template.points],
        "closing": template.closing_id,
        "method": pledge.method,
        "activity_title": pledge.activity.title if pledge.activity_id else "",
        "pledged_on": local_day,
        "issued_on": local_day,
    }


def pledge_certificate_issue(*, actor: Any, pledge: Pledge) -> Pledge:
    """Issue the pledge's PDF certificate (once) and link it to the pledge."""
    if pledge.certificate_id:
        return pledge
    document = document_issue(
        actor=actor,
        kind=DocumentKind.PLEDGE_CERTIFICATE,
        title=CERTIFICATE_TITLE,
        issuer=pledge.campaign.agency.name,
        template=CERTIFICATE_TEMPLATE,
        context=certificate_context(pledge),
        public_fields={"name": pledge.person.name, "agency": pledge.campaign.agency.name},
        subject_ref=f"prevention.pledge:{pledge.public_id}",
    )
    pledge.certificate = document
    pledge.save(update_fields=["certificate"])
    return pledge


@dataclass(frozen=True)
class PledgeOutcome:
    pledge: Pledge
    created: bool


def _existing(campaign, person) -> Pledge | None:
    return (
        Pledge.objects.select_related("certificate", "template", "campaign__agency")
        .filter(campaign=campaign, person=person)
        .first()
    )


@transaction.atomic
def pledge_individual(
    *, campaign: PledgeCampaign, person: Person, identity_check: str, proof: PledgeCode | None
) -> PledgeOutcome:
    """`person` pledges in `campaign` on their phone after an identity check (`identity_check`:
    birth date or NIK) and the campaign's second factor (`proof`: their code that
    `pledge_codes.pledge_code_check` accepted; used up here).

    The campaign must be of the person's agency and open today. A second attempt returns the
    pledge already made (created=False) and stores nothing.
    """
    if identity_check not in (IdentityCheck.BIRTH_DATE, IdentityCheck.NIK):
        raise PledgeError(Code.IDENTITY_CHECK)
    if proof is None:
        raise PledgeError(Code.CODE_NONE)
    if person.status != PersonStatus.ACTIVE:
        raise PledgeError(Code.IDENTITY)
    if campaign.agency_id != person.agency_id:
        raise PledgeError(Code.OTHER_AGENCY)
    existing = _existing(campaign, person)
    if existing is not None:
        return PledgeOutcome(existing, False)
    if not campaign.is_open_on(timezone.localdate()):
        raise PledgeError(Code.CLOSED)
    # The second factor is what the pledge records as its identity check.
    second = pledge_code_use(campaign=campaign, person=person, proof=proof)
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                campaign=campaign,
                person=person,
                template=campaign.template,
                method=PledgeMethod.INDIVIDUAL,
                identity_check=second,
                pledged_at=timezone.now(),
            )
    except IntegrityError:
        # The same person pledged in another tab a moment ago.
        existing = _existing(campaign, person)
        if existing is None:
            raise
        return PledgeOutcome(existing, False)
    audit_record(
        actor=None,
        action="prevention.pledge_made",
        target=pledge,
        payload={
            "campaign": str(campaign.public_id),
            "person": str(person.public_id),
            "method": PledgeMethod.INDIVIDUAL,
            "identity_check": identity_check,
            "second_factor": second,
            "template": f"{campaign.template.code} v{campaign.template.version}",
        },
    )
    pledge_certificate_issue(actor=None, pledge=pledge)
    return PledgeOutcome(pledge, True)


@dataclass
class CollectiveOutcome:
    created: list[Pledge] = field(default_factory=list)
    already: int = 0

    @property
    def created_count(self) -> int:
        return len(self.created)


def _pledged_at(activity: Activity) -> dt.datetime:
    """An apel is held in the morning: 08:00 local time on its day (never in the future)."""
    now = timezone.now()
    if activity.held_on >= timezone.localdate():
        return now
    moment = dt.datetime.combine(activity.held_on, dt.time(8, 0))
    return min(timezone.make_aware(moment), now)


def _about(field: str, error: Code) -> PledgeError:
    """A refusal that is about one input field."""
    return PledgeError(error, fields={field: error})


def _check_collective(campaign: PledgeCampaign, activity: Activity) -> None:
    if activity.agency_id != campaign.agency_id or activity.election_id != campaign.election_id:
        raise _about("activity", Code.ACTIVITY_MISMATCH)
    if not activity.takes_attendance:
        raise _about("activity", Code.NO_ATTENDANCE)
    if activity.held_on > timezone.localdate() or not campaign.is_open_on(activity.held_on):
        raise _about("activity", Code.ACTIVITY_DATE)


@transaction.atomic
def pledge_collective(
    *,
    actor: Any,
    campaign: PledgeCampaign,
    activity: Activity,
    people: list | None = None,
) -> CollectiveOutcome:
    """The organiser records that the attendees of `activity` (an apel of the campaign's agency
    and election) read the pledge together: all attendees of the campaign's agency, or the
    subset `people` (Person objects or their public ids; each must be such an attendee).
    Attendees who already pledged in the campaign are skipped and counted. Each new pledge
    gets its certificate in this transaction.
    """
    campaign = (
        PledgeCampaign.objects.select_for_update()
        .select_related("agency", "election", "template")
        .get(pk=campaign.pk)
    )
    if not access.may_manage(actor, campaign.agency):
        raise _forbidden()
    _check_collective(campaign, activity)
    attendees = Person.objects.filter(
        pk__in=Attendance.objects.filter(activity=activity).values("person_id"),
        agency_id=campaign.agency_id,
        status=PersonStatus.ACTIVE,
    ).select_related("unit")
    if people is not None:
        wanted = {str(getattr(p, "public_id", p)) for p in people}
        chosen = [p for p in attendees if str(p.public_id) in wanted]
        if len(chosen) != len(wanted) or not wanted:
            raise _about("people", Code.NOT_ATTENDEE)
    else:
        chosen = list(attendees)
    if not chosen:
        raise _about("activity", Code.NO_ATTENDEES)
    done = set(
        Pledge.objects.filter(campaign=campaign, person__in=chosen).values_list(
            "person_id", flat=True
        )
    )
    outcome = CollectiveOutcome(already=sum(1 for p in chosen if p.pk in done))
    pledged_at = _pledged_at(activity)
    for person in chosen:
        if person.pk in done:
            continue
        pledge = Pledge.objects.create(
            campaign=campaign,
            person=person,
            template=campaign.template,
            method=PledgeMethod.COLLECTIVE,
            identity_check=IdentityCheck.ORGANISER,
            activity=activity,
            recorded_by=actor,
            pledged_at=pledged_at,
        )
        pledge_certificate_issue(actor=actor, pledge=pledge)
        outcome.created.append(pledge)
    audit_record(
        actor=actor,
        action="prevention.collective_pledge_recorded",
        target=campaign,
        payload={
            "activity": str(activity.public_id),
            "created": outcome.created_count,
            "already": outcome.already,
            "template": f"{campaign.template.code} v{campaign.template.version}",
            "people": sorted(str(p.person.public_id) for p in outcome.created),
        },
    )
    return outcome
