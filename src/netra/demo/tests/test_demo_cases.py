"""`netra demo` builds cases in every workflow state, through the services only."""

import json

import pytest
from django.core.management import call_command

from netra.audit.models import AuditEvent
from netra.cases.choices import CaseEventKind, CaseState
from netra.cases.models import Case, CaseEvent
from netra.cases.selectors import case_list_for
from netra.documents.choices import DocumentKind
from netra.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(regions_sample, settings, tmp_path, capsys, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--if-empty")
    return capsys.readouterr().out


def _every_state_has_a_case_and_the_audit_chain_holds(demo_loaded, capsys):
    # Every state of the workflow has at least one case
    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(CaseState.values)
    # and the summary printed lists them
    assert "Demo cases:" in demo_loaded
    for state in CaseState.values:
        assert f"  {state} " in demo_loaded
    # The audit chain verifies (the command exits 0)
    call_command("audit", "verify")
    assert "audit chain intact" in capsys.readouterr().out


def _cases_were_made_by_the_demo_staff_under_their_roles(demo_loaded):
    roles = {
        (username, role)
        for username, role in CaseEvent.objects.exclude(actor=None).values_list(
            "actor__username", "role"
        )
    }
    assert ("bawaslu.bogor", "bawaslu_officer") in roles
    assert ("satgas.bkn", "satgas_analyst") in roles
    assert ("ppk.bogor", "ppk_officer") in roles
    assert ("bkpsdm.bogor", "agency_hr") in roles
    # the overdue sweep moved the PPK cases as the scheduler
    assert CaseEvent.objects.filter(actor=None, role="system", to_state="ppk_no_follow_up").exists()
    # each state change is in the audit trail, and the escalations too
    transitions = AuditEvent.objects.filter(action="cases.transition").count()
    assert (
        transitions
        == CaseEvent.objects.filter(kind=CaseEventKind.TRANSITION).exclude(from_state="").count()
    )
    # every case sent to the recommending authority went with its recommendation letter
    sent = Case.objects.filter(events__to_state=CaseState.RECOMMENDATION_TO_AUTHORITY).distinct()
    assert sent.exists()
    for case in sent:
        assert IssuedDocument.objects.filter(
            subject_ref=f"cases.case:{case.public_id}", kind=DocumentKind.RECOMMENDATION_LETTER
        ).exists()
    # and the notice to the PPK of the demo is in BKN's name
    assert IssuedDocument.objects.filter(
        kind=DocumentKind.PPK_NOTIFICATION, issuer="Badan Kepegawaian Negara"
    ).exists()
    escalated = set(
        AuditEvent.objects.filter(action="cases.deadline_escalated").values_list(
            "payload__code", flat=True
        )
    )
    assert {"correction", "ppk_follow_up", "objection_decision"} <= escalated


def _ppk_sees_only_the_cases_that_reached_the_ppk(demo_loaded):
    from netra.accounts.models import User
    from netra.cases.selectors import PPK_VISIBLE_STATES

    ppk = User.objects.get(username="ppk.bogor")
    visible = case_list_for(ppk)
    assert visible.exists()
    assert set(visible.values_list("state", flat=True)) <= set(PPK_VISIBLE_STATES)
    # everything at or past the PPK is about people of the Bogor regency government
    assert not (
        Case.objects.filter(state__in=PPK_VISIBLE_STATES, person__isnull=False)
        .exclude(person__agency__code="3201")
        .exists()
    )
    bawaslu = User.objects.get(username="bawaslu.bogor")
    assert case_list_for(bawaslu).count() == Case.objects.count()


def test_demo_cases_cover_every_state_made_by_the_staff_and_scoped(demo_loaded, capsys):
    # One demo build for the three checks (building it walks two dozen cases).
    _every_state_has_a_case_and_the_audit_chain_holds(demo_loaded, capsys)
    _cases_were_made_by_the_demo_staff_under_their_roles(demo_loaded)
    _ppk_sees_only_the_cases_that_reached_the_ppk(demo_loaded)


def test_demo_json_reports_the_cases_per_state(regions_sample, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    call_command("demo", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data["cases"]) == set(CaseState.values)
    assert sum(data["cases"].values()) == Case.objects.count()
