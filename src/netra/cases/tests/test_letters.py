"""Case letters (cases/letters.py) issued through the documents app."""

import datetime as dt

import pytest
from django.utils import translation
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
from netra.cases.models import Case
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
from netra.documents.models import IssuedDocument, LetterInstitution, LetterNumberCounter
from netra.documents.selectors import document_verify, documents_for_subject
from netra.documents.services import document_open

pytestmark = pytest.mark.django_db


def in_language(refusal, language: str) -> str:
    """The refusal's message in `language` (one gettext message, the catalog's English)."""
    with translation.override(language):
        return refusal.message


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
    targets = [target for _who, target, _facts in MAIN_LINE]
    done = targets.index(case.state) + 1 if case.state in targets else 0
    for who, target, facts in MAIN_LINE[done:]:
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
    assert set(document.public_fields) <= {"letter_number", "region", "election"}
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
    assert in_language(refused.value, "id") != in_language(refused.value, "en")
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
    assert "Direkomendasikan" in in_language(refused.value, "id")
    assert "Recommended" in in_language(refused.value, "en")
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
    assert "Rekomendasi sanksi ke PPK" in in_language(refused.value, "id")
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
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="Sama.")
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


# --- Official letters: numbering, issuer, superseding, settings, layout -------------------------


def pdf_pages(document) -> list[str]:
    """The text of each page of the stored PDF."""
    import io

    from pypdf import PdfReader

    data = document_open(actor=None, document=document)
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


@freeze_time(NOW)
def test_numbers_run_per_institution_and_never_repeat(case_world, make_staff):
    # Given two cases ready for their letter, and an officer of the Bogor regency office
    w = case_world
    first = advance(w, classified_case(w), S.RECOMMENDED)
    second = advance(w, classified_case(w), S.RECOMMENDED)
    bogor_officer = make_staff(role="bawaslu_officer", region="32.01")

    # When the provincial officer issues two letters and the regency officer one
    one = recommendation_letter_issue(actor=w["bawaslu"], case=first)
    two = recommendation_letter_issue(actor=w["bawaslu"], case=second)
    bogor = recommendation_letter_issue(actor=bogor_officer, case=first)

    # Then each institution counts its own letters, and no letter carries the case number
    assert one.letter_number == "001/PM.06/K.JB/X/2024"
    assert two.letter_number == "002/PM.06/K.JB/X/2024"
    assert bogor.letter_number == "001/Bawaslu-Kab.Bogor/PM.06/X/2024"
    assert bogor.issuer == "Badan Pengawas Pemilihan Umum Kabupaten Bogor"
    for document in (one, two, bogor):
        assert first.number not in document.letter_number
        assert second.number not in document.letter_number


def test_the_sequence_starts_again_each_year(case_world):
    from netra.documents.services import letter_number_allocate

    w = case_world
    bkn = LetterInstitution.objects.get(code="bkn")
    assert w  # the settings come with the case world
    with freeze_time("2024-12-31 10:00:00"):
        assert letter_number_allocate(institution=bkn, day=dt.date(2024, 12, 31)) == (
            1,
            "0001/B-KP.07/SD/D/2024",
        )
        assert letter_number_allocate(institution=bkn, day=dt.date(2024, 12, 31))[0] == 2
    assert letter_number_allocate(institution=bkn, day=dt.date(2025, 1, 2)) == (
        1,
        "0001/B-KP.07/SD/D/2025",
    )
    assert letter_number_allocate(institution=bkn, day=dt.date(2024, 12, 31))[0] == 3


@freeze_time(NOW)
def test_a_refused_letter_gives_its_number_back(case_world, monkeypatch):
    # Given rendering fails after the number was taken
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        recommendation_letter_issue(actor=w["bawaslu"], case=case)
    monkeypatch.undo()

    # Then the next letter still gets number 001: nothing was issued, nothing skipped
    document = recommendation_letter_issue(actor=w["bawaslu"], case=case)
    assert document.letter_number.startswith("001/")


