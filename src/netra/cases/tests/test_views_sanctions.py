"""The case page hands the moves the sanctions app records (the PPK's decree, objection/appeal
and its decision, court, closing, data block) to the sanctions pages: it links to them, never
offers a generic form for them, and the generic transition POST refuses them with 409 and a
link, changing nothing."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.cases.tests.test_case_services import snapshot
from netra.cases.tests.test_views import START, at_ppk, url
from netra.cases.tests.test_views_actions import move
from netra.sanctions import services as sanctions
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.models import DataBlock

pytestmark = pytest.mark.django_db
S = CaseState
DAY = dt.date(2024, 10, 1)


def page(name, case) -> str | None:
    """A sanctions page of the case, or None while that page does not exist."""
    try:
        return reverse(f"sanctions:{name}", kwargs={"case_id": case.public_id})
    except NoReverseMatch:
        return None


def html_for(client, case) -> str:
    response = client.get(url("detail", case))
    assert response.status_code == 200
    return response.content.decode()


def objectionable(case) -> str:
    return next(
        s["code"] for s in case.classification["sanctions"] if s.get("remedy") == "objection"
    )


def sanctioned(w):
    case = at_ppk(w)
    sanctions.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=objectionable(case),
        decree_number="800/9/2024",
        decree_date=dt.date(2024, 9, 30),
        received_on=DAY,
    )
    return Case.objects.get(pk=case.pk)


def assert_refused(client, case, target, **extra):
    """The generic POST of a recorded move: 409, a link to the sanctions page, nothing changed."""
    before = snapshot(case)
    response = move(client, case, target, {"note": "x"}, **extra)
    assert response.status_code == 409, target
    assert snapshot(case) == before
    return response.content.decode()


@freeze_time(START)
def test_sanctioned_case_links_to_the_remedy_and_close_pages(case_world, staff_client):
    w = case_world
    case = sanctioned(w)
    ppk = staff_client(w["ppk"])
    html = html_for(ppk, case)
    remedy = page("remedy", case)
    assert f'href="{remedy}"' in html and "Catat keberatan" in html
    # The sanction goes to objection, so the appeal is listed as not possible, with the reason
    assert "Belum dapat dilakukan" in html and "Banding ke BPASN hanya untuk" in html
    close = page("close", case)
    if close:
        assert f'href="{close}"' in html
    # No generic form for any of these moves
    for target in (S.OBJECTION, S.APPEAL, S.CLOSED):
        assert url("transition", case, target=target) not in html
    assert "/langkah/" not in html
    # Everyone who sees the case can open the decision to read it
    decision = page("decision", case)
    for who in ("ppk", "bawaslu", "task_force", "auditor"):
        seen = html_for(staff_client(w[who]), case)
        assert f'href="{decision}"' in seen and "Lihat keputusan PPK" in seen, who
    auditor = html_for(staff_client(w["auditor"]), case)
    assert remedy not in auditor  # no action links for a reader


@freeze_time(START)
@pytest.mark.parametrize(
    ("language", "message", "link"),
    [
        ("id", "Tindakan “Catat keberatan” dilakukan di halaman sanksi", "Buka halaman sanksi"),
        ("en", "“Record an objection” is done on this case’s sanctions page", "Open the sanctions"),
    ],
)
def test_generic_post_of_a_recorded_move_is_409_with_a_link(
    case_world, staff_client, language, message, link
):
    w = case_world
    case = sanctioned(w)
    ppk = staff_client(w["ppk"])
    body = assert_refused(ppk, case, S.OBJECTION, HTTP_ACCEPT_LANGUAGE=language)
    assert message in body and link in body
    assert f'href="{page("remedy", case)}"' in body
    # Even with the facts the old generic form took, and for each recorded move from here
    before = snapshot(case)
    response = move(ppk, case, S.OBJECTION, {"remedy_filed_on": "2024-10-01"})
    assert response.status_code == 409 and snapshot(case) == before
    assert_refused(ppk, case, S.APPEAL)
    assert_refused(ppk, case, S.CLOSED)
    assert_refused(staff_client(w["task_force"]), case, S.CLOSED)
    # Out of scope is still a 404 before anything else
    outsider = move(staff_client(w["outsider"]), case, S.OBJECTION)
    assert outsider.status_code == 404 and snapshot(case) == before


@freeze_time(START)
def test_objection_decision_and_court_are_links_to_the_sanctions_pages(case_world, staff_client):
    w = case_world
    case = sanctioned(w)
    ppk = staff_client(w["ppk"])
    sanctions.remedy_file(actor=w["ppk"], case=case, filed_on=DAY, grounds="Terlalu berat.")
    case.refresh_from_db()
    assert case.state == S.OBJECTION
    html = html_for(ppk, case)
    assert f'href="{page("remedy-decide", case)}"' in html and "Catat putusan keberatan" in html
    # Deemed undecided stays a case-page move, not possible before the 21 working days
    assert "Batas 21 hari kerja bagi PPK untuk memutus keberatan belum lewat." in html
    assert_refused(ppk, case, S.OBJECTION_DECIDED)

    sanctions.remedy_decide(actor=w["ppk"], case=case, outcome="upheld", decided_on=DAY)
    case.refresh_from_db()
    assert case.state == S.OBJECTION_DECIDED
    html = html_for(ppk, case)
    court, close = page("court", case), page("close", case)
    if court:
        assert f'href="{court}"' in html and "Catat gugatan ke PTUN" in html
    if close:
        assert f'href="{close}"' in html
    assert "/langkah/" not in html
    assert_refused(ppk, case, S.COURT)
    assert_refused(ppk, case, S.CLOSED)

    sanctions.remedy_court_file(
        actor=w["ppk"], case=case, court_case_number="12/G/2024/PTUN.BDG", filed_on=DAY
    )
    case.refresh_from_db()
    assert case.state == S.COURT
    html = html_for(ppk, case)
    if court:
        assert f'href="{court}"' in html and "Catat putusan pengadilan" in html
    assert "/langkah/" not in html
    assert_refused(ppk, case, S.CLOSED)


@freeze_time(START)
def test_data_block_branch_links_to_the_block_and_decision_pages(case_world, staff_client):
    w = case_world
    case = at_ppk(w)
    Case.objects.filter(pk=case.pk).update(state=S.PPK_NO_FOLLOW_UP)  # set-up only
    case.refresh_from_db()
    task_force, ppk = staff_client(w["task_force"]), staff_client(w["ppk"])
    block_page = page("case-block", case)
    html = html_for(task_force, case)
    if block_page:
        assert f'href="{block_page}"' in html and "Blokir data kepegawaian" in html
    assert url("transition", case, target=S.DATA_BLOCKED) not in html
    assert_refused(task_force, case, S.DATA_BLOCKED)
    html = html_for(ppk, case)
    decision = page("decision", case)
    assert f'href="{decision}"' in html and "Catat keputusan PPK" in html
    if block_page:
        assert "Lihat pemblokiran data kepegawaian" in html

    sanctions.data_block_confirm(
        actor=w["task_force"], case=case, bkn_verified=True, note="Diverifikasi BKN."
    )
    case.refresh_from_db()
    assert case.state == S.DATA_BLOCKED
    html = html_for(ppk, case)
    # The decree lifts the block on the decision page; the generic lift waits for it
    assert f'href="{decision}"' in html and "Catat keputusan PPK" in html
    assert "Blokir dibuka hanya setelah PPK menindaklanjuti." in html
    assert url("transition", case, target=S.UNBLOCKED) not in html
    response = ppk.post(
        decision,
        {
            "sanction_code": objectionable(case),
            "decree_number": "800/10/2024",
            "decree_date": "2024-09-30",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.SANCTIONED
    assert DataBlock.objects.get(case=case).status == DataBlockStatus.LIFTED
