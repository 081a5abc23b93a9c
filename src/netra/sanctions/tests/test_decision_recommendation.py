"""The PPK's decision against the recommendation: the page shows exactly what was recommended
(level and sanctions in words); the picker offers only sanctions valid for the person's type on
the act's date, grouped by level, labels unique with the regulation, no codes; a sanction other
than the recommended ones needs a reason (service, page, API); compliance is computed from the
recommendation; the decree number goes on the case's timeline."""

import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.models import Case, CaseEvent
from netra.sanctions import services
from netra.sanctions.forms import DecisionForm
from netra.sanctions.models import Decision

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-02 03:00:00"
DECREE = {
    "decree_number": "800/9/BKPSDM/2024",
    "decree_date": "2024-10-01",
    "received_on": "2024-10-01",
}
OUTSIDE = "PNS_PP94_WRITTEN_REPRIMAND"  # light: not one of the heavy recommendation's


def record(w, case, code, **extra):
    import datetime as dt

    return services.decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=code,
        decree_number=DECREE["decree_number"],
        decree_date=dt.date(2024, 10, 1),
        received_on=dt.date(2024, 10, 1),
        **extra,
    )


@freeze_time(START)
def test_outside_the_recommendation_a_reason_is_required_and_kept(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    assert OUTSIDE not in case.facts["recommended_sanctions"]
    with pytest.raises(services.SanctionError) as refused:
        record(w, case, OUTSIDE, reason="  ")
    assert "reason" in refused.value.field_messages()
    assert Case.objects.get(pk=case.pk).state == S.RECOMMENDATION_TO_PPK
    assert not Decision.objects.exists()
    decision = record(w, case, OUTSIDE, reason="Pelanggaran pertama.")
    case = Case.objects.get(pk=case.pk)
    assert decision.compliance == "lighter" and case.facts["compliance"] == "lighter"
    assert case.facts["decision_reason"] == "Pelanggaran pertama."
    row = CaseEvent.objects.filter(case=case, kind=CaseEventKind.DECREE_RECORDED).get()
    assert row.details["decree_number"] == DECREE["decree_number"]


@freeze_time(START)
def test_the_recommended_sanction_needs_no_reason(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    decision = record(w, case, case.facts["recommended_sanctions"][0])
    assert decision.compliance == "compliant"


@freeze_time(START)
def test_compliance_reads_the_recorded_recommendation(sanctions_world):
    """The task force narrowed the recommendation to one sanction: another heavy sanction is
    outside it (a reason is needed) but still the recommended level."""
    w = sanctions_world
    case = w["to_ppk"]()
    facts = {**case.facts, "recommended_sanctions": ["PNS_PP94_RELEASE_TO_EXECUTOR_12M"]}
    Case.objects.filter(pk=case.pk).update(facts=facts)
    case = Case.objects.get(pk=case.pk)
    with pytest.raises(services.SanctionError):
        record(w, case, "PNS_PP94_DEMOTION_12M")
    decision = record(w, case, "PNS_PP94_DEMOTION_12M", reason="Jabatan pelaksana tidak ada.")
    assert decision.compliance == "compliant"


@freeze_time(START)
def test_the_picker_offers_valid_sanctions_by_level_without_codes(sanctions_world):
    w = sanctions_world
    case = w["to_ppk"]()
    catalogue = services.catalogue_for(case)
    assert "PNS_PP53_RANK_DEMOTION_3Y" not in catalogue  # not in force on the act's date
    assert "PPPK_AGENCY_DEFINED" not in catalogue  # another employee type
    choices = DecisionForm(catalogue=catalogue).fields["sanction_code"].choices[1:]
    assert all(isinstance(rows, list) for _level, rows in choices)
    labels = [label for _level, rows in choices for _code, label in rows]
    assert len(labels) == len(set(labels))
    assert not any(re.search(r"[A-Z]{3,}_[A-Z0-9_]+", label) for label in labels)
    with pytest.raises(services.SanctionError) as refused:
        record(w, case, "PNS_PP53_RANK_DEMOTION_3Y", reason="x")
    assert "sanction_code" in refused.value.field_messages()


@freeze_time(START)
def test_decision_page_shows_the_recommendation_and_asks_for_the_reason(
    sanctions_world, staff_client
):
    w = sanctions_world
    case = w["to_ppk"]()
    url = reverse("sanctions:decision", kwargs={"case_id": case.public_id})
    client = staff_client(w["ppk"])
    html = client.get(url).content.decode()
    assert "Penurunan jabatan setingkat lebih rendah selama 12 bulan (PP 94/2021)" in html
    assert "<optgroup" in html and "Teguran tertulis (PP 94/2021)" in html
    assert not re.search(r">[^<]*PNS_PP", html)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recommended sanction level" in english and "Demotion by one position" in english
    refused = client.post(url, {**DECREE, "sanction_code": OUTSIDE})
    assert refused.status_code == 400
    assert "Sanksi yang dipilih berbeda dari rekomendasi" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == S.RECOMMENDATION_TO_PPK
    done = client.post(url, {**DECREE, "sanction_code": OUTSIDE, "reason": "Pertama kali."})
    assert done.status_code == 302
    case_page = client.get(reverse("cases:detail", kwargs={"case_id": case.public_id}))
    body = case_page.content.decode()
    assert "Lebih ringan dari rekomendasi" in body
    assert "Keputusan PPK dicatat: SK nomor 800/9/BKPSDM/2024." in body
    assert "Pertama kali." in body


@freeze_time(START)
def test_decision_api_requires_the_reason(sanctions_world, api_client_for):
    w = sanctions_world
    case = w["to_ppk"]()
    client = api_client_for(w["ppk"])
    url = reverse("sanctions-api:decision", args=[case.public_id])
    refused = client.post(url, {**DECREE, "sanction_code": OUTSIDE}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    done = client.post(
        url, {**DECREE, "sanction_code": OUTSIDE, "reason": "Pertama kali."}, format="json"
    )
    assert done.status_code == 201, done.content
    assert done.json()["compliance"] == "lighter"