@freeze_time(NOW)
def test_reissuing_supersedes_and_the_old_verify_page_says_by_which(case_world, client):
    # Given a case with its recommendation letter
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    old = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # When the officer issues it again
    new = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then the old one is replaced by the new one (nothing deleted), the new one is current
    old.refresh_from_db()
    assert old.superseded_by == new and old.superseded_at == new.issued_at
    assert not old.is_current and new.is_current
    assert IssuedDocument.objects.filter(subject_ref=subject_ref_for(case)).count() == 2
    assert document_verify(old.code).state == VerifyState.SUPERSEDED
    assert document_verify(new.code).state == VerifyState.VALID
    assert new.letter_number == "002/PM.06/K.JB/X/2024"
    # and the old letter's public page says so plainly, with the new number and a link
    page = client.get(f"/verify/{old.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "sudah diganti" in html
    assert "1 Oktober 2024" in html
    assert new.letter_number in html
    assert f'href="/verify/{new.code}/"' in html
    event = AuditEvent.objects.get(action="documents.document_superseded")
    assert event.payload["superseded_by"] == new.code
    issued = AuditEvent.objects.filter(action="cases.letter_issued").last()
    assert issued.payload["supersedes"] == [old.code]
    # A notice to the PPK does not replace the recommendation letter (another kind)
    assert recommendation_letter_issued(case)


@freeze_time(NOW)
def test_the_task_forces_notice_is_in_the_name_of_bkn_and_the_officers_in_bawaslus(case_world):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_PPK)

    by_task_force = ppk_notification_issue(actor=w["task_force"], case=case)
    by_bawaslu = ppk_notification_issue(actor=w["bawaslu"], case=case)

    assert by_task_force.issuer == "Badan Kepegawaian Negara"
    assert by_task_force.institution.code == "bkn"
    assert by_bawaslu.issuer == "Badan Pengawas Pemilihan Umum Provinsi Jawa Barat"


@freeze_time("2024-08-20 03:00:00")
def test_before_24_august_2024_the_task_force_writes_in_kasns_name(case_world, rendered):
    # Given a case that reached the PPK while KASN still recommended sanctions
    w = case_world
    case = w["open"]()
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case = case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 8, 1)
    )
    case = advance(w, case, S.RECOMMENDATION_TO_PPK)

    # When the task force issues the notice to the PPK
    document = ppk_notification_issue(actor=w["task_force"], case=case)

    # Then it is KASN's letter, numbered in KASN's format
    assert document.issuer == "Komisi Aparatur Sipil Negara"
    assert document.letter_number == "B-0001/KASN/8/2024"
    assert "Penanda Tangan Uji KASN" in rendered[-1]
    assert "Jakarta, 20 Agustus 2024" in rendered[-1]


@freeze_time(NOW)
def test_a_national_bawaslu_officer_writes_as_bawaslu_ri(case_world, make_staff):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    national = make_staff(role="bawaslu_officer", region=None)

    document = recommendation_letter_issue(actor=national, case=case)

    assert document.issuer == "Badan Pengawas Pemilihan Umum Republik Indonesia"
    assert document.letter_number == "001/PM.06/K1/X/2024"


@freeze_time(NOW)
def test_without_the_issuing_institutions_settings_the_letter_is_refused(case_world):
    # Given Bawaslu Jawa Barat has no letter settings
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    LetterInstitution.objects.filter(code="bawaslu-32").delete()
    before = counts()

    # When its officer issues the letter
    with pytest.raises(LetterError) as refused:
        recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then it is refused plainly in both languages, and nothing is issued or numbered
    assert refused.value.code == "letter_settings_missing"
    assert "Bawaslu Jawa Barat" in in_language(refused.value, "id")
    assert "administrator" in in_language(refused.value, "id")
    assert "letter settings" in in_language(refused.value, "en")
    assert counts() == before
    assert not LetterNumberCounter.objects.exists()


