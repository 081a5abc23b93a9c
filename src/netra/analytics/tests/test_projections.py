"""Every dashboard and public figure is the same whichever rollup answers it: the coarse
projections (selectors.CASE_MODELS ...) give what the full cubes give, for every role's scope
and for filters that need the fine columns, the region or the agency."""

import pytest

from netra.analytics import selectors, services
from netra.analytics.filters import Filters
from netra.analytics.models import CaseCube, DurationCube, ReportCube
from netra.cases.models import Case
from netra.demo.election_cases import generate_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(regions_sample, rules_and_elections_loaded, make_staff):
    from netra.registry.models import Agency

    generate_cases(cases=150, seed=11)
    services.reconcile()
    case = Case.objects.filter(person__isnull=False).select_related("region", "person").first()
    regency = case.region.code[:5]
    return {
        "national": make_staff(role="satgas_analyst"),
        "province": make_staff(role="bawaslu_officer", region=regency[:2]),
        "regency": make_staff(role="bawaslu_officer", region=regency),
        "ppk": make_staff(role="ppk_officer", agency=Agency.objects.get(pk=case.person.agency_id)),
        "_regency": regency,
    }


def _everything(user, f: Filters) -> dict:
    out = {
        "totals": selectors.case_totals(user, f),
        "over_time": selectors.cases_over_time(user, f),
        "reports": selectors.reports_over_time(user, f, "day"),
        "sanctions": selectors.sanctions_by_level(user, f),
        "compliance": selectors.compliance(user, f),
        "compliance_ppk": selectors.compliance(user, f, by="ppk"),
        "durations": selectors.durations(user, f),
        "prevention": selectors.prevention_vs_violations(user, f),
        "options": selectors.filter_options(user),
    }
    for by in selectors.BREAKDOWNS:
        out[f"breakdown {by}"] = selectors.breakdown(user, f, by)
    return out


def test_the_projections_answer_as_the_full_cubes_do(data, monkeypatch):
    from netra.analytics.public import as_dict, public_statistics
    from netra.elections.models import Election

    regency = data.pop("_regency")
    election = Election.objects.get(slug="pemilu-2024")
    filters = [
        Filters(),
        Filters.from_query({"election": election.slug}),
        Filters.from_query({"election": election.slug, "functional_group": "teacher"}),
        Filters.from_query({"province": regency[:2], "start": "2023-10-01"}),
        Filters.from_query({"regency": regency, "act": "social-media-engagement"}),
    ]
    fast = {(who, i): _everything(u, f) for who, u in data.items() for i, f in enumerate(filters)}
    public_fast = as_dict(public_statistics(election))
    assert fast[("national", 0)]["totals"]["cases"] == Case.objects.count()
    # The same with the full cubes only.
    monkeypatch.setattr(selectors, "CASE_MODELS", (CaseCube,))
    monkeypatch.setattr(selectors, "DURATION_MODELS", (DurationCube,))
    monkeypatch.setattr(selectors, "REPORT_MODELS", (ReportCube,))
    full = {(who, i): _everything(u, f) for who, u in data.items() for i, f in enumerate(filters)}
    assert fast == full
    assert public_fast["tables"]  # the public tables read projections only; totals agree
    provinces = public_fast["tables"][0]
    assert provinces["key"] == "provinces"


def test_the_smallest_rollup_with_the_columns_is_chosen():
    from django.db.models import Q

    from netra.analytics.models import (
        CaseAgencySummary,
        CaseNationalCube,
        CaseRegencySummary,
        CaseRegionSummary,
        CaseSummary,
    )

    models = selectors.CASE_MODELS
    assert selectors.smallest(models, None, needs=("outcome",)) is CaseRegionSummary
    assert selectors.smallest(models, Q(regency="32.01")) is CaseRegencySummary
    assert selectors.smallest(models, None, needs=("compliance", "agency_id")) is CaseAgencySummary
    assert selectors.smallest(models, Q(act="x"), needs=("outcome",)) is CaseNationalCube
    assert selectors.smallest(models, Q(province="32") & Q(agency_id=3)) is CaseSummary
    assert selectors.smallest(models, Q(act="x"), needs=("compliance",)) is CaseNationalCube
    assert selectors.smallest(models, Q(act="x"), needs=("agency_id",)) is CaseCube
