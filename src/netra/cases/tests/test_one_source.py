"""One source for each decision (issue #10 §1), proven across pages and API:

- for every state of a case and every staff role, the moves the case page shows are the API's
  `available_actions` (both ask `selectors.case_moves_for`);
- a person out of the user's registry scope given to the identity page and to the identity API
  is refused the same way (400, the same message) and nothing changes;
- each capability is one set of roles that the page, the API and the service use.
"""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases import capabilities, letters
from netra.cases.choices import CaseState
from netra.cases.errors import CaseErrorCode
from netra.cases.models import Case
from netra.cases.moves import MoveKind
from netra.cases.tests.fixtures import to_recommendation_to_ppk
from netra.cases.tests.test_api import snapshot, url
from netra.intake import capabilities as intake_capabilities
from netra.intake import services as intake_services
from netra.registry.tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db
S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
ROLES = ("bawaslu", "task_force", "ppk", "auditor", "admin")


def page_moves(response) -> set:
    context = response.context
    moves = {(a["target"], True) for a in context["actions"]}
    moves |= {(a["target"], False) for a in context["blocked_actions"]}
    for kind, flag in (
        (MoveKind.RESOLVE_IDENTITY, "may_resolve"),
        (MoveKind.CLASSIFY, "may_classify"),
        (MoveKind.MERGE, "may_merge"),
    ):
        if context[flag]:
            moves.add((kind, None))
    return moves


def api_moves(body: dict) -> set:
    moves = set()
    for row in body["available_actions"]:
        if row["kind"] in MoveKind.OTHER:
            moves.add((row["kind"], None))
        else:
            moves.add((row["target"], row["ready"]))
    return moves


@freeze_time(START)
def test_the_case_page_and_the_api_offer_the_same_moves_in_every_state_for_every_role(
    case_world, make_staff, staff_client, api_client_for
):
    w = case_world
    w["admin"] = make_staff(role="admin", region=None)
    case = to_recommendation_to_ppk(w, w["open"]())
    pages = {role: staff_client(w[role]) for role in ROLES}
    apis = {role: api_client_for(w[role]) for role in ROLES}
    page_url = reverse("cases:detail", args=[case.public_id])
    offered = 0
    for state in S.values:
        Case.objects.filter(pk=case.pk).update(state=state)
        for role in ROLES:
            page = pages[role].get(page_url)
            api = apis[role].get(url("case-detail", case))
            assert page.status_code in (200, 404), (state, role, page.status_code)
            assert api.status_code == page.status_code, (state, role)
            if page.status_code == 404:
                continue
            assert page_moves(page) == api_moves(api.json()), (state, role)
            offered += len(api.json()["available_actions"])
    assert offered > 0  # the matrix is not vacuous


@freeze_time(START)
def test_a_person_out_of_scope_is_refused_alike_by_the_identity_page_and_api(
    case_world, make_staff, staff_client, api_client_for
):
    w = case_world
    case = w["open"]()
    # A Bawaslu officer of Jawa Barat whose registry scope does not hold this person (another
    # agency in Jambi) and who is not among the case's candidates.
    stranger = PersonFactory(
        agency=AgencyFactory(code="JAMBI01"), name="Siti Contoh", name_plain="Siti Contoh"
    )
    before = snapshot(case)
    page = staff_client(w["bawaslu"]).post(
        reverse("cases:identity", args=[case.public_id]), {"person": str(stranger.public_id)}
    )
    api = api_client_for(w["bawaslu"]).post(
        url("case-identity", case), {"person": str(stranger.public_id)}, format="json"
    )
    message = CaseErrorCode.PERSON_NOT_FOUND.render()
    assert page.status_code == api.status_code == CaseErrorCode.PERSON_NOT_FOUND.status == 400
    assert message in page.content.decode()
    assert api.json()["errors"]["person"] == [message]
    assert api.json()["code"] == "person_not_found" and api.json()["detail"] == message
    assert snapshot(case) == before
    assert Case.objects.get(pk=case.pk).person_id is None


def test_each_capability_is_one_set_of_roles():
    # Letters: the issuing roles of the service are the capability's, in the issuer order.
    assert set(letters.RECOMMENDATION_ROLES) == capabilities.ISSUE_RECOMMENDATION_LETTER
    assert set(letters.PPK_NOTIFICATION_ROLES) == capabilities.ISSUE_PPK_NOTIFICATION
    # Revealing a reporter is intake's capability; cases names the same set.
    assert capabilities.REVEAL_REPORTER is intake_capabilities.REVEAL_REPORTER
    assert not hasattr(intake_services, "REVEAL_ROLES")


@freeze_time(START)
def test_reveal_follows_the_capability(case_world, make_staff):
    w = case_world
    case = w["open"]()
    report = case.report
    for role in ("bawaslu", "task_force", "ppk", "auditor"):
        user = w[role]
        roles = {m.role for m in user.memberships.all()}
        expected = bool(roles & intake_capabilities.REVEAL_REPORTER)
        assert intake_services.may_reveal_identity(user, report) is expected, role


def test_capabilities_with_the_same_roles_stay_apart():
    # The notice to the PPK has the roles of identity resolution but is not "open cases only".
    assert capabilities.ISSUE_PPK_NOTIFICATION == capabilities.RESOLVE_IDENTITY

    class Closed:
        state = S.CLOSED

    class Officer:
        is_superuser = True

    closed, officer = Closed(), Officer()
    from unittest import mock

    with mock.patch("netra.cases.selectors.case_roles_for", return_value=set()):
        assert capabilities.may(officer, closed, capabilities.ISSUE_PPK_NOTIFICATION)
        assert not capabilities.may(officer, closed, capabilities.RESOLVE_IDENTITY)
