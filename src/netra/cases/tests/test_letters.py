"""Case letters (cases/letters.py) issued through the documents app."""

import datetime as dt

import pytest
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.letters import (
    LetterError,
    ppk_notification_issue,
    recommendation_letter_issue,
    recommendation_letter_issued,
    subject_ref_for,
)
from netra.cases.services import (
    CaseError,
    CaseNotFound,
    case_classify,
    case_merge,
    case_resolve_identity,
    case_transition,
)
from netra.documents import pdf
from netra.documents.choices import DocumentKind, VerifyState
from netra.documents.models import IssuedDocument
from netra.documents.selectors import document_verify, documents_for_subject
from netra.documents.services import document_open

pytestmark = pytest.mark.django_db
S = CaseState
NOW = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rendered(monkeypatch):
    """The HTML of every PDF rendered during the test (the PDF itself is not text-searchable)."""
    pages: list[str] = []
    original = pdf.render_pdf

    def spy(template, context, *, code):
        html, data = original(template, context, code=code)
        pages.append(html)
        return html, data

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return pages


def classified_case(w, *, with_person=True):
    case = w["open"]()
    if with_person:
        case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    return case_classify(
        actor=w["bawaslu"],
        case=case,
        act="banners-and-props",
        act_date=dt.date(2024, 10, 1),
        employee_type=None if with_person else "PNS",
    )


# The main line up to the PPK: (actor, target, facts) for each step.
MAIN_LINE = [
    ("bawaslu", S.FORMAL_CHECK, None),
    ("bawaslu", S.REGISTERED, {"formal_complete": True}),
    ("bawaslu", S.STUDY, None),
    ("bawaslu", S.RECOMMENDED, {"study_findings": "Alat peraga calon di sekolah."}),
    ("bawaslu", S.RECOMMENDATION_TO_AUTHORITY, None),
    ("task_force", S.RECOMMENDATION_TO_PPK, None),
]


def advance(w, case, until):
    """Move `case` along the main line through the services until it is in state `until` (the
    officer issues the recommendation letter before sending the recommendation on)."""
    for who, target, facts in MAIN_LINE:
        if case.state == until:
            break
        if target == S.RECOMMENDATION_TO_AUTHORITY and not recommendation_letter_issued(case):
            recommendation_letter_issue(actor=w["bawaslu"], case=case)
        case = case_transition(actor=w[who], case=case, target=target, facts=facts)
    assert case.state == until
    return case


def counts() -> tuple[int, int]:
    return IssuedDocument.objects.count(), AuditEvent.objects.count()


def personal_values(person) -> list[str]:
    return [person.name, person.name_plain, person.nip]


@freeze_time(NOW)
def test_recommendation_letter_is_verifiable_without_personal_data(
    case_world, rendered, client, django_capture_on_commit_callbacks
):
    # Given a classified case whose person is resolved
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    person = w["person"]

    # When the Bawaslu officer issues the recommendation letter
    with django_capture_on_commit_callbacks(execute=True):
        document = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then it is a valid, verifiable recommendation letter about this case, in the name of the
    # Bawaslu the officer acts for (their grant covers Jawa Barat)
    assert document.kind == DocumentKind.RECOMMENDATION_LETTER
    assert document.issuer == "Badan Pengawas Pemilihan Umum Provinsi Jawa Barat"
    assert document.institution.code == "bawaslu-32"
    assert document.subject_ref == f"cases.case:{case.public_id}" == subject_ref_for(case)
    assert list(documents_for_subject(subject_ref_for(case))) == [document]
    result = document_verify(document.code)
    assert result.state == VerifyState.VALID
    assert document_open(actor=w["bawaslu"], document=document).startswith(b"%PDF")
    # and the letter names the person, the form, the authority and the legal basis
    html = rendered[-1]
    for value in personal_values(person):
        assert value in html
    assert person.position in html and w["agency"].name in html
    assert case.number in html
    for part in case.classification["legal_basis"].split(";"):
        assert part.strip() in html
    assert "Yth. Kepala Badan Kepegawaian Negara" in html
    for sanction in case.classification["sanctions"]:
        assert sanction["label"] in html
    # as an official letter: kop, place and date, its own number, signatory
    assert "PROVINSI JAWA BARAT" in html
    assert "Bandung, 1 Oktober 2024" in html
    assert "Penanda Tangan Uji Jabar" in html and "Ketua Bawaslu Provinsi Jawa Barat" in html
    assert document.letter_number == "001/PM.06/K.JB/X/2024"
    assert document.letter_number in html
    # but the public fields and the verify page show no personal data
    assert set(document.public_fields) <= {"letter_number", "region", "event"}
    assert document.public_fields["letter_number"] == document.letter_number
    page = client.get(f"/verify/{document.code}/").content.decode()
    assert document.code in page
    for value in personal_values(person):
        assert value not in str(document.public_fields)
        assert value not in page
    assert person.position not in page
    # and the issue is audited on the case as well as by documents
    event = AuditEvent.objects.filter(action="cases.letter_issued").get()
    assert event.payload["code"] == document.code


