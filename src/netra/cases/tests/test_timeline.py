"""The case timeline shows every step that changed the case: identity resolved or changed,
merge, classification recorded or changed, letters issued (and, from the sanctions app, the
decree), each as a readable line in both languages, on the case page and in the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.models import CaseEvent
from netra.cases.services import (
    case_classify,
    case_event_record,
    case_merge,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tests.fixtures import to_registered
from netra.cases.timeline import event_line
from netra.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
S = CaseState
K = CaseEventKind
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
ISO = "2024-10-01"


def kinds(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def lines(case, language: str, personal: bool = True) -> list[str]:
    with translation.override(language):
        return [event_line(e, personal=personal) for e in CaseEvent.objects.filter(case=case)]


@freeze_time(START)
def test_identity_classification_and_letters_each_leave_a_timeline_row(case_world):
    w = case_world
    case = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    other = PersonFactory(agency=w["agency"], name="Budi Santoso", name_plain="Budi Santoso")
    case_resolve_identity(actor=w["bawaslu"], case=case, person=other)
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 9, 30)
    )
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 9, 29)
    )
    assert kinds(case) == [
        K.TRANSITION,
        K.TRANSITION,
        K.TRANSITION,
        K.IDENTITY_RESOLVED,
        K.IDENTITY_CHANGED,
        K.CLASSIFIED,
        K.CLASSIFICATION_CHANGED,
    ]
    changed = CaseEvent.objects.get(case=case, kind=K.IDENTITY_CHANGED)
    assert changed.details["old"]["name"] == w["person"].name
    assert changed.details["new"]["name"] == "Budi Santoso"
    assert changed.role == "bawaslu_officer" and changed.actor == w["bawaslu"]
    indonesian, english = lines(case, "id"), lines(case, "en")
    assert indonesian[0] == "Kasus dibuka."
    assert f"Terlapor ditetapkan: {w['person'].name} (NIP {w['person'].nip})." in indonesian
    assert any(line.startswith("Terlapor diubah dari Ahmad Fauzi") for line in indonesian)
    assert any(line.startswith("Klasifikasi dicatat: ") for line in indonesian)
    assert any(line.startswith("The reported person was set: ") for line in english)
    assert any(line.startswith("Classification changed from ") for line in english)
    for line in indonesian + english:
        assert "banners-and-props" not in line and ISO not in line and "None" not in line
    # Without the right to see who is reported: the change is there, the names are not.
    hidden = lines(case, "id", personal=False)
    assert not any("Budi" in line or "Ahmad" in line for line in hidden)
    assert any(line.startswith("Terlapor diubah") for line in hidden)


@freeze_time(START)
def test_merge_is_on_the_timeline_of_both_cases(case_world):
    w = case_world
    target = w["open"]()
    duplicate = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    case_merge(actor=w["bawaslu"], target=target, duplicate=duplicate, reason="Laporan sama.")
    assert kinds(target)[-1] == K.MERGED
    assert K.MERGED in kinds(duplicate)
    assert any(
        f"Kasus {duplicate.number} digabung ke kasus ini" in line for line in lines(target, "id")
    )
    assert any(f"Case {target.number}" in line for line in lines(duplicate, "en")) or any(
        target.number in line for line in lines(duplicate, "en")
    )
    assert any("Alasan: Laporan sama." in line for line in lines(target, "id"))


@freeze_time(START)
def test_letter_issued_and_decree_rows_read_in_words(case_world):
    w = case_world
    case = w["open"]()
    case_event_record(
        actor=w["bawaslu"],
        case=case,
        kind=K.LETTER_ISSUED,
        details={"letter_kind": "recommendation_letter", "letter_number": "001/REK/2024"},
    )
    case_event_record(
        actor=None, case=case, kind=K.DECREE_RECORDED, details={"decree_number": "800/1/2024"}
    )
    assert lines(case, "id")[-2:] == [
        "Surat rekomendasi diterbitkan dengan nomor 001/REK/2024.",
        "Keputusan PPK dicatat: SK nomor 800/1/2024.",
    ]
    english = lines(case, "en")[-2:]
    assert english[0].startswith("Recommendation letter") and "001/REK/2024" in english[0]
    assert english[1] == "PPK decision recorded: decree number 800/1/2024."
    with pytest.raises(ValueError):
        case_event_record(actor=None, case=case, kind=K.TRANSITION)


@freeze_time(START)
def test_case_page_and_api_show_the_timeline_lines(case_world, staff_client, api_client_for):
    w = case_world
    case = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 9, 30)
    )
    page = reverse("cases:detail", kwargs={"case_id": case.public_id})
    client = staff_client(w["bawaslu"])
    html = client.get(page).content.decode()
    assert "Terlapor ditetapkan: Ahmad Fauzi" in html
    assert "Klasifikasi dicatat:" in html
    english = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Classification recorded:" in english
    api = api_client_for(w["bawaslu"])
    url = reverse("cases-api:case-detail", kwargs={"public_id": case.public_id})
    events = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["events"]
    assert [e["kind"] for e in events][-2:] == ["identity_resolved", "classified"]
    assert events[-2]["text"].startswith("The reported person was set: Ahmad Fauzi")
    # The auditor reads the step without the name
    auditor = api_client_for(w["auditor"]).get(url).json()["events"]
    assert auditor[-2]["text"] and "Ahmad" not in auditor[-2]["text"]
