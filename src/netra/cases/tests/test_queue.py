"""The queue: "needs my action" (a move out of the case's state is one of the user's roles on
the case, per `workflow.TRANSITIONS`) apart from "waiting on others", for each role; search by
number, name or NIP; the page's columns; a fixed number of queries."""

import datetime as dt
import importlib
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases import selectors, workflow
from netra.cases.choices import CaseState
from netra.cases.selectors import NEEDS_ACTION, WAITING, case_queue_section
from netra.cases.services import case_classify, case_resolve_identity, case_transition
from netra.cases.tests.fixtures import (
    to_recommendation_to_authority,
    to_recommendation_to_ppk,
    to_registered,
)

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB


def to_study(w, case):
    case = to_registered(w, case)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    return case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)


def to_authority(w, case):
    case = to_study(w, case)
    case = case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
    )
    return to_recommendation_to_authority(w, case)


@pytest.fixture
def queue_world(case_world, make_staff):
    """One case in each of: received, study, with the recommending authority, at the PPK,
    closed; plus agency HR of the person's agency."""
    w = case_world
    with freeze_time(START):
        received = w["open"](reported_name="Rina Marlina")
        study = to_study(w, w["open"]())
        authority = to_authority(w, w["open"]())
        at_ppk = to_recommendation_to_ppk(w, w["open"]())
        closed = case_transition(
            actor=w["bawaslu"],
            case=case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK),
            target=S.NOT_REGISTERED,
            facts={"reason": "Bukan ASN"},
        )
    return {
        **w,
        "hr": make_staff(role="agency_hr", region=None, agency=w["agency"]),
        "received": received,
        "study": study,
        "authority": authority,
        "at_ppk": at_ppk,
        "closed": closed,
    }


def section(user, name, **filters) -> set[str]:
    with freeze_time(START):
        return set(case_queue_section(user, name, **filters).values_list("number", flat=True))


def numbers(w, *names) -> set[str]:
    return {w[name].number for name in names}


@pytest.mark.parametrize(
    ("who", "mine", "waiting"),
    [
        # Bawaslu moves the case until it goes to the recommending authority
        ("bawaslu", ("received", "study"), ("authority", "at_ppk")),
        # The task force forwards the recommendation, and may close a case at the PPK (the
        # person left service) or declare the PPK did not follow up
        ("task_force", ("authority", "at_ppk"), ("received", "study")),
        # The PPK side sees the case only once it reached the PPK, and acts on it then
        ("ppk", ("at_ppk",), ()),
        ("hr", ("at_ppk",), ()),
        # The auditor reads, never moves
        ("auditor", (), ("received", "study", "authority", "at_ppk")),
        ("outsider", (), ()),
    ],
)
def test_sections_per_role(queue_world, who, mine, waiting):
    w = queue_world
    assert section(w[who], NEEDS_ACTION) == numbers(w, *mine)
    assert section(w[who], WAITING) == numbers(w, *waiting)


def test_sections_follow_the_workflow_not_a_list(queue_world):
    """Every case in "needs my action" has a move out of its state for one of the user's
    roles on it, and no case in "waiting" has one (`case_roles_for`, `TRANSITIONS`)."""
    w = queue_world
    for who in ("bawaslu", "task_force", "ppk", "hr", "auditor"):
        user = w[who]
        with freeze_time(START):
            for name, expected in ((NEEDS_ACTION, True), (WAITING, False)):
                for case in case_queue_section(user, name):
                    roles = selectors.case_roles_for(user, case)
                    movable = any(workflow.allowed_transitions(case.state, r) for r in roles)
                    assert movable is expected, (who, case.state)
                    assert case.needs_action is expected


def test_mixed_grants_are_judged_per_case(queue_world, make_staff):
    """A user who is an auditor of Jawa Barat and the PPK of the person's agency must act on
    the case at the PPK only; the rest of the province waits on others."""
    w = queue_world
    both = make_staff(role="auditor", region="32")
    from netra.accounts.models import Membership

    Membership.objects.create(user=both, role="ppk_officer", agency=w["agency"])
    assert section(both, NEEDS_ACTION) == numbers(w, "at_ppk")
    assert section(both, WAITING) == numbers(w, "received", "study", "authority")


def test_search_by_number_name_or_nip(queue_world):
    w = queue_world
    bawaslu = w["bawaslu"]
    # a case number, any part, any case
    assert section(bawaslu, NEEDS_ACTION, search=w["study"].number.lower()) == numbers(w, "study")
    # the name the reporter wrote, case ignored
    assert section(bawaslu, NEEDS_ACTION, search="rina MARLINA") == numbers(w, "received")
    # the resolved person's name (with titles) or its plain form
    assert section(bawaslu, NEEDS_ACTION, search="fauzi, s.pd") == numbers(w, "study")
    # the resolved person's NIP (18 digits, spaces ignored) in both sections
    nip = w["person"].nip
    assert section(bawaslu, NEEDS_ACTION, search=nip) == numbers(w, "study")
    assert section(bawaslu, WAITING, search=nip) == numbers(w, "authority", "at_ppk")
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert section(bawaslu, WAITING, search=spaced) == numbers(w, "authority", "at_ppk")
    # a NIP nobody has, and nonsense, find nothing
    assert section(bawaslu, WAITING, search="1" * 18) == set()
    assert section(bawaslu, NEEDS_ACTION, search="tidak ada") == set()