@freeze_time(NOW)
def test_ppk_notification_names_the_ppk_and_recommended_sanctions(case_world, rendered, client):
    # Given a classified case with a resolved person of an agency with a PPK, sent to the PPK
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_PPK)

    # When the task force issues the PPK notification
    document = ppk_notification_issue(actor=w["task_force"], case=case)

    # Then the letter is in BKN's name, addressed to the PPK, with the recommended sanctions
    assert document.kind == DocumentKind.PPK_NOTIFICATION
    assert document.issuer == "Badan Kepegawaian Negara"
    assert document.letter_number == "0001/B-KP.07/SD/D/2024"
    assert "Penanda Tangan Uji BKN" in rendered[-1]
    assert document_verify(document.code).state == VerifyState.VALID
    html = rendered[-1]
    assert "Bupati Bogor" in html
    assert w["person"].nip in html
    for sanction in case.classification["sanctions"]:
        assert sanction["label"] in html
    # and nothing personal is public
    page = client.get(f"/verify/{document.code}/").content.decode()
    for value in personal_values(w["person"]):
        assert value not in str(document.public_fields)
        assert value not in page
    assert "Bupati Bogor" not in str(document.public_fields)


@freeze_time(NOW)
@pytest.mark.parametrize("issue", [recommendation_letter_issue, ppk_notification_issue])
def test_unclassified_case_is_refused_and_nothing_changes(case_world, issue):
    w = case_world
    case = w["open"]()
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    before = counts()

    with pytest.raises(LetterError) as refused:
        issue(actor=w["bawaslu"], case=case)

    assert refused.value.code == "not_classified"
    assert refused.value.message_id and refused.value.message_en
    assert counts() == before


@freeze_time(NOW)
@pytest.mark.parametrize("issue", [recommendation_letter_issue, ppk_notification_issue])
def test_case_without_resolved_person_is_refused(case_world, issue):
    w = case_world
    case = classified_case(w, with_person=False)
    before = counts()

    with pytest.raises(LetterError) as refused:
        issue(actor=w["bawaslu"], case=case)

    assert refused.value.code == "person_unresolved"
    assert counts() == before


@freeze_time(NOW)
def test_ppk_notification_refused_when_the_agency_has_no_ppk(case_world):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_PPK)
    w["agency"].ppk_title = ""
    w["agency"].save(update_fields=["ppk_title"])
    before = counts()

    with pytest.raises(LetterError) as refused:
        ppk_notification_issue(actor=w["bawaslu"], case=case)

    assert refused.value.code == "ppk_unknown"
    assert counts() == before


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("who", "error", "code"),
    [
        ("outsider", CaseNotFound, "not_found"),  # Bawaslu of another province
        ("ppk", CaseNotFound, "not_found"),  # the agency does not see Bawaslu's study
        ("auditor", CaseError, "role_not_allowed"),  # in scope, but may not issue
    ],
)
@pytest.mark.parametrize("issue", [recommendation_letter_issue, ppk_notification_issue])
def test_actor_without_the_right_role_in_scope_is_refused(case_world, issue, who, error, code):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    before = counts()

    with pytest.raises(error) as refused:
        issue(actor=w[who], case=case)

    assert refused.value.code == code
    assert counts() == before


