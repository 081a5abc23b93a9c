"""QR self check-in: an active person of the organising agency with the right NIP/NIK and
birth date is recorded once; anything else gets one message that reveals nothing; failures
are rate-limited per client address and per activity."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from netra.audit.models import AuditEvent
from netra.prevention.check_in_codes import code_for
from netra.prevention.choices import ActivityKind, AttendanceSource
from netra.prevention.models import Attendance
from netra.prevention.services.activities import (
    ActivityError,
    activity_create,
    check_in_close,
    check_in_open,
    self_check_in,
)

pytestmark = pytest.mark.django_db
MISMATCH = "NIP/NIK dan tanggal lahir tidak cocok dengan data kepegawaian."


def _code(activity, now=None) -> str:
    return code_for(activity.check_in_token, now or timezone.now())


def _url(activity, now=None) -> str:
    path = reverse("prevention:check-in", args=[activity.check_in_token])
    return f"{path}?kode={_code(activity, now)}"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def event(prevention_world):
    w = prevention_world
    activity = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi netralitas",
        election=w["election"],
        held_on=w["today"],
    )
    return check_in_open(actor=w["hr"], activity=activity)


def test_the_right_nip_and_birth_date_check_in_once(prevention_world, event):
    person = prevention_world["people"]["teacher1"]
    nip = f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}"
    result = self_check_in(
        token=event.check_in_token, code=_code(event), nip_or_nik=nip, birth_date=person.birth_date
    )
    assert not result.already and result.attendance.person == person
    assert result.attendance.source == AttendanceSource.CHECK_IN
    again = self_check_in(
        token=event.check_in_token,
        code=_code(event),
        nip_or_nik=person.nip,
        birth_date=person.birth_date,
    )
    assert again.already and again.attendance == result.attendance
    assert Attendance.objects.filter(activity=event).count() == 1
    audit = AuditEvent.objects.filter(action="prevention.checked_in")
    assert audit.count() == 1 and person.name not in str(audit.get().payload)


def test_contract_staff_check_in_with_their_nik(prevention_world, event):
    person = prevention_world["people"]["teacher4"]
    result = self_check_in(
        token=event.check_in_token,
        code=_code(event),
        nip_or_nik=person.nik,
        birth_date=person.birth_date,
    )
    assert result.attendance.person == person


@pytest.mark.parametrize(
    ("key", "change"),
    [
        ("teacher1", "birth"),  # wrong birth date
        ("teacher1", "nip"),  # unknown NIP
        ("retired", None),  # a retired person is not active
        ("saro1", None),  # staff of another agency
    ],
)
def test_a_wrong_combination_gets_one_generic_message(prevention_world, event, key, change):
    person = prevention_world["people"][key]
    nip, birth = person.nip, person.birth_date
    if change == "birth":
        birth = birth + dt.timedelta(days=1)
    if change == "nip":
        nip = nip[:-3] + ("999" if nip[-3:] != "999" else "998")
    with pytest.raises(ActivityError) as refused:
        self_check_in(
            token=event.check_in_token, code=_code(event), nip_or_nik=nip, birth_date=birth
        )
    assert refused.value.code == "mismatch" and refused.value.status == 400
    agency = prevention_world["agency"].name
    with translation.override("id"):
        # The same words whatever was wrong, and whom to ask when the records are wrong
        assert refused.value.message.startswith(MISMATCH)
        assert f"hubungi bagian kepegawaian {agency}" in refused.value.message
    with translation.override("en"):
        assert refused.value.message.startswith(
            "The NIP/NIK and birth date do not match the civil-service records."
        )
        assert f"contact the personnel office of {agency}" in refused.value.message
    assert not Attendance.objects.exists()


def test_closed_check_in_and_kinds_without_attendance(prevention_world, event):
    w = prevention_world
    person = w["people"]["teacher1"]
    check_in_close(actor=w["hr"], activity=event)
    with pytest.raises(ActivityError) as refused:
        self_check_in(
            token=event.check_in_token,
            code=_code(event),
            nip_or_nik=person.nip,
            birth_date=person.birth_date,
        )
    assert refused.value.code == "closed"
    letter = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.CIRCULAR_LETTER,
        title="Surat edaran netralitas",
        election=w["election"],
        held_on=w["today"],
    )
    with pytest.raises(ActivityError) as refused:
        check_in_open(actor=w["hr"], activity=letter)
    assert refused.value.code == "no_attendance"
    with pytest.raises(ActivityError) as refused:
        check_in_open(actor=w["bawaslu"], activity=event)
    assert refused.value.code == "forbidden"


def test_the_public_page_needs_no_account(client, prevention_world, event):
    person = prevention_world["people"]["nurse1"]
    url = _url(event)
    page = client.get(url)
    assert page.status_code == 200 and event.title in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert 'type="date"' in page.content.decode()
    response = client.post(
        url, {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    )
    assert response.status_code == 200
    assert person.name in response.content.decode()
    again = client.post(
        url, {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    )
    assert "sudah tercatat hadir" in again.content.decode()
    assert Attendance.objects.filter(activity=event).count() == 1
    assert not client.cookies  # no CSRF cookie either: the form is Origin-checked


def test_the_public_page_refuses_bad_input_unknown_tokens_and_closed_events(
    client, prevention_world, event
):
    w = prevention_world
    person = w["people"]["nurse1"]
    url = _url(event)
    assert client.get(reverse("prevention:check-in", args=["tidak-ada"])).status_code == 404
    wrong = client.post(url, {"nip_or_nik": person.nip, "birth_date": "1900-01-01"})
    assert wrong.status_code == 400 and MISMATCH in wrong.content.decode()
    assert client.post(url, {"nip_or_nik": "", "birth_date": "kemarin"}).status_code == 400
    check_in_close(actor=w["hr"], activity=event)
    assert "sedang ditutup" in client.get(url).content.decode()
    closed = client.post(
        url, {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    )
    assert closed.status_code == 409 and not Attendance.objects.exists()


def test_failed_attempts_are_rate_limited_per_address_and_per_activity(
    client, prevention_world, event, settings
):
    settings.PREVENTION_IDENTIFY_FAILURES_PER_IP = "3/h"
    settings.PREVENTION_CHECK_IN_FAILURES_PER_ACTIVITY = "5/h"
    person = prevention_world["people"]["nurse1"]
    url = _url(event)
    right = {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    for day in range(1, 4):
        wrong = {"nip_or_nik": person.nip, "birth_date": f"1980-01-{day:02d}"}
        assert client.post(url, wrong, REMOTE_ADDR="10.0.0.1").status_code == 400
    # Even the right answer is refused from that address now: nothing is looked up.
    assert client.post(url, right, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert not Attendance.objects.exists()
    # Other addresses go on until the activity's own limit is reached.
    for day in range(1, 3):
        wrong = {"nip_or_nik": person.nip, "birth_date": f"1981-01-{day:02d}"}
        assert client.post(url, wrong, REMOTE_ADDR="10.0.0.2").status_code == 400
    assert client.post(url, right, REMOTE_ADDR="10.0.0.3").status_code == 429
    # Successful check-ins never count.
    cache.clear()
    for _ in range(4):
        assert client.post(url, right, REMOTE_ADDR="10.0.0.4").status_code == 200


def test_pledge_and_check_in_failures_share_one_counter_per_address(
    client, prevention_world, event, settings
):
    # Both pages ask for the same secret pair: guessing on one uses up the other's tries too
    settings.PREVENTION_IDENTIFY_FAILURES_PER_IP = "2/h"
    person = prevention_world["people"]["nurse1"]
    for day in (1, 2):
        wrong = {"number": person.nip, "birth_date": f"1980-02-{day:02d}"}
        assert client.post(reverse("prevention:pledge-start"), wrong).status_code == 400
    url = _url(event)
    right = {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    assert client.post(url, right).status_code == 429
    assert not Attendance.objects.exists()


# --- the activity's day and the rotating QR (issue 13 §3) ------------------------------------


def _wib(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Jakarta"))


def test_check_in_is_refused_before_and_after_the_activitys_day(prevention_world, event, settings):
    settings.PREVENTION_CHECK_IN_MARGIN_MINUTES = 60
    person, day = prevention_world["people"]["nurse1"], event.held_on
    asked = {"nip_or_nik": person.nip, "birth_date": person.birth_date}
    for now, code in (
        (_wib(day, 0) - dt.timedelta(minutes=61), "too_early"),
        (_wib(day, 0) + dt.timedelta(days=1, minutes=60), "too_late"),
    ):
        with pytest.raises(ActivityError) as refused:
            self_check_in(token=event.check_in_token, code=_code(event, now), now=now, **asked)
        assert refused.value.code == code and refused.value.status == 409
    with translation.override("id"):
        assert "hubungi panitia" in refused.value.message
        assert f"berlangsung {day.day} " in refused.value.message  # "1 Desember 2026"
        assert str(day.year) in refused.value.message
    # Within the margin on either side it is accepted.
    for now in (_wib(day, 0) - dt.timedelta(minutes=59), _wib(day, 23, 59)):
        self_check_in(token=event.check_in_token, code=_code(event, now), now=now, **asked)
    assert Attendance.objects.filter(activity=event).count() == 1


def test_a_photo_of_the_qr_stops_working_after_the_grace(prevention_world, event, settings):
    settings.PREVENTION_CHECK_IN_QR_ROTATE_SECONDS = 180
    settings.PREVENTION_CHECK_IN_QR_GRACE_SECONDS = 120
    person = prevention_world["people"]["nurse1"]
    asked = {"nip_or_nik": person.nip, "birth_date": person.birth_date}
    shown = _wib(event.held_on, 9)
    shown -= dt.timedelta(seconds=shown.timestamp() % 180)  # the start of a period
    code = _code(event, shown)
    assert code != _code(event, shown + dt.timedelta(seconds=180))  # it rotates
    # Scanned just before the change and sent within the grace: accepted.
    late_but_fine = shown + dt.timedelta(seconds=180 + 119)
    result = self_check_in(token=event.check_in_token, code=code, now=late_but_fine, **asked)
    assert not result.already
    expired = shown + dt.timedelta(seconds=180 + 120)
    with pytest.raises(ActivityError) as refused:
        self_check_in(token=event.check_in_token, code=code, now=expired, **asked)
    assert refused.value.code == "qr_expired" and refused.value.status == 410
    with translation.override("en"):
        assert "scan the qr code" in refused.value.message.lower()
    # A forged, future, other activity's or missing code is not one of ours.
    other = activity_create(
        actor=prevention_world["hr"],
        agency=prevention_world["agency"],
        kind=ActivityKind.SOCIALIZATION,
        title="Lain",
        election=prevention_world["election"],
        held_on=event.held_on,
    )
    for bad in (
        "",
        "123",
        f"{code}0",
        _code(other, shown),
        _code(event, shown + dt.timedelta(hours=1)),
    ):
        with pytest.raises(ActivityError) as refused:
            self_check_in(token=event.check_in_token, code=bad, now=shown, **asked)
        assert refused.value.code == "qr_missing" and refused.value.status == 400


def test_the_public_page_says_what_to_do_with_an_old_link(client, prevention_world, event):
    path = reverse("prevention:check-in", args=[event.check_in_token])
    old = client.get(f"{path}?kode={_code(event, timezone.now() - dt.timedelta(hours=1))}")
    body = old.content.decode()
    assert (
        old.status_code == 410
        and "Pindai ulang kode QR" in body
        and 'name="nip_or_nik"' not in body
    )
    bare = client.get(path)
    assert bare.status_code == 400 and "layar panitia" in bare.content.decode()
    person = prevention_world["people"]["nurse1"]
    posted = client.post(
        path, {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    )
    assert posted.status_code == 400 and not Attendance.objects.exists()
    assert not client.cookies


def test_a_cross_site_post_is_refused(client, prevention_world, event):
    person = prevention_world["people"]["nurse1"]
    answer = client.post(
        _url(event),
        {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()},
        HTTP_ORIGIN="https://elsewhere.example",
    )
    assert answer.status_code == 403 and not Attendance.objects.exists()


def test_the_organiser_qr_page_refreshes_with_a_current_code(prevention_world, event, staff_client):
    client = staff_client(prevention_world["hr"])
    page = client.get(reverse("prevention:activity-qr", args=[event.public_id]))
    body = page.content.decode()
    assert page.status_code == 200 and '<meta http-equiv="refresh"' in body
    assert f"/hadir/{event.check_in_token}/?kode={_code(event)}" in body
    assert "<script" not in body.split("</main>")[0]
    public = client.get(_url(event))
    assert public.status_code == 200 and 'name="nip_or_nik"' in public.content.decode()
