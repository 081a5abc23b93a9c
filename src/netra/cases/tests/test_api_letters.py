"""The letters of a case in the API (cases/api/letters.py): list, download, issue, scope."""

import pytest
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseState
from netra.cases.letters import ppk_notification_issue, recommendation_letter_issue
from netra.cases.tests.fixtures import to_recommendation_to_ppk
from netra.cases.tests.test_letters import advance, classified_case

pytestmark = pytest.mark.django_db
S = CaseState
NOW = "2024-10-01 03:00:00"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def letters_url(case):
    return f"/api/v1/cases/{case.public_id}/letters/"


@pytest.fixture
def at_ppk(case_world, django_capture_on_commit_callbacks):
    """A case at the PPK with a superseded and a current recommendation letter and BKN's
    notice to the PPK (PDFs in place)."""
    w = case_world
    with freeze_time(NOW), django_capture_on_commit_callbacks(execute=True):
        case = to_recommendation_to_ppk(w, w["open"]())
        recommendation_letter_issue(actor=w["bawaslu"], case=case)
        ppk_notification_issue(actor=w["task_force"], case=case)
    return case


@freeze_time(NOW)
def test_everyone_in_scope_lists_the_letters_with_number_issuer_and_replacement(
    case_world, at_ppk, api_client_for
):
    w = case_world
    for who in ("bawaslu", "task_force", "auditor", "ppk"):
        response = api_client_for(w[who]).get(letters_url(at_ppk))
        assert response.status_code == 200, who
        assert response["Cache-Control"] == "no-store"
        rows = response.json()
        assert [row["kind"] for row in rows] == [
            "ppk_notification",
            "recommendation_letter",
            "recommendation_letter",
        ]
    notice, current, old = rows
    assert notice["issuer"] == "Badan Kepegawaian Negara"
    assert notice["letter_number"] == "0001/B-KP.07/SD/D/2024"
    assert notice["kind_label"] == "Pemberitahuan kepada PPK"
    assert current["is_current"] and current["status"] == "valid"
    assert old["status"] == "superseded" and not old["is_current"]
    assert old["superseded_by"] == {
        "code": current["code"],
        "letter_number": current["letter_number"],
    }
    assert old["letter_number"] == "001/PM.06/K.JB/X/2024"
    assert current["letter_number"] == "002/PM.06/K.JB/X/2024"
    assert current["download_url"] == f"{letters_url(at_ppk)}{current['code']}/"
    assert current["verify_url"] == f"/verify/{current['code']}/"
    assert current["issued_by"]


@freeze_time(NOW)
def test_the_ppk_downloads_a_letter_and_each_download_is_audited(
    case_world, at_ppk, api_client_for
):
    w = case_world
    client = api_client_for(w["ppk"])
    row = client.get(letters_url(at_ppk)).json()[0]
    before = AuditEvent.objects.filter(action="documents.document_opened").count()

    for _ in range(2):
        response = client.get(row["download_url"], HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert "attachment;" in response["Content-Disposition"]
        assert response["Content-Disposition"].endswith('.pdf"')
        assert b"".join(response).startswith(b"%PDF")

    opened = AuditEvent.objects.filter(action="documents.document_opened").order_by("seq")
    assert opened.count() == before + 2
    assert opened.last().actor_id == w["ppk"].pk
    assert opened.last().payload["code"] == row["code"]


@freeze_time(NOW)
def test_out_of_scope_and_foreign_codes_answer_404(case_world, at_ppk, api_client_for):
    w = case_world
    code = api_client_for(w["bawaslu"]).get(letters_url(at_ppk)).json()[0]["code"]
    outsider = api_client_for(w["outsider"])
    assert outsider.get(letters_url(at_ppk)).status_code == 404
    refused = outsider.get(f"{letters_url(at_ppk)}{code}/")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    # a letter of another case, through this case's URL
    other = advance(w, classified_case(w), S.RECOMMENDED)
    other_code = recommendation_letter_issue(actor=w["bawaslu"], case=other).code
    inside = api_client_for(w["bawaslu"])
    assert inside.get(f"{letters_url(at_ppk)}{other_code}/").status_code == 404
    assert inside.get(f"{letters_url(at_ppk)}not-a-code/").status_code == 404
    assert not AuditEvent.objects.filter(
        action="documents.document_opened", actor_id=w["outsider"].pk
    ).exists()


@freeze_time(NOW)
def test_the_ppk_side_sees_no_letters_before_the_case_reaches_it(case_world, api_client_for):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDATION_TO_AUTHORITY)
    letters = api_client_for(w["bawaslu"]).get(letters_url(case)).json()
    assert len(letters) == 1
    ppk = api_client_for(w["ppk"])
    assert ppk.get(letters_url(case)).status_code == 404
    assert ppk.get(letters[0]["download_url"]).status_code == 404


@freeze_time(NOW)
def test_issue_through_the_api_and_refusals_in_the_users_language(case_world, api_client_for):
    w = case_world
    case = advance(w, classified_case(w), S.RECOMMENDED)
    officer = api_client_for(w["bawaslu"])

    created = officer.post(letters_url(case), {"kind": "recommendation_letter"}, format="json")
    assert created.status_code == 201
    assert created.json()["letter_number"] == "001/PM.06/K.JB/X/2024"

    too_early = officer.post(letters_url(case), {"kind": "ppk_notification"}, format="json")
    assert too_early.status_code == 400 and too_early.json()["code"] == "too_early"
    unknown = officer.post(letters_url(case), {"kind": "love_letter"}, format="json")
    assert unknown.status_code == 400
    auditor = api_client_for(w["auditor"])
    refused = auditor.post(letters_url(case), {"kind": "recommendation_letter"}, format="json")
    assert refused.status_code == 403
    english = officer.post(
        letters_url(case),
        {"kind": "ppk_notification"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "can only be issued" in english.json()["detail"]