def test_auditor_cannot_search_who_is_reported(queue_world):
    """Auditors get the rows without the reported person (data minimisation): a name or NIP
    finds nothing for them, a case number still does."""
    w = queue_world
    auditor = w["auditor"]
    assert section(auditor, WAITING, search="Rina Marlina") == set()
    assert section(auditor, WAITING, search=w["person"].nip) == set()
    assert section(auditor, WAITING, search=w["study"].number) == numbers(w, "study")


def test_filters_and_overdue_first(queue_world):
    w = queue_world
    bawaslu = w["bawaslu"]
    assert section(bawaslu, NEEDS_ACTION, state=S.STUDY) == numbers(w, "study")
    assert section(bawaslu, NEEDS_ACTION, election="pemilu-1955") == set()
    with freeze_time("2024-10-20 03:00:00"):
        rows = list(case_queue_section(bawaslu, NEEDS_ACTION))
        late = set(case_queue_section(bawaslu, NEEDS_ACTION, overdue=True))
    # The case in study is late (the pilkada follow-up); it leads, the received case (no
    # deadline) comes last.
    assert [c.number for c in rows] == [w["study"].number, w["received"].number]
    assert rows[0].is_overdue and not rows[1].is_overdue
    assert {c.number for c in late} == numbers(w, "study")


def test_unknown_section_is_an_error(queue_world):
    with pytest.raises(ValueError):
        case_queue_section(queue_world["bawaslu"], "everything")


# --- The page ------------------------------------------------------------------------------------


def page(client, path="/kasus/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def split_sections(html: str) -> tuple[str, str]:
    mine = html.index('id="needs-action-heading"')
    waiting = html.index('id="waiting-heading"')
    return html[mine:waiting], html[waiting:]


@freeze_time("2024-10-07 03:00:00")
def test_page_shows_both_sections_with_the_columns(queue_world, staff_client):
    w = queue_world
    for path in ("/kasus/", "/kerja/"):
        html = page(staff_client(w["bawaslu"]), path)
        mine, waiting = split_sections(html)
        assert "Perlu tindakan saya" in mine and "Menunggu pihak lain" in waiting
        assert w["study"].number in mine and w["received"].number in mine
        assert w["at_ppk"].number in waiting and w["study"].number not in waiting
        assert w["closed"].number not in html
        # the resolved person (registry name), else the name the reporter wrote
        assert "Ahmad Fauzi, S.Pd." in mine and "Rina Marlina" in mine
        # the agency and the act in plain words, the state's label
        assert w["agency"].name in mine
        assert "Memasang atau memajang alat peraga" in mine or "alat peraga" in mine.lower()
        visible = re.sub(r"<[^>]*>", " ", html)  # the text, not attribute values
        assert "banners-and-props" not in visible and "pilkada-2024" not in visible
        assert "Kajian" in mine
        # the next deadline with its countdown, late first
        assert "terlambat" in mine


@freeze_time(START)
def test_page_hides_the_reported_person_from_the_auditor(queue_world, staff_client):
    w = queue_world
    html = page(staff_client(w["auditor"]))
    mine, waiting = split_sections(html)
    assert "Tidak ada kasus yang menunggu tindakan Anda." in mine
    assert w["study"].number in waiting
    assert "Ahmad Fauzi" not in html and "Rina Marlina" not in html
    assert w["agency"].name in waiting  # the agency is not personal data


@freeze_time(START)
def test_page_for_the_ppk_and_english(queue_world, staff_client):
    w = queue_world
    client = staff_client(w["ppk"])
    html = page(client)
    mine, waiting = split_sections(html)
    assert w["at_ppk"].number in mine and "Rekomendasi sanksi ke PPK" in mine
    assert "Tidak ada kasus yang menunggu pihak lain." in waiting
    for other in ("received", "study", "authority"):
        assert w[other].number not in html
    client.cookies["netra_language"] = "en"
    english = page(client)
    assert "Needs my action" in english and "Waiting on others" in english


@freeze_time(START)
def test_page_search_box(queue_world, staff_client):
    w = queue_world
    client = staff_client(w["bawaslu"])
    html = page(client, q=w["person"].nip)
    mine, waiting = split_sections(html)
    assert w["study"].number in mine and w["received"].number not in mine
    assert w["at_ppk"].number in waiting
    assert f'value="{w["person"].nip}"' in html
    # bad values are ignored, never a 500
    assert page(client, q="x" * 500, state="teleported", page="x", waiting_page="-1")


def test_page_reads_in_a_fixed_number_of_queries(
    queue_world, make_report, staff_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = queue_world
    client = staff_client(w["task_force"])
    with freeze_time(START):
        with CaptureQueriesContext(connection) as few:
            page(client)
        for region in ("32.73", "32.04", "32.01.01"):
            to_study(w, w["open"](region=region))
            to_authority(w, w["open"](region=region))
        with CaptureQueriesContext(connection) as many:
            page(client)
        with django_assert_max_num_queries(len(few.captured_queries)):
            page(client)
    assert len(many.captured_queries) == len(few.captured_queries)


@freeze_time(START)
def test_pages_of_each_section_are_separate(queue_world, staff_client, monkeypatch):
    w = queue_world
    monkeypatch.setattr(importlib.import_module("netra.cases.views.queue"), "PAGE_SIZE", 1)
    html = page(staff_client(w["bawaslu"]), waiting_page="2")
    mine, waiting = split_sections(html)
    assert "Halaman 1 dari 2" in mine and "Halaman 2 dari 2" in waiting
    assert "waiting_page=1" in waiting and "page=2" in mine
    assert reverse("cases:queue")
