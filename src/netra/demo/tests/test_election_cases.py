"""`netra demo cases`: bulk-generated cases that look like what the workflow leaves behind."""

import pytest

from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseEvent, CaseReport
from netra.demo.election_cases import PATHS, generate_cases
from netra.intake.models import Report
from netra.registry.choices import FunctionalGroup
from netra.registry.models import Person
from netra.sanctions.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(regions_sample, rules_and_elections_loaded):
    return generate_cases(cases=300, seed=7)


def test_every_case_has_its_report_events_in_order_and_a_consistent_state(generated):
    assert Case.objects.count() == 300 == Report.objects.count()
    assert CaseReport.objects.filter(is_primary=True).count() == 300
    assert sum(generated["by_state"].values()) == 300
    # Many states, including the PPK side, appear
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.SANCTIONED, CaseState.CLOSED, CaseState.NOT_A_VIOLATION} <= states
    case = Case.objects.filter(state=CaseState.SANCTIONED).first()
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    assert [e.to_state for e in events] == list(PATHS[CaseState.SANCTIONED])
    assert all(a.created_at <= b.created_at for a, b in zip(events, events[1:], strict=False))
    assert events[0].created_at == case.created_at
    # A sanctioned case has the PPK's decision, with its recorded compliance
    assert Decision.objects.filter(case=case).exists()
    assert case.classification.get("act")


def test_teachers_and_health_workers_are_over_represented(generated):
    reported = Person.objects.filter(pk__in=Case.objects.values("person_id"))
    share = (
        reported.filter(
            functional_group__in=[FunctionalGroup.TEACHER, FunctionalGroup.HEALTH]
        ).count()
        / reported.count()
    )
    # The registry generator has about 55 %; reports weigh the others down
    assert share > 0.62


def test_a_second_run_adds_more_without_clashing(generated):
    again = generate_cases(cases=50, seed=7)
    assert again["cases"] == 50
    assert Case.objects.count() == 350
