"""Public read-only region API."""

import pytest
from django.urls import reverse

LIST = reverse("regions-api:region-list")


def detail(code):
    return reverse("regions-api:region-detail", kwargs={"code": code})


def test_list_is_public_paginated_and_filtered_by_level(client, regions_sample):
    response = client.get(LIST, {"level": "province", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    assert [r["code"] for r in body["results"]] == ["15", "31", "32"]
    assert set(body["results"][0]) == {"code", "name", "level", "kind", "parent", "edition"}


def test_list_by_parent_code_variants(client, regions_sample):
    for parent in ["32.71", "3271", "32-71"]:
        body = client.get(LIST, {"parent": parent}).json()
        assert body["count"] == 6
        assert {r["parent"] for r in body["results"]} == {"32.71"}


def test_search_by_name(client, regions_sample):
    body = client.get(LIST, {"q": "Kab. Bogor"}).json()
    assert [r["code"] for r in body["results"]][:1] == ["32.01"]
    body = client.get(LIST, {"q": "bogor", "level": "2"}).json()
    assert [r["code"] for r in body["results"]] == ["32.01", "32.71"]


def test_list_query_count_does_not_grow(client, regions_sample, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(LIST, {"level": "district", "limit": 100})


@pytest.mark.parametrize(
    ("params", "field"),
    [({"level": "planet"}, "level"), ({"parent": "abc"}, "parent"), ({"parent": "3"}, "parent")],
)
def test_bad_filters_are_400_with_a_message(client, regions_sample, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][field][0]


def test_detail_with_ancestors(client, regions_sample):
    body = client.get(detail("320101")).json()
    assert body["code"] == "32.01.01"
    assert [a["code"] for a in body["ancestors"]] == ["32", "32.01"]
    assert body["children"] == 0


def test_detail_unknown_404_malformed_400(client, regions_sample):
    response = client.get(detail("32.99"))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.json()["detail"]
    assert response.json()["code"] == "not_found"
    response = client.get(detail("abc"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "tidak valid" in response.json()["errors"]["code"][0]


def test_schema_documents_the_region_endpoints(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/regions/" in paths and "/api/v1/regions/{code}/" in paths
    names = {p["name"] for p in paths["/api/v1/regions/"]["get"]["parameters"]}
    assert {"level", "parent", "q", "limit", "offset"} <= names
