"""Pledge campaigns, identity checks, individual and collective pledges (services/pledges.py)."""

import datetime as dt

import pytest
from django.utils import translation

from netra.audit.models import AuditEvent
from netra.prevention.choices import ActivityKind, AttendanceSource, IdentityCheck, PledgeMethod
from netra.prevention.models import Activity, Attendance, Pledge, PledgeCampaign, PledgeTemplate
from netra.prevention.services.pledges import (
    PledgeError,
    campaign_create,
    campaign_template_set,
    mask_number,
    pledge_collective,
    pledge_identify,
)
from netra.prevention.tests.fixtures import campaign_for, pledge_with_proof

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _media(prevention_media):
    return prevention_media


@pytest.fixture
def w(prevention_world):
    return prevention_world


@pytest.fixture
def campaign(w):
    return campaign_for(w)


def _create(w, **overrides):
    values = {
        "actor": w["hr"],
        "agency": w["agency"],
        "election": w["election"],
        "template": w["template"],
        "title": "Kampanye",
        "starts_on": w["today"],
        "ends_on": w["today"] + 10 * DAY,
    }
    values.update(overrides)
    return campaign_create(**values)


# --- campaigns -------------------------------------------------------------------------------


def test_campaign_create_copies_region_and_is_audited(w, campaign):
    assert campaign.region == w["agency"].region
    assert campaign.created_by == w["hr"]
    assert AuditEvent.objects.filter(action="prevention.campaign_created").count() == 1


@pytest.mark.parametrize("who", ["other_hr", "bawaslu", "task_force", "auditor"])
def test_campaign_create_needs_a_manager_of_the_agency(w, who):
    with pytest.raises(PledgeError) as caught:
        _create(w, actor=w[who])
    assert caught.value.code == "forbidden"
    assert not PledgeCampaign.objects.exists()


@pytest.fixture
def pilkada(w):
    from netra.elections.models import Election

    return Election.objects.create(
        slug="pilkada-uji",
        name_id="Pilkada Uji",
        kind="regional",
        vote_date=w["today"] + 200 * DAY,
    )


def test_regional_template_only_inside_its_region(w, pilkada):
    regional = w["regional_template"]
    with pytest.raises(PledgeError) as caught:
        _create(w, template=regional, election=pilkada)
    assert "template" in caught.value.fields
    made = _create(
        w, actor=w["other_hr"], agency=w["other_agency"], template=regional, election=pilkada
    )
    assert made.template == regional


def test_regional_election_template_not_for_a_general_election(w):
    with pytest.raises(PledgeError) as caught:
        _create(w, actor=w["other_hr"], agency=w["other_agency"], template=w["regional_template"])
    assert "template" in caught.value.fields


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(5, 4, "ends_on"), (0, 500, "ends_on"), (120, 130, "starts_on")],
)
def test_campaign_period_must_be_sane(w, start, end, field):
    with pytest.raises(PledgeError) as caught:
        _create(w, starts_on=w["today"] + start * DAY, ends_on=w["today"] + end * DAY)
    assert field in caught.value.fields
    assert not PledgeCampaign.objects.exists()


def test_campaign_title_required(w):
    with pytest.raises(PledgeError) as caught:
        _create(w, title="   ")
    assert "title" in caught.value.fields


# --- identity --------------------------------------------------------------------------------


def test_identify_with_nip_and_birth_date(w):
    teacher = w["people"]["teacher1"]
    found = pledge_identify(number=teacher.nip, birth_date=teacher.birth_date)
    assert found.person == teacher
    assert found.check == IdentityCheck.BIRTH_DATE


def test_identify_accepts_spaces_in_the_number(w):
    teacher = w["people"]["teacher3"]
    spaced = f"{teacher.nip[:8]} {teacher.nip[8:14]} {teacher.nip[14:]}"
    assert pledge_identify(number=spaced, birth_date=teacher.birth_date).person == teacher


def test_identify_with_nip_and_nik(w):
    nurse = w["people"]["nurse1"]
    nurse.nik = "3201014808880001"
    nurse.save(update_fields=["nik"])
    found = pledge_identify(number=nurse.nip, nik="3201014808880001")
    assert (found.person, found.check) == (nurse, IdentityCheck.NIK)


def test_contract_staff_identify_with_nik_and_birth_date(w):
    contract = w["people"]["teacher4"]
    assert contract.nip is None
    found = pledge_identify(number=contract.nik, birth_date=contract.birth_date)
    assert found.person == contract


