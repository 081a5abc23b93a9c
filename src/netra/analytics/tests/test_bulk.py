"""The set-based reconcile (bulk.py, PostgreSQL) gives exactly the ORM path's facts and cubes,
corrects drift, and finds nothing to correct afterwards; the fast generator's copies keep the
schema's rules (run on generated cases with every path of the workflow, and prevention work)."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from netra.analytics import services
from netra.analytics.models import CaseCube, CaseFact, PreventionFact, ReportFact
from netra.analytics.services import CUBES, TRACKERS
from netra.analytics.tests.helpers import cube_rows
from netra.cases.models import Case, CaseReport
from netra.intake.models import Report
from netra.readable_codes import check_matches
from netra.registry.models import Person
from netra.sanctions.models import Decision

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based paths are PostgreSQL only"
)


@pytest.fixture
def generated(regions_sample, rules_and_elections_loaded):
    from netra.demo.fast_cases import generate_cases_fast

    return generate_cases_fast(cases=250, template=100, seed=7)


def _facts() -> dict:
    out = {}
    for name, tracker in TRACKERS.items():
        out[name] = {
            tracker.source_id(f): {k: getattr(f, k) for k in tracker.fact_fields}
            for f in tracker.all_facts()
        }
    return out


def _cubes() -> dict:
    return {name: cube_rows(name) for name in CUBES}


@postgresql
def test_fast_generator_copies_keep_the_rules(generated):
    assert Case.objects.count() == 250 == Report.objects.count()
    assert generated["rows"]["cases.Case"] == 250
    assert CaseReport.objects.filter(is_primary=True).count() == 250
    # Unique readable numbers with a valid check character, in the real shape
    for number in Report.objects.values_list("tracking_number", flat=True):
        assert check_matches(number.replace("-", "")[3:])
    assert Case.objects.values("number").distinct().count() == 250
    # Each copy moved the case and its person to another regency together
    regency = {c.pk: c.region.code[:5] for c in Case.objects.select_related("region")}
    low = min(regency)
    assert sum(regency[i] != regency[i + 100] for i in range(low, low + 100)) > 50
    for case in Case.objects.filter(person__isnull=False).select_related(
        "person__region", "person__agency", "region", "report"
    )[:200]:
        assert case.report.region_id == case.region_id
        assert case.person.region.code[:5] == case.region.code[:5]
        if len(case.person.agency.code) == 4:
            assert case.person.agency.code == case.region.code[:5].replace(".", "")
    # One current decision per case, its person the case's
    for decision in Decision.objects.select_related("case"):
        assert decision.person_id == decision.case.person_id
    assert Person.objects.exclude(nip=None).values("nip").distinct().count() == (
        Person.objects.exclude(nip=None).count()
    )
    rows = generated["rows"]
    assert rows["prevention.Activity"] and rows["prevention.Pledge"]
    assert rows["prevention.Attendance"] and rows["prevention.IntegrityPact"]


@postgresql
def test_set_based_reconcile_equals_the_orm_path_and_corrects_drift(generated):
    services.reconcile(set_based=False)
    facts, cubes = _facts(), _cubes()
    assert len(facts["case"]) == 250 and facts["pledge"] and facts["attendance"]
    # Drift of every kind: facts missing, wrong and orphaned; cube rows wrong, missing, extra.
    CaseFact.objects.filter(pk__in=CaseFact.objects.values("pk")[:20]).delete()
    CaseFact.objects.filter(pk__in=CaseFact.objects.values("pk")[:20]).update(
        outcome="pending", agency_id=0, recommendation_days=999
    )
    ReportFact.objects.filter(pk__in=ReportFact.objects.values("pk")[:5]).update(source="x")
    PreventionFact.objects.filter(kind="pledge")[:1].get().delete()
    orphan = CaseFact.objects.first()
    CaseFact.objects.create(
        case_id=10**9, month=orphan.month, province="11", regency="11.01", outcome="proven"
    )
    CaseCube.objects.filter(pk__in=CaseCube.objects.values("pk")[:10]).delete()
    CaseCube.objects.filter(pk__in=CaseCube.objects.values("pk")[:10]).update(n=77)
    # An extra row no case stands behind: a month before any generated case, so it can never
    # collide with a real row's key (a copy of a real row would, whichever row comes first).
    row = CaseCube.objects.first()
    extra = {d: getattr(row, d) for d in CUBES["case"][1][:-1]}
    CaseCube.objects.create(**{**extra, "month": dt.date(1990, 1, 1)}, n=3)

    corrections = services.reconcile(set_based=True)
    assert corrections["facts"]["case"] == 41  # 20 missing, 20 wrong, 1 orphan
    assert corrections["facts"]["report"] == 5 and corrections["facts"]["pledge"] == 1
    assert corrections["cubes"]["case"] > 0
    assert _facts() == facts
    assert _cubes() == cubes
    again = services.reconcile(set_based=True)
    assert sum(again["facts"].values()) == 0 and sum(again["cubes"].values()) == 0


@postgresql
def test_set_based_reconcile_from_empty_rollups_equals_direct_counts(generated):
    services.reconcile()
    assert CaseFact.objects.count() == 250
    live = Case.objects.filter(merged_into__isnull=True)
    by_state = Counter(dict(live.values_list("state").annotate(c=Count("id")).order_by()))
    assert sum(by_state.values()) == sum(cube_rows("case").values())
    by_regency = Counter()
    for code, n in live.values_list("region__code").annotate(c=Count("id")).order_by():
        by_regency[".".join(code.split(".")[:2])] += n
    cube = Counter()
    for key, n in cube_rows("case").items():
        cube[key[CUBES["case"][1].index("regency")]] += n
    assert +cube == +by_regency
    assert sum(cube_rows("report").values()) == Report.objects.count()


def test_demo_cases_fast_command(regions_sample, rules_and_elections_loaded):
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("demo", "cases", "--cases", "50", "--fast")
        return
    out = io.StringIO()
    call_command("demo", "cases", "--cases", "60", "--fast", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rows"]["cases.Case"] == 60 == CaseFact.objects.count()
    with pytest.raises(CommandError, match="without cases"):
        call_command("demo", "cases", "--cases", "60", "--fast")


def test_fast_generator_never_needs_more_copies_than_nip_prefixes():
    from netra.demo.fast_cases import MAX_COPIES, template_size

    assert template_size(1_000_000) == 20_000  # the template and 49 copies
    assert template_size(4_400_000) == 88_000
    assert -(-4_400_000 // template_size(4_400_000)) <= MAX_COPIES
    assert template_size(250, 100) == 100 and template_size(60) == 60
