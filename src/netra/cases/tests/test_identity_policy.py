"""ADR 0012: changing the reported person needs a reason once the study has started and is
refused from the recommendation on, in the service, on the identity page and in the API."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.models import Case, CaseEvent
from netra.cases.services import (
    CaseError,
    case_classify,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tests.fixtures import to_registered
from netra.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB


def in_study(w):
    case = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 9, 30)
    )
    return case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)


def recommended(w):
    return case_transition(
        actor=w["bawaslu"],
        case=in_study(w),
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
    )


@pytest.fixture
def other(case_world):
    return PersonFactory(
        agency=case_world["agency"], name="Budi Santoso", name_plain="Budi Santoso"
    )


@freeze_time(START)
def test_before_the_study_the_person_changes_without_a_reason(case_world, other):
    w = case_world
    case = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_resolve_identity(actor=w["bawaslu"], case=case, person=other)
    assert Case.objects.get(pk=case.pk).person == other
    # The same choice again changes nothing and adds no row
    rows = CaseEvent.objects.filter(case=case).count()
    case_resolve_identity(actor=w["bawaslu"], case=case, person=other)
    assert CaseEvent.objects.filter(case=case).count() == rows


@freeze_time(START)
def test_in_the_study_a_change_needs_a_reason_which_is_kept(case_world, other):
    w = case_world
    case = in_study(w)
    events, audits = CaseEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CaseError) as refused:
        case_resolve_identity(actor=w["bawaslu"], case=case, person=other, reason="  ")
    assert refused.value.code == "identity_reason_required" and refused.value.status == 400
    assert Case.objects.get(pk=case.pk).person == w["person"]
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)
    case_resolve_identity(
        actor=w["bawaslu"], case=case, person=other, reason="NIP pada laporan keliru."
    )
    assert Case.objects.get(pk=case.pk).person == other
    row = CaseEvent.objects.filter(case=case).last()
    assert row.kind == CaseEventKind.IDENTITY_CHANGED
    assert row.details["reason"] == "NIP pada laporan keliru."
    audit = AuditEvent.objects.filter(action="cases.identity_resolved").last()
    assert audit.payload["reason"] == "NIP pada laporan keliru."


@freeze_time(START)
def test_after_the_recommendation_a_change_is_refused_and_changes_nothing(case_world, other):
    w = case_world
    case = recommended(w)
    for kwargs in ({"person": other}, {"not_in_registry": True}):
        with pytest.raises(CaseError) as refused:
            case_resolve_identity(actor=w["bawaslu"], case=case, reason="Keliru.", **kwargs)
        assert refused.value.code == "identity_after_recommendation"
        assert refused.value.status == 409
    case = Case.objects.get(pk=case.pk)
    assert case.person == w["person"] and not case.person_not_in_registry


@freeze_time(START)
def test_identity_page_asks_for_the_reason_then_records_it(case_world, other, staff_client):
    w = case_world
    case = in_study(w)
    url = reverse("cases:identity", kwargs={"case_id": case.public_id})
    client = staff_client(w["bawaslu"])
    page = client.get(url).content.decode()
    assert "mengganti terlapor memerlukan alasan" in page
    asked = client.post(url, {"person": str(other.public_id)})
    assert asked.status_code == 400
    html = asked.content.decode()
    assert "Terlapor akan diganti menjadi Budi Santoso" in html
    assert 'name="reason"' in html and "tuliskan alasan mengganti terlapor" in html
    assert Case.objects.get(pk=case.pk).person == w["person"]
    english = client.post(url, {"person": str(other.public_id)}, HTTP_ACCEPT_LANGUAGE="en")
    assert "give the reason for changing the reported person" in english.content.decode()
    done = client.post(url, {"person": str(other.public_id), "reason": "NIP keliru."})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).person == other
    detail = client.get(reverse("cases:detail", kwargs={"case_id": case.public_id}))
    assert "Alasan: NIP keliru." in detail.content.decode()


@freeze_time(START)
def test_identity_page_after_the_recommendation_says_why_not(case_world, other, staff_client):
    w = case_world
    case = recommended(w)
    url = reverse("cases:identity", kwargs={"case_id": case.public_id})
    client = staff_client(w["bawaslu"])
    page = client.get(url).content.decode()
    assert "terlapor tidak dapat diubah lagi" in page
    assert f'value="{other.public_id}"' not in page
    refused = client.post(url, {"person": str(other.public_id), "reason": "x"})
    assert refused.status_code == 409
    assert Case.objects.get(pk=case.pk).person == w["person"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "can no longer be changed" in english


@freeze_time(START)
def test_identity_api_reason_and_refusal(case_world, other, api_client_for):
    w = case_world
    case = in_study(w)
    api = api_client_for(w["bawaslu"])
    url = reverse("cases-api:case-identity", kwargs={"public_id": case.public_id})
    missing = api.post(url, {"person": str(other.public_id)}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "identity_reason_required"
    done = api.post(url, {"person": str(other.public_id), "reason": "NIP keliru."}, format="json")
    assert done.status_code == 200
    assert done.json()["events"][-1]["kind"] == "identity_changed"
    assert "NIP keliru." in done.json()["events"][-1]["text"]
    late = recommended(w)
    url = reverse("cases-api:case-identity", kwargs={"public_id": late.public_id})
    refused = api.post(
        url,
        {"person": str(other.public_id), "reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "identity_after_recommendation"
    assert "cannot be changed" in refused.json()["detail"]
