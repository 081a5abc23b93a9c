import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/elections"


def test_list_and_detail(client, elections_loaded):
    rows = client.get(f"{API}/").json()["results"]
    assert [row["slug"] for row in rows] == ["pilkada-2020", "pemilu-2024", "pilkada-2024"]
    detail = client.get(f"{API}/pilkada-2024/").json()
    assert detail["candidate_determination_date"] == "2024-09-22"
    assert detail["regions_expected"] == 545 and detail["regions_linked"] == 0
    assert len(detail["stages"]) == 8


def test_unknown_election_is_404(client, elections_loaded):
    response = client.get(f"{API}/pilkada-2099/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["detail"] == "Unknown election."


def test_for_date(client, elections_with_regions):
    assert client.get(f"{API}/for-date/", {"date": "2024-10-01"}).json()["slug"] == "pilkada-2024"
    response = client.get(f"{API}/for-date/", {"date": "2020-10-01", "region": "3578"})
    assert response.json()["slug"] == "pilkada-2020"
    assert client.get(f"{API}/for-date/", {"date": "2022-01-01"}).status_code == 404


@pytest.mark.parametrize(
    "params,field",
    [({"date": "2024-02-30"}, "date"), ({"date": "2024-10-01", "region": "99.99"}, "region")],
)
def test_for_date_bad_input_is_400(client, elections_loaded, params, field):
    response = client.get(f"{API}/for-date/", params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"][field][0]


def test_schema_lists_the_election_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).content.decode()
    assert "/api/v1/elections/{slug}/" in schema
