"""Coverage reminders to agency HR (services/reminders.py, tasks.send_coverage_reminders)."""

import datetime as dt

import pytest

from netra.audit.models import AuditEvent
from netra.prevention.models import CoverageReminder
from netra.prevention.services.reminders import coverage_reminders_send, milestone_for
from netra.prevention.tests.coverage_world import (
    attend,
    coverage_world,
    make_activity,
    make_campaign,
    pledge,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(prevention_world, make_staff):
    w = prevention_world
    w.update(coverage_world(w))
    # Sarolangun reaches everyone: both teachers attended and pledged.
    p = w["people"]
    attend(w["elsewhere"], p["saro2"])
    campaign = make_campaign(w, agency=w["other_agency"], days_ago=3)
    pledge(w, campaign, p["saro1"])
    pledge(w, campaign, p["saro2"])
    # A second Bogor HR without e-mail, an inactive one, and HR of another agency's staff.
    make_staff(role="agency_hr", agency=w["agency"], email="")
    make_staff(role="agency_hr", agency=w["agency"], is_active=False)
    w["vote"] = w["election"].vote_date
    return w


def _day(w, days_to_vote):
    return w["vote"] - dt.timedelta(days=days_to_vote)


@pytest.mark.parametrize(
    ("days", "milestone"),
    [
        (200, None),
        (121, None),
        (120, 120),
        (100, 120),
        (90, 90),
        (61, 90),
        (7, 7),
        (1, 7),
        (0, None),
        (-3, None),
    ],
)
def test_milestone_windows(days, milestone):
    assert milestone_for(days, [120, 90, 60, 30, 14, 7]) == milestone


def test_sent_at_milestone_once_to_hr_of_that_agency(world, mailoutbox):
    sent = coverage_reminders_send(today=_day(world, 90))
    assert [(s.agency_id, s.milestone_days, s.units, s.recipients) for s in sent] == [
        (world["agency"].pk, 90, 3, 1)
    ]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world["hr"].email]
    assert "Pemerintah Kabupaten Bogor" in message.subject
    body = message.body
    assert "90 hari lagi" in body and "90 days to go" in body
    assert "Dinas Pendidikan: 4 pegawai, hadir 3 (75" in body
    assert "Sekretariat Daerah" in body
    assert f"/pencegahan/cakupan/{world['agency'].public_id}/?election=pemilu-uji" in body
    for person in world["people"].values():
        assert person.name not in body
    reminder = CoverageReminder.objects.get()
    assert (reminder.agency, reminder.milestone_days, reminder.recipients) == (
        world["agency"],
        90,
        1,
    )
    assert [u["name"] for u in reminder.units_below] == [
        "Dinas Pendidikan",
        "Puskesmas Cibinong",
        "Sekretariat Daerah",
    ]
    event = AuditEvent.objects.get(action="prevention.coverage_reminder_sent")
    assert event.payload["milestone_days"] == 90 and event.actor_id is None

    # The task runs again that day, and the next: nothing more within the 90-day window.
    assert coverage_reminders_send(today=_day(world, 90)) == []
    assert coverage_reminders_send(today=_day(world, 89)) == []
    assert len(mailoutbox) == 1 and CoverageReminder.objects.count() == 1
    # The next milestone sends again.
    assert len(coverage_reminders_send(today=_day(world, 60))) == 1
    assert len(mailoutbox) == 2


def test_nothing_before_the_first_milestone_or_after_the_vote(world, mailoutbox):
    assert coverage_reminders_send(today=_day(world, 121)) == []
    assert coverage_reminders_send(today=_day(world, 0)) == []
    assert coverage_reminders_send(today=_day(world, -1)) == []
    assert mailoutbox == [] and not CoverageReminder.objects.exists()


def test_only_units_below_threshold(world, mailoutbox, settings):
    p = world["people"]
    # Everyone in the health and education units attends and pledges; the secretariat not.
    apel = make_activity(world, agency=world["agency"], days_ago=2, title="Apel kedua")
    attend(apel, p["teacher4"], p["nurse2"], p["nurse3"])
    campaign = world["campaign"]
    for key in ("teacher2", "teacher3", "teacher4", "nurse1", "nurse3"):
        pledge(world, campaign, p[key])
    settings.PREVENTION_COVERAGE_THRESHOLD = 0.8
    sent = coverage_reminders_send(today=_day(world, 30))
    assert [s.units for s in sent] == [1]
    assert [u["name"] for u in CoverageReminder.objects.get().units_below] == ["Sekretariat Daerah"]
    assert "Dinas Pendidikan" not in mailoutbox[0].body


def test_agency_above_threshold_gets_nothing(world, mailoutbox, settings):
    settings.PREVENTION_COVERAGE_THRESHOLD = 0.0
    assert coverage_reminders_send(today=_day(world, 14)) == []
    assert mailoutbox == []


def test_regional_election_reaches_only_agencies_of_its_regions(world, mailoutbox):
    from netra.elections.models import Election
    from netra.regions.models import Region

    world["election"].vote_date = world["today"] - dt.timedelta(days=1)  # general one is over
    world["election"].save()
    regional = Election.objects.create(
        slug="pilkada-jambi-uji",
        name_id="Pilkada Jambi Uji",
        kind="regional",
        vote_date=world["today"] + dt.timedelta(days=7),
    )
    regional.regions.add(Region.objects.get(code="15"))
    sent = coverage_reminders_send(today=world["today"])
    # Sarolangun's teachers have no record in this election: one unit below, to its HR only.
    assert [(s.agency_id, s.milestone_days) for s in sent] == [(world["other_agency"].pk, 7)]
    assert [m.to for m in mailoutbox] == [[world["other_hr"].email]]


def test_celery_task_runs_the_service(world, mailoutbox):
    from netra.prevention.tasks import send_coverage_reminders

    # The fixture's vote is 90 days after the real today: the 90-day milestone is due.
    assert send_coverage_reminders.delay().get() == 1
    assert len(mailoutbox) == 1


def test_beat_schedule_names_the_task(settings):
    from netra.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["prevention-send-coverage-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert settings.PREVENTION_REMINDER_DAYS == [120, 90, 60, 30, 14, 7]
