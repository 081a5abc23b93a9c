"""QR self check-in: an active person of the organising agency with the right NIP/NIK and
birth date is recorded once; anything else gets one message that reveals nothing; failures
are rate-limited per client address and per activity."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from netra.audit.models import AuditEvent
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
    result = self_check_in(token=event.check_in_token, nip_or_nik=nip, birth_date=person.birth_date)
    assert not result.already and result.attendance.person == person
    assert result.attendance.source == AttendanceSource.CHECK_IN
    again = self_check_in(
        token=event.check_in_token, nip_or_nik=person.nip, birth_date=person.birth_date
    )
    assert again.already and again.attendance == result.attendance
    assert Attendance.objects.filter(activity=event).count() == 1
    audit = AuditEvent.objects.filter(action="prevention.checked_in")
    assert audit.count() == 1 and person.name not in str(audit.get().payload)


def test_contract_staff_check_in_with_their_nik(prevention_world, event):
    person = prevention_world["people"]["teacher4"]
    result = self_check_in(
        token=event.check_in_token, nip_or_nik=person.nik, birth_date=person.birth_date
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
        self_check_in(token=event.check_in_token, nip_or_nik=nip, birth_date=birth)
    assert refused.value.code == "mismatch" and refused.value.status == 400
    with translation.override("id"):
        assert refused.value.message == MISMATCH
    with translation.override("en"):
        assert refused.value.message == (
            "The NIP/NIK and birth date do not match the civil-service records."
        )
    assert not Attendance.objects.exists()


def test_closed_check_in_and_kinds_without_attendance(prevention_world, event):
    w = prevention_world
    person = w["people"]["teacher1"]
    check_in_close(actor=w["hr"], activity=event)
    with pytest.raises(ActivityError) as refused:
        self_check_in(
            token=event.check_in_token, nip_or_nik=person.nip, birth_date=person.birth_date
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
    url = reverse("prevention:check-in", args=[event.check_in_token])
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
    assert set(client.cookies.keys()) <= {"csrftoken"}


def test_the_public_page_refuses_bad_input_unknown_tokens_and_closed_events(
    client, prevention_world, event
):
    w = prevention_world
    person = w["people"]["nurse1"]
    url = reverse("prevention:check-in", args=[event.check_in_token])
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
    url = reverse("prevention:check-in", args=[event.check_in_token])
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
    url = reverse("prevention:check-in", args=[event.check_in_token])
    right = {"nip_or_nik": person.nip, "birth_date": person.birth_date.isoformat()}
    assert client.post(url, right).status_code == 429
    assert not Attendance.objects.exists()
