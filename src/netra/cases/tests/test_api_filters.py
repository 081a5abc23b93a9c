"""The case list API keeps its parameters (codes, slugs, true/false) while the page shows
names; new: an agency by name, a NIP in `q`; the OpenAPI schema describes each parameter."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from netra.cases.tests.fixtures import to_registered

pytestmark = pytest.mark.django_db
START = "2024-10-01 03:00:00"


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["public_id"] for row in response.json()["results"]}


@freeze_time(START)
def test_list_api_filters_by_codes_slugs_names_and_nip(case_world, api_client_for):
    from netra.cases.services import case_resolve_identity

    w = case_world
    resolved = to_registered(w, w["open"]())
    case_resolve_identity(actor=w["bawaslu"], case=resolved, person=w["person"])
    other = w["open"](region="32.73", reported_name="Dedi Kurnia", election=None)
    api = api_client_for(w["task_force"])
    url = reverse("cases-api:case-list")

    assert ids(api.get(url, {"region": "3273"})) == {str(other.public_id)}
    assert ids(api.get(url, {"region": "32.01"})) == {str(resolved.public_id)}
    assert ids(api.get(url, {"election": "pilkada-2024"})) == {str(resolved.public_id)}
    assert ids(api.get(url, {"agency": w["agency"].code})) == {str(resolved.public_id)}
    assert ids(api.get(url, {"agency": w["agency"].name.lower()})) == {str(resolved.public_id)}
    assert ids(api.get(url, {"q": w["person"].nip})) == {str(resolved.public_id)}
    assert ids(api.get(url, {"overdue": "tidak"})) == {
        str(resolved.public_id),
        str(other.public_id),
    }
    # an unknown election is a 400 naming the field, in the user's language
    bad = api.get(url, {"election": "pemilu-1955"})
    assert bad.status_code == 400 and bad.json()["errors"]["election"]
    # the auditor gets no name or NIP search
    auditor = api_client_for(w["auditor"])
    assert ids(auditor.get(url, {"q": w["person"].nip})) == set()
    assert ids(auditor.get(url, {"q": resolved.number})) == {str(resolved.public_id)}


def test_openapi_describes_the_list_parameters(make_staff, api_client_for):
    api = api_client_for(make_staff(role="satgas_analyst", region=None))
    schema = api.get("/api/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert "includes every region under it" in params["region"]["description"]
    assert "Election slug" in params["election"]["description"]
    assert "exact name" in params["agency"]["description"]
    assert "18-digit NIP" in params["q"]["description"]
    assert params["overdue"]["schema"]["enum"] == ["false", "true"]
    assert params["created_from"]["schema"]["format"] == "date"
    assert params["state"]["schema"]["type"] == "array"
    assert "received" in params["state"]["schema"]["items"]["enum"]
