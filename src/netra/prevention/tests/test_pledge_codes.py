"""The second factor of a phone pledge (issue 13 §3, services/pledge_codes.py): one-time codes
to the registry contact and HR's personal pledge codes."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from netra.audit.models import AuditEvent
from netra.prevention.choices import IdentityCheck, SecondFactor
from netra.prevention.models import Pledge, PledgeCode
from netra.prevention.services import pledge_codes
from netra.prevention.services.pledges import (
    PledgeError,
    campaign_second_factor_set,
    help_contact,
    pledge_individual,
)
from netra.prevention.sms import MemorySmsSender
from netra.prevention.tests.fixtures import campaign_for
from netra.registry.contacts import Contact, seal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(prevention_media):
    return prevention_media


@pytest.fixture
def w(prevention_world):
    return prevention_world


def _with_contact(person, email="rina.wati@example.go.id", phone="081234567123"):
    person.contact_sealed, person.contact_digest = seal(Contact(email=email, phone=phone))
    person.save(update_fields=["contact_sealed", "contact_digest"])
    return person


def _sent_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _pledge(campaign, person, proof):
    return pledge_individual(
        campaign=campaign, person=person, identity_check=IdentityCheck.BIRTH_DATE, proof=proof
    )


# --- one-time codes --------------------------------------------------------------------------


def test_code_by_email_proves_the_person_once(w):
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    record = pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    assert mail.outbox[-1].to == ["rina.wati@example.go.id"]
    code = _sent_code()
    assert code not in record.digest and len(record.digest) == 64
    proof = pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=code)
    outcome = _pledge(campaign, teacher, proof)
    assert outcome.created
    assert outcome.pledge.identity_check == IdentityCheck.CONTACT_CODE
    proof.refresh_from_db()
    assert proof.used_at is not None
    # Used: neither the check nor a second pledge accepts it again.
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=code)
    assert caught.value.code == "code_none"
    sent = AuditEvent.objects.get(action="prevention.pledge_code_sent")
    assert sent.payload["channel"] == "email" and code not in str(sent.payload)
    made = AuditEvent.objects.get(action="prevention.pledge_made")
    assert made.payload["second_factor"] == SecondFactor.CONTACT_CODE


def test_code_by_sms_goes_through_the_configured_sender(w, settings):
    settings.PREVENTION_SMS_SENDER = "netra.prevention.sms.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="sms")
    phone, text = MemorySmsSender.outbox[-1]
    assert phone == "081234567123"
    code = re.search(r"\b(\d{6})\b", text).group(1)
    assert pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=code)


def test_code_expires(w):
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    record = pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    PledgeCode.objects.filter(pk=record.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=_sent_code())
    assert caught.value.code == "code_expired"


def test_wrong_codes_are_counted_then_the_code_is_locked(w):
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(pledge_codes.CONTACT_CODE_ATTEMPTS - 1):
        with pytest.raises(PledgeError) as caught:
            pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=wrong)
        assert caught.value.code == "code_wrong"
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=wrong)
    assert caught.value.code == "code_locked"
    # Even the right code is refused now.
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=code)
    assert caught.value.code == "code_locked"
    failed = AuditEvent.objects.filter(action="prevention.pledge_code_failed")
    assert failed.count() == pledge_codes.CONTACT_CODE_ATTEMPTS


def test_a_code_is_worth_nothing_to_another_person(w):
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    nurse = _with_contact(w["people"]["nurse1"], email="nurse@example.go.id")
    proof = pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    code = _sent_code()
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=nurse, code=code)
    assert caught.value.code == "code_none"
    # Nor can the teacher's proof be passed off as the nurse's.
    with pytest.raises(PledgeError) as caught:
        _pledge(campaign, nurse, proof)
    assert caught.value.code == "code_none"
    assert not Pledge.objects.exists()


def test_no_pledge_without_a_proof(w):
    campaign = campaign_for(w)
    with pytest.raises(PledgeError) as caught:
        _pledge(campaign, w["people"]["teacher1"], None)
    assert caught.value.code == "code_none"
    assert not Pledge.objects.exists()


def test_a_new_code_replaces_the_last_and_sends_are_limited(w):
    campaign = campaign_for(w)
    teacher = _with_contact(w["people"]["teacher1"])
    pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    first = _sent_code()
    with pytest.raises(PledgeError) as caught:
        pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    assert caught.value.code == "too_many_sends"
    for _ in range(pledge_codes.SENDS_PER_HOUR - 1):
        PledgeCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
        pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    PledgeCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(PledgeError) as caught:
        pledge_codes.contact_code_send(campaign=campaign, person=teacher, channel="email")
    assert caught.value.code == "too_many_sends"
    assert PledgeCode.objects.filter(revoked_at=None).count() == 1
    latest = _sent_code()
    if latest != first:
        with pytest.raises(PledgeError):
            pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=first)


def test_no_contact_no_code(w):
    campaign = campaign_for(w)
    with pytest.raises(PledgeError) as caught:
        pledge_codes.contact_code_send(
            campaign=campaign, person=w["people"]["teacher1"], channel="email"
        )
    assert caught.value.code == "no_contact"
    assert not PledgeCode.objects.exists() and not mail.outbox


# --- HR's personal pledge codes --------------------------------------------------------------


def test_hr_codes_single_use_and_audited(w):
    campaign = campaign_for(w, second_factor=SecondFactor.HR_CODE)
    issued = dict(pledge_codes.hr_codes_issue(actor=w["hr"], campaign=campaign))
    teacher, nurse = w["people"]["teacher1"], w["people"]["nurse1"]
    assert teacher in issued and w["people"]["retired"] not in issued
    assert w["people"]["saro1"] not in issued  # another agency
    code = issued[teacher]
    assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}", code)
    assert not PledgeCode.objects.filter(digest__contains=code.replace("-", "")).exists()
    event = AuditEvent.objects.get(action="prevention.pledge_codes_issued")
    assert event.payload["count"] == len(issued) and event.actor == w["hr"]
    # Typed loosely (lower case, no dashes): accepted; the nurse's code is not the teacher's.
    with pytest.raises(PledgeError):
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=issued[nurse])
    proof = pledge_codes.pledge_code_check(
        campaign=campaign, person=teacher, code=code.lower().replace("-", " ")
    )
    assert _pledge(campaign, teacher, proof).pledge.identity_check == IdentityCheck.HR_CODE
    with pytest.raises(PledgeError) as caught:
        pledge_codes.pledge_code_check(campaign=campaign, person=teacher, code=code)
    assert caught.value.code == "code_none"
    # Issuing again skips who pledged and revokes the nurse's first code.
    again = dict(pledge_codes.hr_codes_issue(actor=w["hr"], campaign=campaign))
    assert teacher not in again
    with pytest.raises(PledgeError):
        pledge_codes.pledge_code_check(campaign=campaign, person=nurse, code=issued[nurse])
    assert pledge_codes.pledge_code_check(campaign=campaign, person=nurse, code=again[nurse])


def test_hr_codes_only_for_managers_and_hr_campaigns(w):
    hr_campaign = campaign_for(w, second_factor=SecondFactor.HR_CODE)
    with pytest.raises(PledgeError) as caught:
        pledge_codes.hr_codes_issue(actor=w["other_hr"], campaign=hr_campaign)
    assert caught.value.code == "forbidden"
    contact_campaign = campaign_for(w)
    with pytest.raises(PledgeError) as caught:
        pledge_codes.hr_codes_issue(actor=w["hr"], campaign=contact_campaign)
    assert caught.value.code == "factor_mismatch"
    assert not PledgeCode.objects.exists()


def test_switching_the_factor_revokes_live_codes_and_is_audited(w):
    campaign = campaign_for(w, second_factor=SecondFactor.HR_CODE)
    pledge_codes.hr_codes_issue(actor=w["hr"], campaign=campaign)
    campaign_second_factor_set(
        actor=w["hr"],
        campaign=campaign,
        second_factor=SecondFactor.CONTACT_CODE,
        help_contact="  BKPSDM Kabupaten Bogor,  0251-123456 ",
    )
    assert not PledgeCode.objects.filter(revoked_at=None).exists()
    campaign.refresh_from_db()
    assert help_contact(campaign) == "BKPSDM Kabupaten Bogor, 0251-123456"
    event = AuditEvent.objects.get(action="prevention.campaign_factor_changed")
    assert event.payload["old"] == "hr_code" and event.payload["new"] == "contact_code"
    with pytest.raises(PledgeError) as caught:
        campaign_second_factor_set(
            actor=w["hr"], campaign=campaign, second_factor="sms-only", help_contact=""
        )
    assert caught.value.code == "invalid"
