"""The recommendation records the recommended level and sanction(s), chosen only from the
catalogue sanctions valid for the person's employee type on the act's date (the rules
catalogue decides validity), when the study is concluded and when the task force forwards it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from netra.cases import recommendation
from netra.cases.choices import CaseState
from netra.cases.forms import ForwardToPpkForm, RecommendForm
from netra.cases.models import Case
from netra.cases.services import (
    CaseError,
    case_classify,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tests.fixtures import to_recommendation_to_authority, to_registered

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
FINDINGS = {"study_findings": "Terlapor memasang alat peraga calon di sekolah."}


def in_study(w):
    case = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 9, 30)
    )
    return case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)


@freeze_time(START)
def test_valid_sanctions_are_the_catalogues_for_the_type_and_the_act_date(case_world):
    w = case_world
    case = in_study(w)
    codes = {s.code for s in recommendation.valid_sanctions(case)}
    assert "PNS_PP94_DEMOTION_12M" in codes and "PNS_PP94_ORAL_REPRIMAND" in codes
    assert "PPPK_AGENCY_DEFINED" not in codes  # another employee type
    assert "PNS_PP53_RANK_DEMOTION_3Y" not in codes  # no longer in force on the act's date
    with translation.override("id"):
        groups = recommendation.sanction_groups(recommendation.valid_sanctions(case))
    labels = [label for _level, rows in groups for _code, label in rows]
    assert len(labels) == len(set(labels))
    assert [level for level, _rows in groups][:2] == ["Sanksi moral", "Ringan"]
    assert all("(" in label for label in labels)  # the regulation is named
    assert not any("PNS_" in label for label in labels)


@freeze_time(START)
def test_recommending_records_the_level_and_sanctions(case_world):
    w = case_world
    case = case_transition(
        actor=w["bawaslu"],
        case=in_study(w),
        target=S.RECOMMENDED,
        facts={
            **FINDINGS,
            "recommended_level": "heavy",
            "recommended_sanctions": ["PNS_PP94_DEMOTION_12M"],
        },
    )
    assert case.facts["recommended_level"] == "heavy"
    assert case.facts["recommended_sanctions"] == ["PNS_PP94_DEMOTION_12M"]
    with translation.override("id"):
        shown = recommendation.recommendation_of(case)
        labels = shown.sanction_labels
    assert shown.level_label == "Berat"
    assert labels == ["Penurunan jabatan setingkat lebih rendah selama 12 bulan (PP 94/2021)"]


@freeze_time(START)
def test_without_a_statement_the_classification_is_recorded(case_world):
    w = case_world
    case = case_transition(
        actor=w["bawaslu"], case=in_study(w), target=S.RECOMMENDED, facts=FINDINGS
    )
    classified = [s["code"] for s in case.classification["sanctions"]]
    assert case.facts["recommended_level"] == case.classification["level"] == "heavy"
    assert case.facts["recommended_sanctions"] == classified


@pytest.mark.parametrize(
    "stated, code",
    [
        ({"recommended_sanctions": ["PPPK_AGENCY_DEFINED"]}, "sanction_not_valid"),
        ({"recommended_sanctions": ["PNS_PP53_RANK_DEMOTION_3Y"]}, "sanction_not_valid"),
        ({"recommended_sanctions": ["NOPE"]}, "sanction_not_valid"),
        (
            {"recommended_level": "heavy", "recommended_sanctions": ["PNS_PP94_ORAL_REPRIMAND"]},
            "sanction_level_mismatch",
        ),
        (
            {"recommended_level": "galaxy", "recommended_sanctions": ["PNS_PP94_DEMOTION_12M"]},
            "level_not_valid",
        ),
    ],
)
@freeze_time(START)
def test_a_recommendation_outside_the_valid_catalogue_is_refused(case_world, stated, code):
    w = case_world
    case = in_study(w)
    with pytest.raises(CaseError) as refused:
        case_transition(
            actor=w["bawaslu"], case=case, target=S.RECOMMENDED, facts={**FINDINGS, **stated}
        )
    assert refused.value.code == code and refused.value.status == 400
    assert refused.value.field_messages()
    assert Case.objects.get(pk=case.pk).state == S.STUDY


@freeze_time(START)
def test_the_task_force_forwards_with_its_own_choice(case_world):
    w = case_world
    case = case_transition(
        actor=w["bawaslu"], case=in_study(w), target=S.RECOMMENDED, facts=FINDINGS
    )
    case = to_recommendation_to_authority(w, case)
    case = case_transition(
        actor=w["task_force"],
        case=case,
        target=S.RECOMMENDATION_TO_PPK,
        facts={"recommended_sanctions": ["PNS_PP94_RELEASE_TO_EXECUTOR_12M"]},
    )
    assert case.facts["recommended_sanctions"] == ["PNS_PP94_RELEASE_TO_EXECUTOR_12M"]
    assert case.facts["recommended_level"] == "heavy"


@freeze_time(START)
def test_the_forms_offer_the_valid_catalogue_grouped_by_level(case_world):
    w = case_world
    case = in_study(w)
    form = RecommendForm(case=case, prefix="recommended")
    choices = form.fields["recommended_sanctions"].choices
    assert all(isinstance(rows, list) for _group, rows in choices)  # grouped
    assert form.initial["recommended_level"] == "heavy"
    assert "PNS_PP94_DEMOTION_12M" in form.initial["recommended_sanctions"]
    forward = ForwardToPpkForm(
        {"forward-recommended_sanctions": ["PPPK_AGENCY_DEFINED"]}, case=case, prefix="forward"
    )
    assert not forward.is_valid() and "recommended_sanctions" in forward.errors


@freeze_time(START)
def test_the_study_page_offers_level_and_sanctions_in_words(case_world, staff_client):
    w = case_world
    case = in_study(w)
    client = staff_client(w["bawaslu"])
    page = reverse("cases:detail", kwargs={"case_id": case.public_id})
    html = client.get(page).content.decode()
    assert "Tingkat sanksi yang direkomendasikan" in html
    assert "Penurunan jabatan setingkat lebih rendah selama 12 bulan (PP 94/2021)" in html
    english = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recommended sanction level" in english
    response = client.post(
        reverse("cases:transition", kwargs={"case_id": case.public_id, "target": S.RECOMMENDED}),
        {
            "recommended-study_findings": FINDINGS["study_findings"],
            "recommended-recommended_level": "heavy",
            "recommended-recommended_sanctions": ["PNS_PP94_RELEASE_TO_EXECUTOR_12M"],
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.facts["recommended_sanctions"] == ["PNS_PP94_RELEASE_TO_EXECUTOR_12M"]
    facts_html = client.get(page).content.decode()
    assert "Tingkat sanksi yang direkomendasikan" in facts_html and "Berat" in facts_html


def test_without_a_statement_only_the_study_sanctions_of_its_level_are_recorded(monkeypatch):
    """A form the task force grades lists sanctions of several levels: the recommendation
    taken from the study keeps those of the recommended level (the demo's cases do this)."""
    from types import SimpleNamespace

    catalogue = {
        "LIGHT_ONE": SimpleNamespace(code="LIGHT_ONE", levels=["light"]),
        "HEAVY_ONE": SimpleNamespace(code="HEAVY_ONE", levels=["heavy"]),
        "HEAVY_TWO": SimpleNamespace(code="HEAVY_TWO", levels=["moderate", "heavy"]),
    }
    monkeypatch.setattr(recommendation, "valid_sanctions", lambda case: catalogue.values())
    case = SimpleNamespace(
        classification={"level": "heavy", "sanctions": [{"code": code} for code in catalogue]}
    )
    recorded = recommendation.recommendation_check(case, {})
    assert recorded == {
        "recommended_level": "heavy",
        "recommended_sanctions": ["HEAVY_ONE", "HEAVY_TWO"],
    }
