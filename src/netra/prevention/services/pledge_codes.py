"""The second factor of a pledge on a phone (issue 13 §3): NIP and birth date are no secret (a
NIP begins with the birth date), so a campaign also asks for something only the person has.

- `contact_code_send`: a six-digit one-time code to the e-mail or phone of the person's
  registry record (registry/contacts.py); valid CONTACT_CODE_SECONDS, CONTACT_CODE_ATTEMPTS
  wrong tries, a new code replaces the last, at most SENDS_PER_HOUR sends per person.
- `hr_codes_issue`: agency HR issues one personal pledge code per person (printed list or
  cards with a QR); shown once, valid for the campaign.
- `pledge_code_check`: the person types the code; a wrong code counts an attempt.

Codes are stored only as keyed digests (`netra.field_crypto.digest`). A code is used once, by
the pledge it proves (`services.pledges.pledge_individual`). Every send, issue and failure is
audited; refusals raise `PledgeError` and store nothing (except the counted attempt).
"""

import datetime as dt
import secrets
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netra import field_crypto, readable_codes
from netra.audit.services import audit_record
from netra.prevention import access
from netra.prevention.choices import SecondFactor
from netra.prevention.errors import PledgeError
from netra.prevention.errors import PledgeErrorCode as Code
from netra.prevention.models import Pledge, PledgeCampaign, PledgeCode
from netra.prevention.sms import sms_sender
from netra.registry.choices import PersonStatus
from netra.registry.contacts import person_contact
from netra.registry.models import Person

CONTACT_CODE_SECONDS = 10 * 60
CONTACT_CODE_ATTEMPTS = 5
HR_CODE_ATTEMPTS = 10
SENDS_PER_HOUR = 3
RESEND_SECONDS = 60
HR_CODE_LENGTH = 8  # and a check character: 31^8 codes, printed in groups of three
CHANNELS = ("email", "sms")
_PURPOSE = b"netra.prevention.pledge-code"


def _digest(campaign: PledgeCampaign, person: Person, code: str) -> str:
    """Bound to the campaign and person: a code is worth nothing to anyone else."""
    return field_crypto.digest(f"{campaign.public_id}:{person.public_id}:{code}", purpose=_PURPOSE)


def _audit(action: str, campaign, person, actor=None, **payload) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=campaign,
        payload={"campaign": str(campaign.public_id), "person": str(person.public_id), **payload},
    )


def _revoke_live(campaign, person, kind) -> None:
    PledgeCode.objects.filter(
        campaign=campaign, person=person, kind=kind, used_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())


# --- one-time codes to the registry contact --------------------------------------------------


