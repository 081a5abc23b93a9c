"""Test data for the coverage tests (no tests here), made with the models on `prevention_world`.

`coverage_world(w)` records (relative to the fixture's today, d = days before):
- a Bogor apel organised by Dinas Pendidikan (d=20) attended by teacher1, teacher3, nurse1,
  the retired clerk (not in the population) and saro1 (a Sarolangun teacher);
- a Sarolangun socialization (d=10) attended by teacher2 (any agency's activity counts);
- an activity of another election attended by clerk1 (not counted);
- a Bogor pledge campaign (from d=15) with pledges of teacher1 (d=12), nurse2 (d=5) and the
  retired clerk; a campaign of another election with a pledge of clerk2 (not counted).
"""

import datetime as dt

from django.utils import timezone

from netra.elections.models import Election
from netra.prevention.choices import (
    ActivityKind,
    AttendanceSource,
    IdentityCheck,
    PledgeMethod,
)
from netra.prevention.models import Activity, Attendance, Pledge, PledgeCampaign


def make_activity(w, *, agency, election=None, unit=None, days_ago=0, title="Apel netralitas"):
    return Activity.objects.create(
        kind=ActivityKind.APEL,
        title=title,
        agency=agency,
        unit=unit,
        region=agency.region,
        election=election or w["election"],
        held_on=w["today"] - dt.timedelta(days=days_ago),
    )


def attend(activity, *people):
    for person in people:
        Attendance.objects.create(activity=activity, person=person, source=AttendanceSource.IMPORT)


def make_campaign(w, *, agency, election=None, days_ago=0):
    today = w["today"]
    return PledgeCampaign.objects.create(
        title="Ikrar netralitas",
        agency=agency,
        region=agency.region,
        election=election or w["election"],
        template=w["template"],
        starts_on=today - dt.timedelta(days=days_ago),
        ends_on=today + dt.timedelta(days=60),
    )


def pledge(w, campaign, person, *, days_ago=0):
    day = w["today"] - dt.timedelta(days=days_ago)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return Pledge.objects.create(
        campaign=campaign,
        person=person,
        template=campaign.template,
        method=PledgeMethod.INDIVIDUAL,
        identity_check=IdentityCheck.BIRTH_DATE,
        pledged_at=moment,
    )


def coverage_world(w) -> dict:
    p, units = w["people"], w["units"]
    other_election = Election.objects.exclude(pk=w["election"].pk).order_by("vote_date").first()
    apel = make_activity(w, agency=w["agency"], unit=units["education"], days_ago=20)
    attend(apel, p["teacher1"], p["teacher3"], p["nurse1"], p["retired"], p["saro1"])
    elsewhere = make_activity(w, agency=w["other_agency"], days_ago=10, title="Sosialisasi")
    attend(elsewhere, p["teacher2"])
    old = make_activity(w, agency=w["agency"], election=other_election, days_ago=400)
    attend(old, p["clerk1"])
    campaign = make_campaign(w, agency=w["agency"], days_ago=15)
    pledge(w, campaign, p["teacher1"], days_ago=12)
    pledge(w, campaign, p["nurse2"], days_ago=5)
    pledge(w, campaign, p["retired"], days_ago=5)
    old_campaign = make_campaign(w, agency=w["agency"], election=other_election, days_ago=400)
    pledge(w, old_campaign, p["clerk2"], days_ago=390)
    return {
        "apel": apel,
        "elsewhere": elsewhere,
        "campaign": campaign,
        "other_election": other_election,
    }
