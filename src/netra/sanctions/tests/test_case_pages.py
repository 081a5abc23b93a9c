"""The case's sanctions pages are one table (`views.CASE_PAGES`) over one handler: the table
covers every recorded move of the workflow with the page the workflow names, and a recorded
move answers with its message on the case page."""

import pytest
from django.urls import resolve, reverse
from django.utils import translation
from freezegun import freeze_time

from netra.cases import workflow
from netra.sanctions import views
from netra.sanctions.tests.fixtures import START

pytestmark = pytest.mark.django_db


def test_every_recorded_move_has_its_page_in_the_table():
    kinds = {
        value
        for name, value in vars(workflow.RecordedMove).items()
        if not name.startswith("_") and isinstance(value, str)
    }
    assert set(views.CASE_PAGES) == kinds == set(workflow.RECORDED_PAGES)
    for kind, url_name in workflow.RECORDED_PAGES.items():
        view = resolve(reverse(url_name, args=["00000000-0000-0000-0000-000000000001"])).func
        assert view.page is views.CASE_PAGES[kind]


@freeze_time(START)
def test_a_recorded_decision_says_so_on_the_case_page(sanctions_world, staff_client):
    w = sanctions_world
    case = w["to_ppk"]()
    client = staff_client(w["ppk"])
    response = client.post(
        reverse("sanctions:decision", args=[case.public_id]),
        {
            "sanction_code": "PNS_PP94_DEMOTION_12M",
            "decree_number": "800/123/BKPSDM/2024",
            "decree_date": "2024-10-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Keputusan PPK dicatat." in response.content.decode()
    with translation.override("en"):
        assert translation.gettext("Keputusan PPK dicatat.") == "PPK decision recorded."
