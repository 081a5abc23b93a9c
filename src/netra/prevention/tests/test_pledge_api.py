"""Pledge API: campaigns in scope with counts, pledges of a campaign (names for viewers)."""

import datetime as dt

import pytest

from netra.prevention.services.pledges import campaign_create
from netra.prevention.tests.fixtures import pledge_with_proof

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w(prevention_world):
    return prevention_world


@pytest.fixture
def campaigns(w):
    bogor = campaign_create(
        actor=w["hr"],
        agency=w["agency"],
        election=w["election"],
        template=w["template"],
        title="Ikrar Bogor",
        starts_on=w["today"],
        ends_on=w["today"] + dt.timedelta(days=10),
    )
    saro = campaign_create(
        actor=w["other_hr"],
        agency=w["other_agency"],
        election=w["election"],
        template=w["template"],
        title="Ikrar Sarolangun",
        starts_on=w["today"],
        ends_on=w["today"] + dt.timedelta(days=10),
    )
    for key in ("teacher1", "nurse1"):
        pledge_with_proof(campaign=bogor, person=w["people"][key], identity_check="birth_date")
    return bogor, saro


def test_list_is_scoped_with_counts(w, campaigns, api_client_for):
    bogor, _saro = campaigns
    response = api_client_for(w["hr"]).get("/api/v1/prevention/campaigns/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["Ikrar Bogor"]
    assert rows[0]["pledges_individual"] == 2
    assert rows[0]["pledges_collective"] == 0
    assert rows[0]["id"] == str(bogor.public_id)
    assert len(rows[0]["template"]["points"]) == len(w["template"].points)
    national = api_client_for(w["task_force"]).get("/api/v1/prevention/campaigns/").json()
    assert national["count"] == 2


def test_detail_out_of_scope_is_404(w, campaigns, api_client_for):
    bogor, saro = campaigns
    client = api_client_for(w["hr"])
    assert client.get(f"/api/v1/prevention/campaigns/{bogor.public_id}/").status_code == 200
    assert client.get(f"/api/v1/prevention/campaigns/{saro.public_id}/").status_code == 404


def test_pledges_list_with_names_for_viewers(w, campaigns, api_client_for):
    bogor, saro = campaigns
    client = api_client_for(w["bawaslu"])
    rows = client.get(f"/api/v1/prevention/campaigns/{bogor.public_id}/pledges/").json()["results"]
    assert {r["name"] for r in rows} == {w["people"]["teacher1"].name, w["people"]["nurse1"].name}
    assert all(r["certificate_code"].startswith("VRF-") for r in rows)
    assert client.get(f"/api/v1/prevention/campaigns/{saro.public_id}/pledges/").status_code == 404


def test_api_needs_staff(client, campaigns):
    assert client.get("/api/v1/prevention/campaigns/").status_code in (401, 403)