def _identity_error(**kwargs) -> PledgeError:
    with pytest.raises(PledgeError) as caught:
        pledge_identify(**kwargs)
    return caught.value


def test_wrong_combinations_give_one_generic_message(w):
    teacher, retired = w["people"]["teacher1"], w["people"]["retired"]
    other = w["people"]["teacher2"]
    errors = [
        # wrong NIP (someone else's birth date does not help)
        _identity_error(number="198503142010012099", birth_date=teacher.birth_date),
        # right NIP, wrong birth date
        _identity_error(number=teacher.nip, birth_date=teacher.birth_date + DAY),
        # right NIP, another person's birth date
        _identity_error(number=teacher.nip, birth_date=other.birth_date),
        # right NIP, no second factor
        _identity_error(number=teacher.nip),
        # wrong NIK as second factor
        _identity_error(number=teacher.nip, nik="3201011403850001"),
        # a retired person with correct data
        _identity_error(number=retired.nip, birth_date=retired.birth_date),
        # malformed number
        _identity_error(number="12345", birth_date=teacher.birth_date),
    ]
    assert {e.code for e in errors} == {"identity"}
    with translation.override("id"):
        assert len({e.message for e in errors}) == 1
        assert "tanggal lahir" in errors[0].message  # the message names what to check
    with translation.override("en"):
        assert "birth date" in errors[0].message


def test_nik_lookup_is_only_for_people_without_nip(w):
    teacher = w["people"]["teacher1"]
    teacher.nik = "3201015403850002"
    teacher.save(update_fields=["nik"])
    assert _identify_code(number="3201015403850002", birth_date=teacher.birth_date) == "identity"


def _identify_code(**kwargs) -> str:
    return _identity_error(**kwargs).code


def test_person_of_another_agency_is_identified_but_cannot_pledge_here(w, campaign):
    saro = w["people"]["saro1"]
    found = pledge_identify(number=saro.nip, birth_date=saro.birth_date)
    with pytest.raises(PledgeError) as caught:
        pledge_with_proof(campaign=campaign, person=found.person, identity_check=found.check)
    assert caught.value.code == "other_agency"
    assert not Pledge.objects.exists()


# --- individual pledges ----------------------------------------------------------------------


def test_one_pledge_per_person_per_campaign(w, campaign, django_capture_on_commit_callbacks):
    teacher = w["people"]["teacher1"]
    with django_capture_on_commit_callbacks(execute=True):
        first = pledge_with_proof(
            campaign=campaign, person=teacher, identity_check=IdentityCheck.BIRTH_DATE
        )
    assert first.created
    assert first.pledge.method == PledgeMethod.INDIVIDUAL
    assert first.pledge.certificate is not None
    documents_before = first.pledge.certificate.__class__.objects.count()
    events_before = AuditEvent.objects.count()
    second = pledge_with_proof(
        campaign=campaign, person=teacher, identity_check=IdentityCheck.BIRTH_DATE
    )
    assert not second.created
    assert second.pledge.pk == first.pledge.pk
    assert Pledge.objects.filter(campaign=campaign, person=teacher).count() == 1
    assert first.pledge.certificate.__class__.objects.count() == documents_before
    assert AuditEvent.objects.count() == events_before


def test_closed_campaign_refuses_new_pledges_but_shows_existing(w, campaign):
    teacher, nurse = w["people"]["teacher1"], w["people"]["nurse1"]
    made = pledge_with_proof(campaign=campaign, person=teacher, identity_check="birth_date")
    PledgeCampaign.objects.filter(pk=campaign.pk).update(
        starts_on=w["today"] - 20 * DAY, ends_on=w["today"] - DAY
    )
    campaign.refresh_from_db()
    with pytest.raises(PledgeError) as caught:
        pledge_with_proof(campaign=campaign, person=nurse, identity_check="birth_date")
    assert caught.value.code == "closed"
    again = pledge_with_proof(campaign=campaign, person=teacher, identity_check="birth_date")
    assert again.pledge.pk == made.pledge.pk and not again.created