@freeze_time(NOW)
def test_letter_goes_to_the_authority_in_force_on_its_date(case_world, rendered):
    # Given an act of August 2024, classified while KASN still recommended sanctions
    w = case_world
    case = w["open"]()
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case = case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 8, 20)
    )
    assert case.classification["recommending_authority"]["code"] == "KASN"
    case = advance(w, case, S.RECOMMENDED)

    # When the letter is issued in October 2024, after BKN took over
    recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then it is addressed to BKN, not to the dissolved KASN
    assert "Badan Kepegawaian Negara" in rendered[-1]
    assert "Komisi Aparatur Sipil Negara" not in rendered[-1]


@freeze_time(NOW)
@pytest.mark.parametrize("state", [S.RECEIVED, S.FORMAL_CHECK, S.REGISTERED, S.STUDY])
def test_recommendation_letter_before_the_recommendation_is_refused(case_world, state):
    # Given a classified case with its person, still with Bawaslu before the recommendation
    w = case_world
    case = advance(w, classified_case(w), state)
    before = counts()

    # When the officer tries to issue the recommendation letter
    with pytest.raises(LetterError) as refused:
        recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then it is refused with a clear message in both languages, and nothing is issued
    assert refused.value.code == "too_early"
    assert "Direkomendasikan" in refused.value.message_id
    assert "Recommended" in refused.value.message_en
    assert counts() == before


@freeze_time(NOW)
@pytest.mark.parametrize("state", [S.STUDY, S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY])
def test_ppk_notification_before_the_case_reaches_the_ppk_is_refused(case_world, state):
    w = case_world
    case = advance(w, classified_case(w), state)
    before = counts()

    with pytest.raises(LetterError) as refused:
        ppk_notification_issue(actor=w["task_force"], case=case)

    assert refused.value.code == "too_early"
    assert "Rekomendasi sanksi ke PPK" in refused.value.message_id
    assert counts() == before


@freeze_time(NOW)
@pytest.mark.parametrize("state", [S.RECOMMENDATION_TO_AUTHORITY, S.RECOMMENDATION_TO_PPK])
def test_recommendation_letter_may_be_issued_again_later_in_the_case(case_world, state):
    w = case_world
    case = advance(w, classified_case(w), state)

    document = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    assert document.kind == DocumentKind.RECOMMENDATION_LETTER
    letters = IssuedDocument.objects.filter(
        subject_ref=subject_ref_for(case), kind=DocumentKind.RECOMMENDATION_LETTER
    )
    assert letters.count() == 2
    assert letters.filter(superseded_by=document).count() == 1


@freeze_time(NOW)
def test_the_task_force_does_not_issue_bawaslus_recommendation_letter(case_world):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    before = counts()

    with pytest.raises(CaseError) as refused:
        recommendation_letter_issue(actor=w["task_force"], case=case)

    assert refused.value.code == "role_not_allowed"
    assert counts() == before


@freeze_time(NOW)
def test_closed_case_depends_on_how_far_it_went(case_world):
    from netra.registry.choices import PersonStatus

    w = case_world
    # A duplicate merged during the study never had a recommendation: refused
    target = advance(w, classified_case(w), S.STUDY)
    duplicate = advance(w, classified_case(w), S.STUDY)
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate)
    duplicate.refresh_from_db()
    assert duplicate.state == S.CLOSED
    before = counts()
    for issue in (recommendation_letter_issue, ppk_notification_issue):
        with pytest.raises(LetterError) as refused:
            issue(actor=w["bawaslu"], case=duplicate)
        assert refused.value.code == "too_early"
    assert counts() == before

    # A case closed at the PPK (the person retired) went through both steps: allowed
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_PPK)
    w["person"].status = PersonStatus.RETIRED
    w["person"].save(update_fields=["status"])
    case = case_transition(actor=w["task_force"], case=case, target=S.CLOSED)
    assert case.state == S.CLOSED
    assert recommendation_letter_issue(actor=w["bawaslu"], case=case).code
    assert ppk_notification_issue(actor=w["bawaslu"], case=case).code


@freeze_time(NOW)
def test_stopped_case_gets_no_letter(case_world):
    w = case_world
    case = advance(w, classified_case(w), S.STUDY)
    case = case_transition(actor=w["bawaslu"], case=case, target=S.STOPPED, note="Bukti kurang.")
    before = counts()
    with pytest.raises(LetterError) as refused:
        recommendation_letter_issue(actor=w["bawaslu"], case=case)
    assert refused.value.code == "too_early"
    assert counts() == before