@freeze_time(NOW)
def test_settings_without_a_signatory_name_refuse_the_letter(case_world):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_PPK)
    LetterInstitution.objects.filter(code="bkn").update(signatory_name="")
    before = counts()

    with pytest.raises(LetterError) as refused:
        ppk_notification_issue(actor=w["task_force"], case=case)

    assert refused.value.code == "letter_settings_incomplete"
    assert "Badan Kepegawaian Negara" in in_language(refused.value, "id")
    assert counts() == before


@freeze_time(NOW)
def test_only_the_recommended_sanctions_are_in_the_letter(case_world, rendered):
    # Given a case whose recommendation names one of the sanctions its form allows
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    allowed = case.classification["sanctions"]
    assert len(allowed) > 1
    Case.objects.filter(pk=case.pk).update(
        facts={**case.facts, "recommended_sanctions": [allowed[0]["code"]]}
    )

    recommendation_letter_issue(actor=w["bawaslu"], case=case)

    html = rendered[-1]
    assert allowed[0]["label"] in html
    for other in allowed[1:]:
        assert other["label"] not in html
    for sanction in allowed:
        assert sanction["code"] not in html  # no catalogue codes in a letter


@freeze_time(NOW)
def test_sending_to_the_authority_needs_the_current_recommendation_letter(case_world):
    from netra.cases.services import CaseTransitionError
    from netra.documents.services import document_revoke

    # Given a recommended case without its letter
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)

    # Then sending it to the authority is refused, and says what to do
    with pytest.raises(CaseTransitionError) as refused:
        case_transition(actor=w["bawaslu"], case=case, target=S.RECOMMENDATION_TO_AUTHORITY)
    assert refused.value.code == "recommendation_letter_issued"
    assert "surat rekomendasi" in refused.value.message.lower()
    case.refresh_from_db()
    assert case.state == S.RECOMMENDED

    # A revoked letter does not count either
    letter = recommendation_letter_issue(actor=w["bawaslu"], case=case)
    document_revoke(actor=w["bawaslu"], document=letter, reason="Salah ketik")
    with pytest.raises(CaseTransitionError):
        case_transition(actor=w["bawaslu"], case=case, target=S.RECOMMENDATION_TO_AUTHORITY)

    # With a current letter the move is allowed
    recommendation_letter_issue(actor=w["bawaslu"], case=case)
    case = case_transition(actor=w["bawaslu"], case=case, target=S.RECOMMENDATION_TO_AUTHORITY)
    assert case.state == S.RECOMMENDATION_TO_AUTHORITY


LONG_FINDINGS = "\n\n".join(
    f"Temuan {n}: berdasarkan keterangan saksi ke-{n}, terlapor hadir di lokasi kegiatan "
    "kampanye pasangan calon, mengenakan atribut pasangan calon, dan mengajak warga serta "
    "pegawai lain untuk memilih pasangan calon tersebut; bukti foto dan video yang dilampirkan "
    "pelapor menguatkan keterangan itu dan telah diklarifikasi kepada terlapor."
    for n in range(1, 19)
)


@freeze_time(NOW)
def test_the_signature_never_stands_alone_on_a_page(
    case_world, django_capture_on_commit_callbacks, tmp_path
):
    # Given a case whose findings fill more than a page
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    Case.objects.filter(pk=case.pk).update(facts={**case.facts, "study_findings": LONG_FINDINGS})

    with django_capture_on_commit_callbacks(execute=True):
        document = recommendation_letter_issue(actor=w["bawaslu"], case=case)

    # Then the letter runs over several pages, and the page with the signatory also has the
    # closing paragraph that precedes the signature
    (tmp_path / "long.pdf").write_bytes(document_open(actor=None, document=document))
    pages = pdf_pages(document)
    assert len(pages) >= 2
    signed = [text for text in pages if "Penanda Tangan Uji Jabar" in text]
    assert len(signed) == 1
    assert "Demikian rekomendasi ini disampaikan" in signed[0]
    assert "Sehubungan dengan hal tersebut" in signed[0]
    # and the first page has the letterhead, number and addressee
    assert "BADAN PENGAWAS PEMILIHAN UMUM" in pages[0]
    assert document.letter_number in pages[0]
    assert "Yth. Kepala Badan Kepegawaian Negara" in pages[0]
