"""Sanctions pages for the court, closing and the case's data block: allowed roles act and
are sent back to the case page; other roles see no form and get 403; bad input answers 400
(in Indonesian and English) with nothing changed; other agencies and regions get 404. The
whole remedy path (decision → objection → decided → court → ruling → closed) runs through
the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseDeadline
from netra.cases.services import deadlines_mark_overdue
from netra.registry.tests.factories import AgencyFactory
from netra.sanctions import services
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.models import DataBlock, Remedy
from netra.sanctions.tests.fixtures import START

pytestmark = pytest.mark.django_db
S = CaseState
DAY = dt.date(2024, 10, 1)


def page(name, case) -> str:
    return reverse(f"sanctions:{name}", kwargs={"case_id": case.public_id})


def state_of(case) -> str:
    return Case.objects.get(pk=case.pk).state


def decided(w, *, outcome="upheld"):
    """A case whose objection was decided (through the services)."""
    case = w["to_ppk"]()
    services.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code="PNS_PP94_DEMOTION_12M",
        decree_number="800/1/2024",
        decree_date=DAY,
        received_on=DAY,
    )
    services.remedy_file(actor=w["ppk"], case=case, filed_on=DAY, grounds="Terlalu berat.")
    services.remedy_decide(actor=w["ppk"], case=case, outcome=outcome, decided_on=DAY)
    return Case.objects.get(pk=case.pk)


def no_follow_up(w):
    """A case the PPK did not follow up: its follow-up deadline is set in the past (set-up
    only), then the real overdue sweep moves it and requests the block."""
    case = w["to_ppk"]()
    rows = CaseDeadline.objects.filter(case=case, code="ppk_follow_up", met_at__isnull=True)
    assert rows.update(due_date=DAY - dt.timedelta(days=30)) == 1
    deadlines_mark_overdue()
    case = Case.objects.get(pk=case.pk)
    assert case.state == S.PPK_NO_FOLLOW_UP
    return case


@freeze_time(START)
def test_full_remedy_path_through_the_pages(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["ppk"])
    detail = reverse("cases:detail", args=[case.public_id])
    steps = [
        (
            "decision",
            {
                "sanction_code": "PNS_PP94_DEMOTION_12M",
                "decree_number": "800/123/BKPSDM/2024",
                "decree_date": "2024-10-01",
                "received_on": "2024-10-01",
            },
            S.SANCTIONED,
        ),
        ("remedy", {"filed_on": "2024-10-01", "grounds": "Terlalu berat."}, S.OBJECTION),
        ("remedy-decide", {"outcome": "upheld", "decided_on": "2024-10-01"}, S.OBJECTION_DECIDED),
        (
            "court",
            {"court_case_number": "12/G/2024/PTUN.BDG", "court_filed_on": "2024-10-01"},
            S.COURT,
        ),
        ("court", {"court_ruling": "Gugatan ditolak.", "court_ruled_on": "2024-10-01"}, S.CLOSED),
    ]
    for name, data, target in steps:
        url = page(name, case)
        assert client.get(url).status_code == 200, name
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert response["Location"] == detail
        assert state_of(case) == target, name
    remedy = Remedy.objects.get(case=case)
    assert remedy.court_case_number == "12/G/2024/PTUN.BDG"
    assert remedy.court_ruling == "Gugatan ditolak." and remedy.court_ruled_on == DAY
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sanctions.court_filed", "sanctions.court_ruled"} <= actions
    # Closed: the court page shows the ruling but no form, and a POST is refused
    body = client.get(page("court", case)).content.decode()
    assert "Gugatan ditolak." in body and 'name="court_ruling"' not in body
    again = client.post(page("court", case), {"court_ruling": "x", "court_ruled_on": "2024-10-01"})
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("data", "lang", "message"),
    [
        ({"court_filed_on": "2030-01-01"}, "id", "tidak boleh di masa depan"),
        ({"court_filed_on": "2030-01-01"}, "en", "cannot be in the future"),
        ({"court_filed_on": "2024-09-30"}, "id", "sebelum putusan keberatan"),
        ({"court_filed_on": "2024-09-30"}, "en", "before the objection or appeal decision"),
        ({"court_filed_on": "2024-02-31"}, "en", "valid date"),
        ({"court_case_number": ""}, "id", "Nomor perkara PTUN"),
        ({"court_case_number": "x" * 101}, "en", "at most 100 characters"),
    ],
)
@freeze_time(START)
def test_bad_court_filing_is_400_and_changes_nothing(
    sanctions_world, staff_client, data, lang, message
):
    w = sanctions_world
    case = decided(w)
    events = AuditEvent.objects.count()
    response = staff_client(w["ppk"]).post(
        page("court", case),
        {"court_case_number": "12/G/2024/PTUN.BDG", "court_filed_on": "2024-10-01", **data},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert state_of(case) == S.OBJECTION_DECIDED
    assert Remedy.objects.get(case=case).court_case_number == ""
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("data", "lang", "message"),
    [
        ({"court_ruling": "  "}, "id", 'id="id_court_ruling_error"'),
        ({"court_ruling": "  "}, "en", "This field is required"),
        ({"court_ruled_on": "2024-09-30"}, "en", "before the court filing date"),
        ({"court_ruled_on": "2030-01-01"}, "id", "tidak boleh di masa depan"),
    ],
)
@freeze_time(START)
def test_bad_court_ruling_is_400_and_changes_nothing(
    sanctions_world, staff_client, data, lang, message
):
    w = sanctions_world
    case = decided(w)
    services.remedy_court_file(actor=w["ppk"], case=case, court_case_number="1/G", filed_on=DAY)
    response = staff_client(w["ppk"]).post(
        page("court", case),
        {"court_ruling": "Gugatan ditolak.", "court_ruled_on": "2024-10-01", **data},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert state_of(case) == S.COURT
    assert Remedy.objects.get(case=case).court_ruling == ""


@freeze_time(START)
def test_roles_that_may_not_act_see_no_form_and_get_403(sanctions_world, staff_client):
    w = sanctions_world
    case = decided(w)
    filing = {"court_case_number": "1/G/2024", "court_filed_on": "2024-10-01"}
    # Filing in court is the PPK side's; the task force and the auditor may not
    for user in (w["auditor"], w["task_force"]):
        client = staff_client(user)
        body = client.get(page("court", case)).content.decode()
        assert "tidak berwenang" in body and 'name="court_case_number"' not in body
        assert client.post(page("court", case), filing).status_code == 403
    assert state_of(case) == S.OBJECTION_DECIDED
    # The auditor may not close, nor confirm a block
    client = staff_client(w["auditor"])
    assert "tidak berwenang" in client.get(page("close", case)).content.decode()
    assert client.post(page("close", case), {"note": "x"}).status_code == 403
    assert state_of(case) == S.OBJECTION_DECIDED
    # The task force may record the ruling (a PPK-side or task-force move)
    services.remedy_court_file(actor=w["ppk"], case=case, court_case_number="1/G", filed_on=DAY)
    assert (
        staff_client(w["auditor"])
        .post(page("court", case), {"court_ruling": "x", "court_ruled_on": "2024-10-01"})
        .status_code
        == 403
    )
    response = staff_client(w["task_force"]).post(
        page("court", case), {"court_ruling": "Dikabulkan.", "court_ruled_on": "2024-10-01"}
    )
    assert response.status_code == 302 and state_of(case) == S.CLOSED


@freeze_time(START)
def test_other_agency_and_region_get_404(sanctions_world, staff_client, make_staff):
    w = sanctions_world
    case = decided(w)
    stranger = make_staff(role="ppk_officer", region=None, agency=AgencyFactory(code="OTHER2"))
    for user in (stranger, w["outsider"]):
        client = staff_client(user)
        for name in ("court", "close", "case-block"):
            assert client.get(page(name, case)).status_code == 404, name
            assert client.post(page(name, case), {"note": "x"}).status_code == 404, name
    assert state_of(case) == S.OBJECTION_DECIDED


def test_close_waits_for_the_remedy_window(sanctions_world, staff_client):
    w = sanctions_world
    with freeze_time(START):
        case = w["to_ppk"]()
        services.decision_record(
            actor=w["ppk"],
            case=case,
            sanction_code="PNS_PP94_DEMOTION_12M",
            decree_number="800/1/2024",
            decree_date=DAY,
            received_on=DAY,
        )
        client = staff_client(w["ppk"])
        body = client.get(page("close", case)).content.decode()
        assert "21 Oktober 2024" in body and "Belum berakhir" in body
        assert 'name="note"' not in body
        response = client.post(page("close", case), {"note": "Terlalu cepat."})
        assert response.status_code == 400 and state_of(case) == S.SANCTIONED
    with freeze_time("2024-10-22 03:00:00"):
        client = staff_client(w["ppk"])
        english = client.get(page("close", case), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Over" in english and "21 October 2024" in english
        body = client.get(page("close", case)).content.decode()
        assert "Sudah berakhir" in body and 'name="note"' in body
        response = client.post(page("close", case), {"note": "Tidak ada keberatan."})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[case.public_id])
    closed = Case.objects.get(pk=case.pk)
    assert closed.state == S.CLOSED and closed.facts.get("remedy_window_over") is True


@freeze_time(START)
def test_close_after_the_decision_and_refused_while_a_remedy_is_pending(
    sanctions_world, staff_client
):
    w = sanctions_world
    case = w["to_ppk"]()
    services.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code="PNS_PP94_DEMOTION_12M",
        decree_number="800/1/2024",
        decree_date=DAY,
        received_on=DAY,
    )
    services.remedy_file(actor=w["ppk"], case=case, filed_on=DAY, grounds="Keberatan.")
    client = staff_client(w["ppk"])
    body = client.get(page("close", case)).content.decode()
    assert "masih berjalan" in body and 'name="note"' not in body
    assert client.post(page("close", case), {}).status_code == 400
    assert state_of(case) == S.OBJECTION
    services.remedy_decide(actor=w["ppk"], case=case, outcome="upheld", decided_on=DAY)
    too_long = client.post(page("close", case), {"note": "x" * 5001}, HTTP_ACCEPT_LANGUAGE="en")
    assert too_long.status_code == 400 and "at most 5000" in too_long.content.decode()
    assert state_of(case) == S.OBJECTION_DECIDED
    response = staff_client(w["task_force"]).post(page("close", case), {"note": ""})
    assert response.status_code == 302 and state_of(case) == S.CLOSED


@freeze_time(START)
def test_case_block_page_and_the_task_force_confirm(sanctions_world, staff_client):
    w = sanctions_world
    case = no_follow_up(w)
    block = DataBlock.objects.get(case=case)
    assert block.status == DataBlockStatus.REQUESTED
    url = page("case-block", case)
    # The PPK sees the request (status, date, reason) but no form; its POST is 403
    ppk = staff_client(w["ppk"])
    body = ppk.get(url).content.decode()
    assert "Diminta" in body and "1 Oktober 2024" in body and block.reason in body
    assert 'name="bkn_verified"' not in body and "tidak berwenang" in body
    assert ppk.post(url, {"bkn_verified": "on"}).status_code == 403
    # The task force must tick the BKN verification
    client = staff_client(w["task_force"])
    assert 'name="bkn_verified"' in client.get(url).content.decode()
    for lang, message in (("id", "verifikasi, validasi"), ("en", "BKN verification")):
        refused = client.post(url, {"note": "Belum."}, HTTP_ACCEPT_LANGUAGE=lang)
        assert refused.status_code == 400 and message in refused.content.decode()
    too_long = client.post(url, {"bkn_verified": "on", "note": "x" * 5001})
    assert too_long.status_code == 400
    block.refresh_from_db()
    assert block.status == DataBlockStatus.REQUESTED and state_of(case) == S.PPK_NO_FOLLOW_UP
    response = client.post(url, {"bkn_verified": "on", "note": "Verifikasi BKN nomor 12."})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.public_id])
    block.refresh_from_db()
    assert block.status == DataBlockStatus.ACTIVE and block.blocked_by == w["task_force"]
    assert state_of(case) == S.DATA_BLOCKED
    assert case.events.last().note == "Verifikasi BKN nomor 12."
    # Now active: shown with its date, and nothing more to confirm
    body = client.get(url).content.decode()
    assert "Diblokir" in body and 'name="bkn_verified"' not in body
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Blocked" in english and "Lifted" in english  # the block's own words, not the case's
    assert client.post(url, {"bkn_verified": "on"}).status_code == 400


@freeze_time(START)
def test_case_block_page_without_a_block(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    body = staff_client(w["ppk"]).get(page("case-block", case)).content.decode()
    assert "Tidak ada permintaan blokir" in body
