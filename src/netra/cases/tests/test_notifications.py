"""Staff e-mail after case transitions and escalated deadlines (cases/notifications.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.letters import recommendation_letter_issue
from netra.cases.notifications import (
    case_link,
    deadline_reminders_send,
    deadline_started_in,
    deadlines_due_soon,
    event_parse,
    roles_to_notify,
)
from netra.cases.services import (
    case_classify,
    case_resolve_identity,
    case_transition,
    deadlines_mark_overdue,
)
from netra.cases.tasks import case_notify, remind_deadlines

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
REPORTER_VALUES = ("Siti Pelapor", "siti@example.invalid", "081234567890", "Mawar", "Budi")


def staff_mail(case) -> dict[str, mail.EmailMessage]:
    """Messages about `case` by recipient (the reporter's own e-mails are left out)."""
    found = {}
    for message in mail.outbox:
        if case.number in message.subject:
            (address,) = message.to
            found[address] = message
    return found


def move(w, case, actor, target, **facts):
    return case_transition(actor=w[actor], case=case, target=target, facts=facts or None)


def to_recommendation_to_authority(w, case):
    case = move(w, case, "bawaslu", S.FORMAL_CHECK)
    case = move(w, case, "bawaslu", S.REGISTERED, formal_complete=True)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    case = move(w, case, "bawaslu", S.STUDY)
    case = move(w, case, "bawaslu", S.RECOMMENDED, study_findings="Alat peraga di sekolah.")
    recommendation_letter_issue(actor=w["bawaslu"], case=case)
    return move(w, case, "bawaslu", S.RECOMMENDATION_TO_AUTHORITY)


def to_study(w, case):
    case = move(w, case, "bawaslu", S.FORMAL_CHECK)
    case = move(w, case, "bawaslu", S.REGISTERED, formal_complete=True)
    return move(w, case, "bawaslu", S.STUDY)


@pytest.fixture
def other_agency_ppk(make_staff):
    from netra.registry.tests.factories import AgencyFactory

    other = AgencyFactory(code="OTHER01", ppk_title="Bupati Lain")
    return make_staff(role="ppk_officer", region=None, agency=other)


@freeze_time(START)
def test_case_reaching_the_ppk_mails_the_agencys_ppk_side_and_the_task_force(
    case_world, make_staff, other_agency_ppk, django_capture_on_commit_callbacks
):
    # Given a case with the recommending authority, and staff in and out of scope
    w = case_world
    hr = make_staff(role="agency_hr", region=None, agency=w["agency"])
    case = to_recommendation_to_authority(w, w["open"]())
    mail.outbox.clear()

    # When the task force forwards the recommendation to the PPK
    with django_capture_on_commit_callbacks(execute=True):
        case = move(w, case, "task_force", S.RECOMMENDATION_TO_PPK)

    # Then the PPK officer and agency HR of the person's agency, and the task force, are told
    sent = staff_mail(case)
    assert set(sent) == {w["ppk"].email, hr.email, w["task_force"].email}
    # but not the PPK of another agency, nor Bawaslu (no next move is theirs), nor the auditor
    for user in (other_agency_ppk, w["bawaslu"], w["auditor"], w["outsider"]):
        assert user.email not in sent
    message = sent[w["ppk"].email]
    assert message.subject == f"[Netra] Kasus {case.number}: Rekomendasi sanksi ke PPK"
    body = message.body
    # Indonesian first, then the English text
    assert body.index("kini berstatus: Rekomendasi sanksi ke PPK") < body.index("----- English")
    assert "is now in state: Sanction recommendation to the PPK" in body
    assert "Staf PPK" in body and "Staffing authority (PPK) staff" in body
    assert "- Sanksi dijatuhkan" in body and "- Sanctioned" in body
    assert f"/kasus/{case.public_id}/" in body
    # and nothing of the reporter, the person or the evidence
    for value in (*REPORTER_VALUES, w["person"].name, w["person"].nip):
        assert value not in body and value not in message.subject


@freeze_time(START)
def test_bawaslu_step_mails_only_bawaslu_in_scope_and_skips_users_without_email(
    case_world, make_staff, django_capture_on_commit_callbacks
):
    # Given a second Bawaslu officer of the province without an e-mail address
    w = case_world
    no_mail = make_staff(role="bawaslu_officer", region="32", email="")
    case = w["open"]()
    mail.outbox.clear()

    # When the case goes to the formal check
    with django_capture_on_commit_callbacks(execute=True):
        case = move(w, case, "bawaslu", S.FORMAL_CHECK)

    # Then only the in-scope Bawaslu officer with an address gets mail: not the officer of
    # another province, not the PPK (the agency does not see Bawaslu's study), not the
    # reporter (whose e-mail is intake's)
    assert set(staff_mail(case)) == {w["bawaslu"].email}
    assert no_mail.email == ""
    body = staff_mail(case)[w["bawaslu"].email].body
    assert "Tidak ada batas waktu yang sedang berjalan." in body
    assert "No deadline is running." in body


@freeze_time(START)
def test_due_date_and_absolute_link(case_world, settings, django_capture_on_commit_callbacks):
    settings.NETRA_PUBLIC_BASE_URL = "https://netra.example.id/"
    w = case_world
    case = move(w, w["open"](), "bawaslu", S.FORMAL_CHECK)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        case = move(w, case, "bawaslu", S.REGISTERED, formal_complete=True)

    body = staff_mail(case)[w["bawaslu"].email].body
    # the nearest open deadline (in a pilkada: 2 calendar days to ask the reporter for more
    # information, before the 3-day follow-up), the Indonesian way, then in English
    due = dict(case.deadlines.values_list("code", "due_date"))
    assert due["bawaslu_follow_up_extended"] == dt.date(2024, 10, 3) < due["bawaslu_follow_up"]
    assert "jatuh tempo 3 Oktober 2024" in body
    assert "due 3 October 2024" in body
    assert f"https://netra.example.id/kasus/{case.public_id}/" in body
    assert case_link(case) == f"https://netra.example.id/kasus/{case.public_id}/"


def test_escalated_ppk_deadline_mails_the_next_level(
    case_world, make_staff, other_agency_ppk, django_capture_on_commit_callbacks
):
    from netra.rules.services import rules_setting_set

    # Given a case at the PPK with a 5 working day follow-up deadline
    w = case_world
    hr = make_staff(role="agency_hr", region=None, agency=w["agency"])
    with freeze_time(START):
        rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="5")
        move(
            w, to_recommendation_to_authority(w, w["open"]()), "task_force", S.RECOMMENDATION_TO_PPK
        )
    mail.outbox.clear()

    # When the sweep finds it overdue
    with freeze_time("2024-10-09 01:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert deadlines_mark_overdue() == 1

    # Then the escalation reaches the deadline's owners, the agency's PPK side (not another
    # agency), and the next level, the task force
    overdue = {m.to[0]: m for m in mail.outbox if "batas waktu terlewati" in m.subject}
    assert set(overdue) == {w["task_force"].email, w["ppk"].email, hr.email}
    body = overdue[w["ppk"].email].body
    assert "jatuh tempo 8 Oktober 2024" in body and "due 8 October 2024" in body
    assert "Langkah berikutnya menjadi tugas peran Anda." in body
    assert "The next step is for your role." in body
    # and the automatic move to "not followed up" tells those who can act next
    moved = [m for m in mail.outbox if m.subject.endswith("PPK tidak menindaklanjuti")]
    assert {m.to[0] for m in moved} == {w["task_force"].email, w["ppk"].email, hr.email}
    assert other_agency_ppk.email not in {m.to[0] for m in mail.outbox}


def test_escalated_bawaslu_deadline_goes_to_its_officers_and_the_task_force(
    case_world, make_staff, django_capture_on_commit_callbacks
):
    # Given a case waiting for the reporter's correction, and a Bawaslu officer of another
    # regency of the province (Kota Bandung does not cover Bogor)
    w = case_world
    bandung = make_staff(role="bawaslu_officer", region="32.73")
    with freeze_time(START):
        case = move(w, w["open"](), "bawaslu", S.FORMAL_CHECK)
        case = move(w, case, "bawaslu", S.NEEDS_CORRECTION, missing_requirements=["witnesses"])
    mail.outbox.clear()

    with freeze_time("2024-10-05 03:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert deadlines_mark_overdue() == 1

    # Then the owner (the Bawaslu officer covering Bogor) and the next level (the task force)
    # are told; not the officer of another regency or province, nor the PPK or the auditor
    sent = {m.to[0]: m for m in mail.outbox if "batas waktu terlewati" in m.subject}
    assert set(sent) == {w["bawaslu"].email, w["task_force"].email}
    for user in (bandung, w["outsider"], w["ppk"], w["auditor"]):
        assert user.email not in sent
    assert "Langkah berikutnya menjadi tugas peran Anda." in sent[w["bawaslu"].email].body
    assert "diteruskan kepada Anda" in sent[w["task_force"].email].body


def test_escalated_study_deadline_goes_to_the_regions_bawaslu_officers(
    case_world, make_staff, django_capture_on_commit_callbacks
):
    w = case_world
    bandung = make_staff(role="bawaslu_officer", region="32.73")
    with freeze_time(START):
        case = to_study(w, w["open"]())
    mail.outbox.clear()

    with freeze_time("2024-10-08 03:00:00"), django_capture_on_commit_callbacks(execute=True):
        deadlines_mark_overdue()

    study = [m for m in mail.outbox if case.number in m.subject and "terlewati" in m.subject]
    study = [m for m in study if "Kajian, verifikasi" in m.body]
    assert {m.to[0] for m in study} == {w["bawaslu"].email, w["task_force"].email}
    assert bandung.email not in {m.to[0] for m in mail.outbox}
    assert w["ppk"].email not in {m.to[0] for m in mail.outbox}


@freeze_time(START)
def test_terminal_state_unknown_event_or_case_send_nothing(case_world):
    w = case_world
    case = move(w, w["open"](), "bawaslu", S.FORMAL_CHECK)
    mail.outbox.clear()

    assert case_notify.delay(str(case.public_id), "state:not_registered").get() == 0
    assert case_notify.delay(str(case.public_id), "state:nonsense").get() == 0
    assert case_notify.delay(str(case.public_id), "whatever").get() == 0
    assert case_notify.delay("00000000-0000-0000-0000-000000000000", "state:study").get() == 0
    assert mail.outbox == []
    # while a valid one is delivered
    assert case_notify.delay(str(case.public_id), "state:formal_check").get() == 1
    assert len(mail.outbox) == 1


def test_event_roles():
    assert event_parse("state:recommendation_to_ppk").value == "recommendation_to_ppk"
    assert event_parse("overdue:nope") is None
    assert roles_to_notify(event_parse("state:recommendation_to_ppk")) == {
        "ppk_officer",
        "agency_hr",
        "satgas_analyst",
    }
    assert roles_to_notify(event_parse("state:not_a_violation")) == frozenset()
    assert event_parse("reminder:study").kind == "reminder"
    assert event_parse("reminder:nope") is None
    # overdue: the owners (from the state that started the deadline) and the next level
    assert roles_to_notify(event_parse("overdue:correction")) == {
        "bawaslu_officer",
        "satgas_analyst",
    }
    assert roles_to_notify(event_parse("overdue:decision_effective")) == frozenset()
    assert roles_to_notify(event_parse("overdue:ppk_follow_up")) == {
        "satgas_analyst",
        "ppk_officer",
        "agency_hr",
    }
    # a reminder: the owners only
    assert roles_to_notify(event_parse("reminder:study")) == {"bawaslu_officer"}
    assert roles_to_notify(event_parse("reminder:objection_decision")) == {"ppk_officer"}
    assert roles_to_notify(event_parse("reminder:task_force_verification")) == {
        "bawaslu_officer",
        "satgas_analyst",
    }
    assert roles_to_notify(event_parse("reminder:decision_effective")) == frozenset()


def test_deadline_owners_come_from_the_workflow():
    from netra.cases import workflow
    from netra.cases.notifications import owners_of

    # the moves out of the state whose entry started the deadline, without the scheduler's
    for code in set(workflow.DeadlineCode.values()) - workflow.MILESTONE_DEADLINES:
        for state in deadline_started_in(code):
            expected = {
                role
                for t in workflow.transitions_from(state)
                if workflow.SYSTEM not in t.roles
                for role in t.roles
            }
            assert owners_of(code, state) == expected - {workflow.SYSTEM}
    # the PPK follow-up: the PPK side (and the task force, who may close when the person
    # left service); not the task force's "PPK did not follow up", which is the lapse itself
    assert owners_of("ppk_follow_up") == {"ppk_officer", "agency_hr", "satgas_analyst"}
    assert owners_of("study") == {"bawaslu_officer"}
    assert owners_of("objection_decision") == {"ppk_officer"}
    assert owners_of("ppk_follow_up", "recommendation_to_ppk") == owners_of("ppk_follow_up")


# --- Reminders before a deadline falls due ---------------------------------------------------


def reminders(case, label="Kajian, verifikasi") -> list:
    return [
        m
        for m in mail.outbox
        if case.number in m.subject and "pengingat batas waktu" in m.subject and label in m.body
    ]


def test_reminder_goes_once_to_the_owners_in_scope(
    case_world, make_staff, settings, django_capture_on_commit_callbacks
):
    # Given a case in study (3 working days from Tuesday 1 Oct: due Friday 4 Oct), reminders
    # two working days ahead, and Bawaslu officers of another regency and another province
    settings.NETRA_DEADLINE_REMINDER_DAYS = 2
    w = case_world
    bandung = make_staff(role="bawaslu_officer", region="32.73")
    with freeze_time(START):
        case = to_study(w, w["open"]())
        study = case.deadlines.get(code="study")
        assert study.due_date == dt.date(2024, 10, 4)
        mail.outbox.clear()
        # three working days ahead: not yet
        with django_capture_on_commit_callbacks(execute=True):
            deadline_reminders_send()
        assert reminders(case) == []

    # When the daily task runs on Wednesday (two working days left), and again the next day
    with freeze_time("2024-10-02 00:00:00"), django_capture_on_commit_callbacks(execute=True):
        remind_deadlines.delay().get()
    with freeze_time("2024-10-03 00:00:00"), django_capture_on_commit_callbacks(execute=True):
        remind_deadlines.delay().get()

    # Then the officer covering Bogor is reminded once; not the officers of other regions, not
    # the task force (the study is Bawaslu's), not the PPK or the auditor
    sent = reminders(case)
    assert [m.to for m in sent] == [[w["bawaslu"].email]]
    for user in (bandung, w["outsider"], w["task_force"], w["ppk"], w["auditor"]):
        assert user.email not in {m.to[0] for m in sent}
    # (the Bawaslu follow-up started at registration is also owned by the task force, who may
    # send a registered case to verification: its reminder reaches them, and no one else)
    follow_up = {m.to[0] for m in reminders(case, "")} - {m.to[0] for m in sent}
    assert follow_up <= {w["task_force"].email}
    study.refresh_from_db()
    assert study.reminded_at is not None
    body = sent[0].body
    assert "Pengingat: batas waktu pada kasus" in body
    assert "jatuh tempo 4 Oktober 2024 (2 hari kerja lagi)" in body
    assert "due 4 October 2024 (2 working days left)" in body
    assert "[Netra] Kasus" in sent[0].subject


def test_no_reminder_when_off_late_met_or_a_milestone(
    case_world, settings, django_capture_on_commit_callbacks
):
    w = case_world
    with freeze_time(START):
        case = to_study(w, w["open"]())
    mail.outbox.clear()
    # off
    settings.NETRA_DEADLINE_REMINDER_DAYS = 0
    with freeze_time("2024-10-03 00:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders_send() == 0
    settings.NETRA_DEADLINE_REMINDER_DAYS = 2
    # already late: the escalation's business, not a reminder
    with freeze_time("2024-10-08 00:00:00"):
        assert case.deadlines.get(code="study") not in deadlines_due_soon()
    # the step is taken before the message goes out: nothing is sent
    with freeze_time("2024-10-02 00:00:00"):
        assert case_notify.delay(str(case.public_id), "reminder:study").get() == 1
        case.deadlines.filter(code="study").update(met_at=timezone.now())
        assert case_notify.delay(str(case.public_id), "reminder:study").get() == 0
        assert case_notify.delay(str(case.public_id), "reminder:decision_effective").get() == 0


class FlakyBackend:
    """A mail backend whose relay refuses one address (for the test below)."""

    refused = "refused@example.invalid"

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise OSError("relay refused")
        return self.inner.send_messages(messages)


@freeze_time(START)
def test_one_failed_delivery_does_not_stop_the_others(case_world, make_staff, settings):
    w = case_world
    make_staff(role="bawaslu_officer", region="32.01", email=FlakyBackend.refused)
    case = move(w, w["open"](), "bawaslu", S.FORMAL_CHECK)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"

    sent = case_notify.delay(str(case.public_id), "state:formal_check").get()

    assert sent == 1
    assert [m.to for m in mail.outbox] == [[w["bawaslu"].email]]