def contact_code_send(*, campaign: PledgeCampaign, person: Person, channel: str) -> PledgeCode:
    """Send a new one-time code to the person's registry e-mail (`email`) or phone (`sms`)."""
    if campaign.second_factor != SecondFactor.CONTACT_CODE:
        raise PledgeError(Code.FACTOR_MISMATCH)
    if channel not in CHANNELS:
        raise PledgeError(Code.NO_CONTACT)
    contact = person_contact(person)
    address = contact.email if channel == "email" else contact.phone
    if not address:
        raise PledgeError(Code.NO_CONTACT)
    now = timezone.now()
    with transaction.atomic():
        # Serialise the sends of one person: the rate limit counts committed rows.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        recent = PledgeCode.objects.filter(
            person=person,
            kind=SecondFactor.CONTACT_CODE,
            created_at__gte=now - dt.timedelta(hours=1),
        )
        if (
            recent.count() >= SENDS_PER_HOUR
            or recent.filter(created_at__gte=now - dt.timedelta(seconds=RESEND_SECONDS)).exists()
        ):
            raise PledgeError(Code.TOO_MANY_SENDS)
        _revoke_live(campaign, person, SecondFactor.CONTACT_CODE)
        code = f"{secrets.randbelow(10**6):06d}"
        record = PledgeCode.objects.create(
            campaign=campaign,
            person=person,
            kind=SecondFactor.CONTACT_CODE,
            digest=_digest(campaign, person, code),
            channel=channel,
            expires_at=now + dt.timedelta(seconds=CONTACT_CODE_SECONDS),
        )
        _audit("prevention.pledge_code_sent", campaign, person, channel=channel)
    text = _(
        "Kode ikrar netralitas Anda: %(code)s. Berlaku %(minutes)s menit. "
        "Jangan berikan kode ini kepada siapa pun."
    ) % {"code": code, "minutes": CONTACT_CODE_SECONDS // 60}
    if channel == "email":
        send_mail(_("Kode ikrar netralitas ASN"), text, None, [address])
    else:
        sms_sender().send(address, text)
    return record


# --- personal pledge codes issued by HR ------------------------------------------------------


def format_hr_code(code: str) -> str:
    """`ABCDEFGHK` -> `ABC-DEF-GHK` (easier to read from a card and to type)."""
    return "-".join(code[i : i + 3] for i in range(0, len(code), 3))


@transaction.atomic
def hr_codes_issue(
    *, actor: Any, campaign: PledgeCampaign, people: list[Person] | None = None
) -> list[tuple[Person, str]]:
    """New personal pledge codes for `people` (default: every active person of the campaign's
    agency who has not pledged in it). Any code issued before to them is revoked. Returns
    (person, code) pairs: the only time the codes exist in plain text (print them now)."""
    campaign = PledgeCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.may_manage(actor, campaign.agency):
        raise PledgeError(Code.FORBIDDEN)
    if campaign.second_factor != SecondFactor.HR_CODE:
        raise PledgeError(Code.FACTOR_MISMATCH)
    pledged = Pledge.objects.filter(campaign=campaign).values("person_id")
    eligible = Person.objects.filter(
        agency_id=campaign.agency_id, status=PersonStatus.ACTIVE
    ).exclude(pk__in=pledged)
    if people is not None:
        eligible = eligible.filter(pk__in=[p.pk for p in people])
    chosen = list(eligible.select_related("unit").order_by("unit__name", "name_key"))
    if not chosen:
        raise PledgeError(Code.NO_ONE_TO_ISSUE)
    PledgeCode.objects.filter(
        campaign=campaign,
        person__in=chosen,
        kind=SecondFactor.HR_CODE,
        used_at=None,
        revoked_at=None,
    ).update(revoked_at=timezone.now())
    issued, rows = [], []
    for person in chosen:
        body = readable_codes.random_body(HR_CODE_LENGTH)
        code = body + readable_codes.check_char(body)
        rows.append(
            PledgeCode(
                campaign=campaign,
                person=person,
                kind=SecondFactor.HR_CODE,
                digest=_digest(campaign, person, code),
                issued_by=actor,
            )
        )
        issued.append((person, format_hr_code(code)))
    PledgeCode.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        actor=actor,
        action="prevention.pledge_codes_issued",
        target=campaign,
        payload={"campaign": str(campaign.public_id), "count": len(issued)},
    )
    return issued


# --- checking a code -------------------------------------------------------------------------


def _normalise(kind: str, text: str) -> str:
    if kind == SecondFactor.CONTACT_CODE:
        return "".join(str(text or "").split())
    return readable_codes.compact(str(text or ""))


def pledge_code_check(*, campaign: PledgeCampaign, person: Person, code: str) -> PledgeCode:
    """The person's live code of the campaign's kind, if `code` is it. A wrong code counts an
    attempt (kept even though the check is refused) and is audited."""
    kind = campaign.second_factor
    now = timezone.now()
    limit = CONTACT_CODE_ATTEMPTS if kind == SecondFactor.CONTACT_CODE else HR_CODE_ATTEMPTS
    with transaction.atomic():
        record = (
            PledgeCode.objects.select_for_update()
            .filter(campaign=campaign, person=person, kind=kind, used_at=None, revoked_at=None)
            .first()
        )
        if record is None:
            raise PledgeError(Code.CODE_NONE)
        if record.expires_at is not None and record.expires_at <= now:
            raise PledgeError(Code.CODE_EXPIRED)
        if record.attempts >= limit:
            raise PledgeError(Code.CODE_LOCKED)
        if secrets.compare_digest(record.digest, _digest(campaign, person, _normalise(kind, code))):
            return record
        record.attempts += 1
        record.save(update_fields=["attempts"])
        _audit("prevention.pledge_code_failed", campaign, person, attempts=record.attempts)
    if record.attempts >= limit:
        raise PledgeError(Code.CODE_LOCKED)
    raise PledgeError(Code.CODE_WRONG)


def pledge_code_use(*, campaign: PledgeCampaign, person: Person, proof: PledgeCode) -> str:
    """Mark `proof` used by a pledge being made in the caller's transaction; refuse a code
    that is not this person's live, unexpired code of the campaign. Returns the identity check
    to record on the pledge."""
    record = (
        PledgeCode.objects.select_for_update()
        .filter(pk=getattr(proof, "pk", None), used_at=None, revoked_at=None)
        .first()
    )
    if (
        record is None
        or record.campaign_id != campaign.pk
        or record.person_id != person.pk
        or record.kind != campaign.second_factor
    ):
        raise PledgeError(Code.CODE_NONE)
    if record.expires_at is not None and record.expires_at <= timezone.now():
        raise PledgeError(Code.CODE_EXPIRED)
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    return record.kind
