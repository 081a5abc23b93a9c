"""The back-office case pages: queue, list, overdue, the case page and its sub-pages render for
each role, out of scope is a 404 on every URL, and the queue is sorted by deadline."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseDeadline
from netra.cases.selectors import PPK_VISIBLE_STATES as PPK_VISIBLE
from netra.cases.services import case_classify, case_resolve_identity, case_transition
from netra.cases.tests.fixtures import to_recommendation_to_authority

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
ALL_MET = [
    "reporter_identity",
    "reporter_entitled",
    "reported_person",
    "within_deadline",
    "signature_matches_id",
    "time_and_place",
    "description",
    "witnesses",
    "evidence",
]


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"case_id": case.public_id, **kwargs})


def registered(w, case=None):
    case = case or w["open"]()
    case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    return case_transition(
        actor=w["bawaslu"], case=case, target=S.REGISTERED, facts={"formal_complete": True}
    )


def in_study(w, case=None):
    case = registered(w, case)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    return case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)


def at_ppk(w, case=None):
    if case is None or case.state != S.STUDY:
        case = in_study(w, case)
    case = case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
    )
    case = to_recommendation_to_authority(w, case)
    return case_transition(actor=w["task_force"], case=case, target=S.RECOMMENDATION_TO_PPK)


# --- Queue -------------------------------------------------------------------------------------


@freeze_time(START)
def test_workspace_is_the_queue_with_new_reports_and_start_action(
    case_world, make_report, staff_client
):
    w = case_world
    report, _key = make_report(reported_name="Pak Budi")
    client = staff_client(w["bawaslu"])
    for path in ("/kerja/", "/kasus/"):
        html = client.get(path).content.decode()
        assert "Laporan baru" in html and report.tracking_number in html
        assert reverse("cases:start", kwargs={"report_id": report.public_id}) in html

    response = client.post(reverse("cases:start", kwargs={"report_id": report.public_id}))
    case = Case.objects.get(report=report)
    assert response.status_code == 302 and response["Location"] == url("detail", case)
    assert case.state == S.FORMAL_CHECK
    assert list(case.events.values_list("to_state", flat=True)) == [S.RECEIVED, S.FORMAL_CHECK]
    # No longer new; a second press finds nothing to start
    html = client.get("/kasus/").content.decode()
    assert report.tracking_number not in html.split('id="needs-action-heading"')[0]
    assert case.number in html.split('id="needs-action-heading"')[1]
    again = client.post(reverse("cases:start", kwargs={"report_id": report.public_id}))
    assert again.status_code == 404


@freeze_time(START)
def test_new_reports_and_start_are_scoped(case_world, make_report, staff_client):
    w = case_world
    report, _key = make_report()
    outsider = staff_client(w["outsider"])
    assert report.tracking_number not in outsider.get("/kasus/").content.decode()
    response = outsider.post(reverse("cases:start", kwargs={"report_id": report.public_id}))
    assert response.status_code == 404
    assert not Case.objects.filter(report=report).exists()
    # An auditor (region in scope, but not a Bawaslu officer) cannot start it either
    auditor = staff_client(w["auditor"]).post(
        reverse("cases:start", kwargs={"report_id": report.public_id})
    )
    assert auditor.status_code == 404
    assert not Case.objects.filter(report=report).exists()


def test_queue_sorts_overdue_first_with_countdowns(case_world, staff_client):
    w = case_world
    with freeze_time("2024-10-01 03:00:00"):
        late = registered(w)  # pilkada: nearest limit 2 calendar days, due 3 Oct
    with freeze_time("2024-10-07 03:00:00"):
        fresh = registered(w)  # due 9 Oct
        pending = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
        html = staff_client(w["bawaslu"]).get("/kasus/").content.decode()
        overdue_only = staff_client(w["bawaslu"]).get("/kasus/?overdue=on").content.decode()
    positions = [html.index(c.number) for c in (late, fresh, pending)]
    assert positions == sorted(positions)
    assert "terlambat 4 hari" in html  # due 3 Oct, today 7 Oct (calendar days)
    assert "2 hari lagi" in html
    assert "3 Oktober 2024" in html and "9 Oktober 2024" in html
    assert late.number in overdue_only and fresh.number not in overdue_only


@freeze_time(START)
def test_queue_filters_by_state_and_ignores_bad_values(case_world, staff_client):
    w = case_world
    checking = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    received = w["open"]()
    client = staff_client(w["bawaslu"])
    html = client.get("/kasus/", {"state": S.FORMAL_CHECK}).content.decode()
    assert checking.number in html and received.number not in html
    html = client.get("/kasus/", {"election": "pilkada-2024"}).content.decode()
    assert checking.number in html and received.number in html
    response = client.get("/kasus/", {"state": "teleported", "page": "x"})
    assert response.status_code == 200


@freeze_time(START)
def test_case_list_has_export_links_and_filters(case_world, staff_client):
    w = case_world
    case = registered(w)
    client = staff_client(w["bawaslu"])
    assert case.number in client.get(reverse("cases:list")).content.decode()
    html = client.get(reverse("cases:list"), {"state": S.REGISTERED}).content.decode()
    assert case.number in html
    other = client.get(reverse("cases:list"), {"state": S.STUDY}).content.decode()
    assert case.number not in other
    assert reverse("cases:export", kwargs={"fmt": "csv"}) + "?state=registered" in html
    assert reverse("cases:export", kwargs={"fmt": "xlsx"}) in html
    export = client.get(reverse("cases:export", kwargs={"fmt": "csv"}), {"state": S.REGISTERED})
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    assert case.number in b"".join(export.streaming_content).decode()
    assert client.get(reverse("cases:export", kwargs={"fmt": "pdf"})).status_code == 404
    bad = client.get(reverse("cases:list"), {"created_from": "kemarin"})
    assert bad.status_code == 400
    outsider = staff_client(w["outsider"]).get(reverse("cases:list")).content.decode()
    assert case.number not in outsider


def test_overdue_page_lists_late_deadlines_in_scope(case_world, staff_client):
    w = case_world
    with freeze_time("2024-10-01 03:00:00"):
        late = registered(w)
    with freeze_time("2024-10-08 03:00:00"):
        html = staff_client(w["bawaslu"]).get(reverse("cases:overdue")).content.decode()
        outsider = staff_client(w["outsider"]).get(reverse("cases:overdue")).content.decode()
    assert late.number in html and "terlambat" in html
    assert late.number not in outsider


# --- The case page for each role ---------------------------------------------------------------


@freeze_time(START)
@pytest.mark.parametrize("who", ["bawaslu", "task_force", "auditor"])
def test_case_pages_render_for_each_role(case_world, staff_client, who):
    w = case_world
    case = registered(w)
    client = staff_client(w[who])
    for name in ("detail", "identity", "duplicates", "study"):
        response = client.get(url(name, case))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "no-store"
    html = client.get(url("detail", case)).content.decode()
    assert case.number in html and "Diregistrasi" in html
    assert "Batas waktu" in html and "Riwayat kasus" in html
    if who == "auditor":
        assert "/langkah/" not in html  # no action forms
    else:
        assert (
            url(
                "transition",
                case,
                target=S.STUDY if who == "bawaslu" else S.TASK_FORCE_VERIFICATION,
            )
            in html
        )


@freeze_time(START)
def test_ppk_sees_the_case_only_at_the_ppk_and_gets_the_decision_link(case_world, staff_client):
    w = case_world
    case = in_study(w)
    client = staff_client(w["ppk"])
    assert client.get(url("detail", case)).status_code == 404
    case = at_ppk(w, case)
    response = client.get(url("detail", case))
    html = response.content.decode()
    assert response.status_code == 200
    # The decree is recorded on the sanctions page, not by a generic form here
    decision_page = reverse("sanctions:decision", kwargs={"case_id": case.public_id})
    assert f'href="{decision_page}"' in html and "Catat keputusan PPK" in html
    assert url("transition", case, target=S.SANCTIONED) not in html
    assert "Nomor SK" not in html
    # The auditor sees neither the link nor a form (no decision to read yet)
    auditor = staff_client(w["auditor"]).get(url("detail", case)).content.decode()
    assert decision_page not in auditor
    # The PPK side never sees the evidence list nor the reporter-identity button
    assert "/pelapor/" not in html and "/bukti/" not in html
    for name in ("identity", "duplicates", "study"):
        assert client.get(url(name, case)).status_code == 200


@freeze_time(START)
def test_out_of_region_officer_gets_404_on_every_url(case_world, staff_client, make_report):
    from netra.intake.tests.fixtures import png_bytes, upload

    w = case_world
    report, _key = make_report(files=[upload("bukti.png", png_bytes(), "image/png")])
    case = registered(w, case=None)
    from netra.cases.services import case_open_from_report

    with_evidence = case_open_from_report(actor=w["bawaslu"], report=report)
    evidence = report.evidence.get()
    client = staff_client(w["outsider"])
    before = (
        Case.objects.values_list("state", flat=True).order_by("id")[::1],
        CaseDeadline.objects.count(),
    )
    gets = [
        url("detail", case),
        url("identity", case),
        url("duplicates", case),
        url("study", case),
        url("evidence", with_evidence, evidence_id=evidence.public_id),
    ]
    posts = [
        (url("transition", case, target=S.STUDY), {}),
        (url("reveal", case, report_id=case.report.public_id), {}),
        (url("letter", case, kind="rekomendasi"), {}),
        (url("identity", case), {"not_in_registry": "on"}),
        (url("duplicates", case), {"duplicate": str(with_evidence.public_id)}),
        (url("study", case), {"act": "banners-and-props", "act_date": "2024-10-01"}),
    ]
    for path in gets:
        assert client.get(path).status_code == 404, path
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    after = (
        Case.objects.values_list("state", flat=True).order_by("id")[::1],
        CaseDeadline.objects.count(),
    )
    assert after == before
    assert client.get("/kasus/00000000-0000-0000-0000-000000000000/").status_code == 404


@freeze_time(START)
def test_every_state_renders_its_action_forms_for_every_role(case_world, staff_client):
    """The page (and its sub-pages) render in every state, whatever forms the state offers."""
    w = case_world
    case = in_study(w)
    clients = {who: staff_client(w[who]) for who in ("bawaslu", "task_force", "ppk", "auditor")}
    for state in S.values:
        Case.objects.filter(pk=case.pk).update(state=state)  # test set-up only
        for who, client in clients.items():
            for name in ("detail", "study", "identity", "duplicates"):
                response = client.get(url(name, case))
                expected = {404} if who == "ppk" and state not in PPK_VISIBLE else {200}
                assert response.status_code in expected, (state, who, name)


def test_countdown_and_region_time_labels():
    from django.utils import translation

    from netra.cases.deadlines import Countdown
    from netra.cases.templatetags.case_tags import countdown_label
    from netra.web.templatetags.netra_format import region_time

    due = dt.date(2024, 10, 4)
    with translation.override("id"):
        assert countdown_label(Countdown(due, "working", 3, False)) == "3 hari kerja lagi"
        assert countdown_label(Countdown(due, "calendar", -2, True)) == "terlambat 2 hari"
        assert countdown_label(Countdown(due, "working", 0, False)) == "batas waktunya hari ini"
        assert countdown_label(None) == ""
    with translation.override("en"):
        assert countdown_label(Countdown(due, "working", 1, False)) == "1 working day left"
        assert countdown_label(Countdown(due, "calendar", -2, True)) == "2 days late"
    moment = dt.datetime(2024, 11, 27, 6, 5, tzinfo=dt.UTC)
    with translation.override("id"):
        assert region_time(moment, "51.71") == "27 November 2024 14:05 WITA"
        assert region_time(moment, "32.01") == "27 November 2024 13:05 WIB"
        assert region_time("x", "32") == ""


@freeze_time(START)
def test_duplicates_page_reads_the_pool_in_a_fixed_number_of_queries(
    case_world, staff_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = case_world
    case = w["open"]()
    client = staff_client(w["bawaslu"])
    w["open"]()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("duplicates", case)).status_code == 200
    for _ in range(5):
        w["open"]()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("duplicates", case)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@freeze_time(START)
def test_queue_reads_in_a_fixed_number_of_queries(case_world, staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = case_world
    client = staff_client(w["bawaslu"])
    registered(w)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/kasus/").status_code == 200
    for _ in range(4):
        registered(w)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/kasus/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