def test_template_version_frozen_at_signing(w, campaign):
    teacher, nurse = w["people"]["teacher1"], w["people"]["nurse1"]
    first = pledge_with_proof(campaign=campaign, person=teacher, identity_check="birth_date")
    old = w["template"]
    new = PledgeTemplate.objects.create(
        code=old.code,
        version=old.version + 1,
        title_id=old.title_id,
        points=[*old.points, {"id": "Butir tambahan versi baru.", "en": "An added point."}],
        closing_id=old.closing_id,
        source="test",
        valid_from=w["today"],
    )
    campaign_template_set(actor=w["hr"], campaign=campaign, template=new)
    campaign.refresh_from_db()
    second = pledge_with_proof(campaign=campaign, person=nurse, identity_check="birth_date")
    first.pledge.refresh_from_db()
    assert first.pledge.template == old
    assert second.pledge.template == new


def test_retired_person_cannot_pledge(w, campaign):
    with pytest.raises(PledgeError):
        pledge_with_proof(
            campaign=campaign, person=w["people"]["retired"], identity_check="birth_date"
        )


def test_mask_number():
    assert mask_number("198503142010012001") == "**************2001"
    assert mask_number(None) == ""


# --- collective pledges ----------------------------------------------------------------------


@pytest.fixture
def apel(w):
    activity = Activity.objects.create(
        kind=ActivityKind.APEL,
        title="Apel ikrar netralitas",
        agency=w["agency"],
        region=w["agency"].region,
        election=w["election"],
        held_on=w["today"] - DAY,
    )
    for key in ("teacher1", "teacher2", "nurse1", "saro1"):
        Attendance.objects.create(
            activity=activity, person=w["people"][key], source=AttendanceSource.IMPORT
        )
    return activity


def test_collective_pledge_marks_attendees_and_skips_those_already_pledged(w, campaign, apel):
    pledge_with_proof(campaign=campaign, person=w["people"]["teacher1"], identity_check="nik")
    outcome = pledge_collective(actor=w["hr"], campaign=campaign, activity=apel)
    # saro1 attended but belongs to another agency: not counted at all.
    assert outcome.created_count == 2
    assert outcome.already == 1
    made = Pledge.objects.filter(method=PledgeMethod.COLLECTIVE)
    assert {p.person for p in made} == {w["people"]["teacher2"], w["people"]["nurse1"]}
    for pledge in made:
        assert pledge.activity == apel
        assert pledge.identity_check == IdentityCheck.ORGANISER
        assert pledge.recorded_by == w["hr"]
        assert pledge.template == campaign.template
        assert pledge.certificate is not None
        assert pledge.certificate.public_fields == {
            "name": pledge.person.name,
            "agency": w["agency"].name,
        }
    again = pledge_collective(actor=w["hr"], campaign=campaign, activity=apel)
    assert (again.created_count, again.already) == (0, 3)


def test_collective_pledge_for_a_subset(w, campaign, apel):
    nurse = w["people"]["nurse1"]
    outcome = pledge_collective(
        actor=w["hr"], campaign=campaign, activity=apel, people=[str(nurse.public_id)]
    )
    assert [p.person for p in outcome.created] == [nurse]


def test_collective_subset_must_be_attendees(w, campaign, apel):
    with pytest.raises(PledgeError) as caught:
        pledge_collective(
            actor=w["hr"], campaign=campaign, activity=apel, people=[w["people"]["clerk1"]]
        )
    assert caught.value.code == "not_attendee"
    assert not Pledge.objects.exists()


def test_collective_activity_must_match_agency_and_election(w, campaign, apel, pilkada):
    Activity.objects.filter(pk=apel.pk).update(election=pilkada)
    apel.refresh_from_db()
    with pytest.raises(PledgeError) as caught:
        pledge_collective(actor=w["hr"], campaign=campaign, activity=apel)
    assert caught.value.code == "activity_mismatch"
    assert not Pledge.objects.exists()


def test_collective_activity_outside_the_campaign_period(w, campaign, apel):
    Activity.objects.filter(pk=apel.pk).update(held_on=w["today"] + 2 * DAY)
    apel.refresh_from_db()
    with pytest.raises(PledgeError) as caught:
        pledge_collective(actor=w["hr"], campaign=campaign, activity=apel)
    assert caught.value.code == "activity_date"


def test_collective_needs_a_manager(w, campaign, apel):
    with pytest.raises(PledgeError) as caught:
        pledge_collective(actor=w["other_hr"], campaign=campaign, activity=apel)
    assert caught.value.code == "forbidden"
    with pytest.raises(PledgeError):
        pledge_collective(actor=w["bawaslu"], campaign=campaign, activity=apel)
    assert not Pledge.objects.exists()
