"""Actions on the case pages: every POST goes through a service; a refused or malformed one
answers 4xx with the message (Indonesian or English) and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseReport
from netra.cases.services import case_resolve_identity, case_transition
from netra.cases.tests.fixtures import to_recommendation_to_authority
from netra.cases.tests.test_case_services import snapshot
from netra.cases.tests.test_views import ALL_MET, START, at_ppk, in_study, registered, url
from netra.intake.models import Report
from netra.rules.models import ViolationForm

pytestmark = pytest.mark.django_db
S = CaseState


def checking(w):
    return case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)


def move(client, case, target, data=None, **extra):
    """POST a move's form (fields carry the target as prefix)."""
    fields = {f"{target}-{k}": v for k, v in (data or {}).items()}
    return client.post(url("transition", case, target=target), fields, **extra)


# --- Triage ------------------------------------------------------------------------------------


@freeze_time(START)
def test_register_with_the_full_checklist(case_world, staff_client):
    w = case_world
    case = checking(w)
    client = staff_client(w["bawaslu"])
    html = client.get(url("detail", case)).content.decode()
    assert "Registrasi laporan" in html and "Minta perbaikan kepada pelapor" in html
    assert "<fieldset" in html and "Saksi" in html  # the checklist, grouped
    response = move(client, case, S.REGISTERED, {"met": ALL_MET, "note": "Lengkap."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.REGISTERED
    assert case.facts["formal_complete"] is True and case.facts["missing_requirements"] == []
    assert case.events.last().note == "Lengkap."


@freeze_time(START)
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Syarat formal dan materiel belum lengkap."),
        ("en", "The formal and material requirements are not complete."),
    ],
)
def test_incomplete_checklist_is_refused_with_the_workflow_message(
    case_world, staff_client, language, message
):
    w = case_world
    case = checking(w)
    before = snapshot(case)
    response = move(
        staff_client(w["bawaslu"]),
        case,
        S.REGISTERED,
        {"met": ALL_MET[:-1]},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(case) == before


@freeze_time(START)
def test_correction_request_needs_the_missing_items_and_a_message(case_world, staff_client):
    w = case_world
    case = checking(w)
    client = staff_client(w["bawaslu"])
    before = snapshot(case)
    response = move(client, case, S.NEEDS_CORRECTION, {"note": "Lengkapi."})
    assert response.status_code == 400
    assert "Periksa isian" in response.content.decode()
    assert snapshot(case) == before
    response = move(client, case, S.NEEDS_CORRECTION, {"missing": ["witnesses"], "note": ""})
    assert response.status_code == 400 and snapshot(case) == before

    response = move(
        client, case, S.NEEDS_CORRECTION, {"missing": ["witnesses"], "note": "Sebutkan saksi."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.NEEDS_CORRECTION
    assert case.facts["missing_requirements"] == ["witnesses"]
    report = Report.objects.get(pk=case.report_id)
    message = report.messages.get()
    assert message.body == "Sebutkan saksi."
    assert message.reply_by == case.deadlines.get(code="correction").due_date
    # The correction period runs: "not registered" is not offered yet
    html = client.get(url("detail", case)).content.decode()
    assert "Batas waktu perbaikan 3 hari belum lewat." in html
    assert url("transition", case, target=S.NOT_REGISTERED) not in html


@freeze_time(START)
def test_not_registered_needs_a_reason(case_world, staff_client):
    w = case_world
    case = checking(w)
    client = staff_client(w["bawaslu"])
    before = snapshot(case)
    response = move(client, case, S.NOT_REGISTERED, {"reason": "   "})
    assert response.status_code == 400 and snapshot(case) == before
    response = move(client, case, S.NOT_REGISTERED, {"reason": "Pelapor bukan pemilih."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.NOT_REGISTERED and case.facts["reason"] == "Pelapor bukan pemilih."


@freeze_time(START)
def test_auditor_and_wrong_moves_are_refused_and_change_nothing(case_world, staff_client):
    w = case_world
    case = checking(w)
    before = snapshot(case)
    response = move(staff_client(w["auditor"]), case, S.REGISTERED, {"met": ALL_MET})
    assert response.status_code == 403
    assert "Peran Anda tidak berwenang" in response.content.decode()
    client = staff_client(w["bawaslu"])
    assert move(client, case, S.SANCTIONED).status_code == 409
    assert move(client, case, "teleported").status_code == 400  # not a state: bad input
    assert snapshot(case) == before
    # GET on a POST-only action is refused too
    assert client.get(url("transition", case, target=S.REGISTERED)).status_code == 405


# --- Study and recommendation ------------------------------------------------------------------


@freeze_time(START)
def test_study_classifies_through_the_service(case_world, staff_client):
    w = case_world
    case = registered(w)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    client = staff_client(w["bawaslu"])
    html = client.get(url("study", case)).content.decode()
    assert 'name="act"' in html and "Tanggal perbuatan" in html
    before = snapshot(case)
    bad = client.post(url("study", case), {"act": "no-such-act", "act_date": "2024-10-01"})
    assert bad.status_code == 400
    future = client.post(url("study", case), {"act": "banners-and-props", "act_date": "2099-01-01"})
    assert (
        future.status_code == 400
        and "Tanggal perbuatan tidak masuk akal." in future.content.decode()
    )
    assert snapshot(case) == before

    response = client.post(
        url("study", case), {"act": "banners-and-props", "act_date": "2024-10-01"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.classification["act"] == "banners-and-props"
    assert AuditEvent.objects.filter(action="cases.classified").count() == 1
    html = client.get(url("study", case)).content.decode()
    form = ViolationForm.objects.filter(code=case.classification["form"]).latest("version")
    # The form is cited as readers cite it ("SKB 2022 butir D1"), never by its code.
    assert str(form.reference) in html and case.classification["form"] not in html
    assert "Sanksi yang dapat dijatuhkan" in html


@freeze_time(START)
def test_classify_without_person_or_type_shows_the_service_message(case_world, staff_client):
    w = case_world
    case = registered(w)
    response = staff_client(w["bawaslu"]).post(
        url("study", case),
        {"act": "banners-and-props", "act_date": "2024-10-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Resolve the person or give their employee type" in response.content.decode()
    case.refresh_from_db()
    assert case.classification == {}


@freeze_time(START)
def test_recommendation_needs_findings_and_the_letter_is_issued(case_world, staff_client):
    w = case_world
    case = in_study(w)
    client = staff_client(w["bawaslu"])
    html = client.get(url("study", case)).content.decode()
    assert url("transition", case, target=S.RECOMMENDED) in html
    before = snapshot(case)
    assert move(client, case, S.RECOMMENDED, {"study_findings": ""}).status_code == 400
    assert snapshot(case) == before
    response = move(client, case, S.RECOMMENDED, {"study_findings": "Terbukti memasang spanduk."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.RECOMMENDED

    html = client.get(url("detail", case)).content.decode()
    assert url("letter", case, kind="rekomendasi") in html
    assert "Rekomendasi dikirim ke lembaga yang berwenang hari ini: Badan Kepegawaian" in html
    response = client.post(url("letter", case, kind="rekomendasi"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="cases.letter_issued").count() == 1
    assert "Surat rekomendasi" in client.get(url("detail", case)).content.decode()
    assert client.post(url("letter", case, kind="lainnya")).status_code == 404


@freeze_time(START)
def test_recommendation_is_blocked_until_the_person_is_resolved(case_world, staff_client):
    w = case_world
    case = registered(w)
    case = case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)
    html = staff_client(w["bawaslu"]).get(url("detail", case)).content.decode()
    assert "Belum dapat dilakukan" in html
    assert "Tetapkan identitas terlapor dari registri" in html
    assert url("transition", case, target=S.RECOMMENDED) not in html


@freeze_time(START)
def test_task_force_forwards_to_the_ppk_with_sanctions_then_ppk_decides(case_world, staff_client):
    w = case_world
    case = in_study(w)
    case = case_transition(
        actor=w["bawaslu"], case=case, target=S.RECOMMENDED, facts={"study_findings": "Terbukti."}
    )
    case = to_recommendation_to_authority(w, case)
    task_force = staff_client(w["task_force"])
    sanctions = [s["code"] for s in case.classification["sanctions"]]
    before = snapshot(case)
    assert move(task_force, case, S.RECOMMENDATION_TO_PPK, {}).status_code == 400
    bad = move(task_force, case, S.RECOMMENDATION_TO_PPK, {"recommended_sanctions": ["NOPE"]})
    assert bad.status_code == 400
    assert snapshot(case) == before
    response = move(
        task_force, case, S.RECOMMENDATION_TO_PPK, {"recommended_sanctions": sanctions[:1]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.RECOMMENDATION_TO_PPK
    assert case.facts["recommended_sanctions"] == sanctions[:1]

    # The PPK's decree is recorded on the sanctions page only: the generic move is refused
    ppk = staff_client(w["ppk"])
    before = snapshot(case)
    decree = {
        "decision_sanction": sanctions[0],
        "decree_number": "800/1/2024",
        "decree_date": "2024-09-30",
    }
    response = move(ppk, case, S.SANCTIONED, decree)
    assert response.status_code == 409
    decision_page = reverse("sanctions:decision", kwargs={"case_id": case.public_id})
    assert "dilakukan di halaman sanksi kasus ini" in response.content.decode()
    assert f'href="{decision_page}"' in response.content.decode()
    assert snapshot(case) == before
    response = ppk.post(
        decision_page,
        {"sanction_code": sanctions[0], "decree_number": "800/1/2024", "decree_date": "2024-09-30"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == S.SANCTIONED and case.facts["decree_number"] == "800/1/2024"


# --- Identity ----------------------------------------------------------------------------------


@freeze_time(START)
def test_identity_candidates_with_reasons_and_confirmation(case_world, staff_client):
    w = case_world
    case = registered(w)
    client = staff_client(w["bawaslu"])
    html = client.get(url("identity", case)).content.decode()
    assert w["person"].name in html and "Nama sama (tanpa gelar)" in html
    before = snapshot(case)
    for data in ({}, {"person": str(w["person"].public_id), "not_in_registry": "on"}):
        response = client.post(url("identity", case), data)
        assert response.status_code == 400
        assert "Pilih satu terlapor dari registri" in response.content.decode()
    unknown = client.post(url("identity", case), {"person": "00000000-0000-0000-0000-000000000000"})
    assert unknown.status_code == 400
    assert snapshot(case) == before

    response = client.post(url("identity", case), {"person": str(w["person"].public_id)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person == w["person"]
    event = AuditEvent.objects.filter(action="cases.identity_resolved").get()
    assert event.payload["suggestion_rank"] == 1


@freeze_time(START)
def test_identity_search_and_not_in_registry(case_world, staff_client):
    w = case_world
    case = registered(w)
    client = staff_client(w["bawaslu"])
    html = client.get(url("identity", case), {"q": "Ahmad Fauzi"}).content.decode()
    assert "Hasil pencarian registri" in html and w["person"].name in html
    response = client.post(url("identity", case), {"not_in_registry": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person is None and case.person_not_in_registry
    # The auditor reads the page but gets no candidates and cannot confirm
    auditor = staff_client(w["auditor"])
    assert "Kandidat dari registri" not in auditor.get(url("identity", case)).content.decode()
    refused = auditor.post(url("identity", case), {"person": str(w["person"].public_id)})
    assert refused.status_code == 403
    case.refresh_from_db()
    assert case.person is None


# --- Duplicates --------------------------------------------------------------------------------


@freeze_time(START)
def test_duplicates_suggested_with_reasons_and_merged(case_world, staff_client):
    w = case_world
    target, duplicate = registered(w), registered(w)
    for case in (target, duplicate):
        case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    client = staff_client(w["bawaslu"])
    html = client.get(url("duplicates", target)).content.decode()
    assert duplicate.number in html and "Terlapor yang sama (dari registri)" in html

    before = snapshot(target)
    self_merge = client.post(url("duplicates", target), {"duplicate": str(target.public_id)})
    assert self_merge.status_code == 400
    assert "tidak dapat digabung dengan dirinya sendiri" in self_merge.content.decode()
    assert client.post(url("duplicates", target), {"duplicate": "x"}).status_code == 400
    assert snapshot(target) == before

    asked = client.post(url("duplicates", target), {"duplicate": str(duplicate.public_id)})
    assert asked.status_code == 200 and "Alasan penggabungan" in asked.content.decode()
    assert snapshot(target) == before
    response = client.post(
        url("duplicates", target),
        {"duplicate": str(duplicate.public_id), "confirm": "on", "reason": "Kejadian sama."},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state == S.CLOSED and duplicate.merged_into == target
    assert set(CaseReport.objects.filter(case=target).values_list("report_id", flat=True)) == {
        target.report_id,
        duplicate.report_id,
    }
    assert Case.objects.filter(pk=duplicate.pk).exists()  # nothing deleted
    html = client.get(url("detail", target)).content.decode()
    assert Report.objects.get(pk=duplicate.report_id).tracking_number in html


# --- Reporter identity and evidence ------------------------------------------------------------


@freeze_time(START)
def test_reporter_identity_is_shown_on_post_and_audited(case_world, staff_client):
    w = case_world
    case = registered(w)
    client = staff_client(w["bawaslu"])
    reveal = url("reveal", case, report_id=case.report.public_id)
    html = client.get(url("detail", case)).content.decode()
    assert reveal in html and "Siti Pelapor" not in html
    response = client.post(reveal)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Siti Pelapor" in response.content.decode()
    assert AuditEvent.objects.filter(action="intake.identity_revealed").count() == 1
    client.post(reveal)
    assert AuditEvent.objects.filter(action="intake.identity_revealed").count() == 2

    auditor = staff_client(w["auditor"])
    assert reveal not in auditor.get(url("detail", case)).content.decode()
    refused = auditor.post(reveal)
    assert refused.status_code == 403 and "Siti Pelapor" not in refused.content.decode()
    assert AuditEvent.objects.filter(action="intake.identity_refused").count() == 1
    assert client.get(reveal).status_code == 405


@freeze_time(START)
def test_evidence_download_is_verified_and_a_mismatch_shows_an_error(
    case_world, staff_client, make_report
):
    from netra.cases.services import case_open_from_report
    from netra.intake import evidence as store
    from netra.intake.tests.fixtures import png_bytes, upload

    w = case_world
    content = png_bytes()
    report, _key = make_report(files=[upload("bukti.png", content, "image/png")])
    case = case_open_from_report(actor=w["bawaslu"], report=report)
    item = report.evidence.get()
    client = staff_client(w["bawaslu"])
    link = url("evidence", case, evidence_id=item.public_id)
    assert link in client.get(url("detail", case)).content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert AuditEvent.objects.filter(action="intake.evidence_opened").count() == 1
    assert client.get(link, {"copy": "lain"}).status_code == 400

    store.original_path(item.sha256).write_bytes(b"tampered")
    response = client.get(link)
    assert response.status_code == 409
    assert "tidak cocok dengan sidik SHA-256" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert AuditEvent.objects.filter(action="intake.evidence_integrity_failed").count() == 1


@freeze_time(START)
def test_ppk_cannot_download_evidence_of_a_case_it_sees(case_world, staff_client, make_report):
    from netra.cases.services import case_open_from_report
    from netra.intake.tests.fixtures import png_bytes, upload

    w = case_world
    report, _key = make_report(
        files=[upload("bukti.png", png_bytes(), "image/png")], election=w["election"]
    )
    case = at_ppk(w, case_open_from_report(actor=w["bawaslu"], report=report))
    item = report.evidence.get()
    response = staff_client(w["ppk"]).get(url("evidence", case, evidence_id=item.public_id))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="intake.evidence_opened").exists()


def test_english_pages(case_world, staff_client):
    w = case_world
    with freeze_time(START):
        case = checking(w)
        client = staff_client(w["bawaslu"])
        html = client.get(url("detail", case), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        queue = client.get(reverse("cases:queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Register the report" in html and "Case history" in html
    assert "Needs my action" in queue and "Waiting on others" in queue
    assert dt.date(2024, 10, 1).year == 2024


# --- Task force letters, the PPK side, remedies -------------------------------------------------


@freeze_time(START)
def test_task_force_issues_the_ppk_notification(case_world, staff_client):
    w = case_world
    case = at_ppk(w)
    client = staff_client(w["task_force"])
    letter = url("letter", case, kind="ppk")
    assert letter in client.get(url("detail", case)).content.decode()
    assert letter not in staff_client(w["auditor"]).get(url("detail", case)).content.decode()
    assert staff_client(w["auditor"]).post(letter).status_code == 403
    assert client.post(letter).status_code == 302
    event = AuditEvent.objects.filter(action="cases.letter_issued").order_by("seq").last()
    assert event.payload["kind"] == "ppk_notification"


@freeze_time(START)
def test_letter_refused_without_classification_changes_nothing(case_world, staff_client):
    w = case_world
    case = registered(w)
    response = staff_client(w["bawaslu"]).post(url("letter", case, kind="rekomendasi"))
    assert response.status_code == 400
    assert "Kasus belum diklasifikasi" in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.letter_issued").exists()


@freeze_time(START)
def test_task_force_sees_new_reports_but_only_bawaslu_starts_the_check(
    case_world, make_report, staff_client
):
    w = case_world
    report, _key = make_report()
    html = staff_client(w["task_force"]).get("/kerja/").content.decode()
    assert reverse("cases:start", kwargs={"report_id": report.public_id}) not in html
    response = staff_client(w["task_force"]).post(
        reverse("cases:start", kwargs={"report_id": report.public_id})
    )
    assert response.status_code == 404
    assert not Case.objects.filter(report=report).exists()


@freeze_time(START)
def test_triage_starts_from_the_intake_guidance(case_world, staff_client):
    from netra.cases.forms import CorrectionRequestForm, RegisterForm, suspected_missing

    w = case_world
    case = checking(w)  # the sample report gives no event date: time and place look missing
    suspected = suspected_missing(case)
    assert "time_and_place" in suspected and "signature_matches_id" in suspected
    assert "witnesses" not in suspected
    assert CorrectionRequestForm(case=case).initial["missing"] == suspected
    assert "time_and_place" not in RegisterForm(case=case).initial["met"]
    html = staff_client(w["bawaslu"]).get(url("detail", case)).content.decode()
    assert "Kemungkinan belum lengkap" in html and "Waktu dan tempat kejadian" in html


@freeze_time(START)
def test_staff_read_the_catalogs_legal_note_with_the_classification(case_world, staff_client):
    """Issue 12 §4: the public reads the plain explanation; staff see the legal note too."""
    from netra.rules.models import ProhibitedAct

    w = case_world
    case = registered(w)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    act = ProhibitedAct.objects.exclude(legal_note_id="").order_by("position", "slug").first()
    assert act is not None, "the catalog has acts with a staff legal note"
    assert act.legal_note_en and act.legal_note_en != act.legal_note_id
    client = staff_client(w["bawaslu"])
    response = client.post(url("study", case), {"act": act.slug, "act_date": "2024-10-01"})
    assert response.status_code == 302
    case.refresh_from_db()
    note = case.classification["legal_note"]
    assert act.legal_note_id in note
    for page in ("study", "detail"):
        html = client.get(url(page, case)).content.decode().replace("&#x27;", "'")
        assert "Catatan hukum untuk petugas" in html
        # Indonesian page, Indonesian note; never the English reading.
        assert act.legal_note_id.split(".")[0][:60] in html
        assert act.legal_note_en.split(".")[0][:60] not in html
    client.cookies["netra_language"] = "en"
    html = client.get(url("detail", case)).content.decode().replace("&#x27;", "'")
    assert act.legal_note_en.split(".")[0][:60] in html
