"""Public working-day API."""

import datetime as dt

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_add(client):
    response = client.get(reverse("workdays-api:add"), {"start": "2024-04-05", "days": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2024-04-05",
        "days": 1,
        "region": None,
        "due": "2024-04-16",
    }


def test_add_with_region(client, regions_sample, holiday_override):
    holiday_override(dt.date(2024, 3, 20), region="32")
    params = {"start": "2024-03-19", "days": "1", "region": "32-01"}
    body = client.get(reverse("workdays-api:add"), params).json()
    assert (body["region"], body["due"]) == ("32.01", "2024-03-21")


@pytest.mark.django_db
def test_between(client):
    params = {"start": "2024-04-16", "end": "2024-04-05"}
    assert client.get(reverse("workdays-api:between"), params).json()["working_days"] == -1


@pytest.mark.django_db
def test_holidays_in_the_request_language(client):
    url = reverse("workdays-api:holidays")
    days = {d["date"]: d["name"] for d in client.get(url, {"year": "2024"}).json()["days"]}
    assert days["2024-02-14"] == "Hari Pemilihan Umum"
    english = client.get(url, {"year": "2024"}, headers={"accept-language": "en"}).json()
    assert {d["date"]: d["name"] for d in english["days"]}["2024-12-25"] == "Christmas Day"


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("add", {"days": "1"}, "start"),
        ("add", {"start": "2024-02-30", "days": "1"}, "start"),
        ("add", {"start": "2024-04-05", "days": "satu"}, "days"),
        ("add", {"start": "2024-04-05", "days": "1", "region": "3299"}, "region"),
        ("between", {"start": "2024-04-05"}, "end"),
        ("holidays", {}, "year"),
        ("holidays", {"year": "-1"}, "year"),
    ],
)
def test_bad_input_is_400_with_a_message(client, regions_sample, name, params, field):
    response = client.get(reverse(f"workdays-api:{name}"), params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][field][0]


@pytest.mark.django_db
def test_schema_documents_the_workday_endpoints(client):
    paths = client.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/workdays/add/",
        "/api/v1/workdays/between/",
        "/api/v1/workdays/holidays/",
    ):
        assert path in paths
    names = {p["name"] for p in paths["/api/v1/workdays/add/"]["get"]["parameters"]}
    assert names == {"start", "days", "region"}


@pytest.mark.django_db
def test_error_messages_follow_the_request_language(client):
    url = reverse("workdays-api:add")
    params = {"start": "kemarin", "days": "1"}
    assert "tidak valid" in client.get(url, params).json()["errors"]["start"][0]
    english = client.get(url, params, headers={"accept-language": "en"}).json()
    assert english["code"] == "invalid"
    assert "is not valid" in english["errors"]["start"][0]
