"""Every API list pages with a bounded `?limit=` (issue 15: one anonymous request returned
9.7 MB, and a limit past bigint answered 500)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.generics import ListAPIView

from netra.web.pagination import MAX_LIMIT, BoundedLimitOffsetPagination

pytestmark = pytest.mark.django_db


def _views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            yield getattr(entry.callback, "cls", None)


def test_every_list_endpoint_uses_the_bounded_pagination():
    lists = {view for view in _views() if view and issubclass(view, ListAPIView)}
    assert len(lists) > 10
    for view in lists:
        assert issubclass(view.pagination_class, BoundedLimitOffsetPagination), view


@pytest.mark.parametrize("limit", ["1000", "10000000", "9" * 30])
def test_a_large_limit_is_reduced_to_the_maximum(client, regions_sample, limit):
    response = client.get("/api/v1/regions/", {"limit": limit})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > MAX_LIMIT
    assert len(body["results"]) == MAX_LIMIT
    assert f"limit={MAX_LIMIT}" in body["next"]


def test_an_offset_past_the_end_is_an_empty_page(client, regions_sample):
    response = client.get("/api/v1/regions/", {"offset": "9" * 30})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("limit", "0"),
        ("limit", "-5"),
        ("limit", "x"),
        ("limit", "1e3"),
        ("limit", "٣"),  # a digit, but not an ASCII one
        ("limit", "9" * 31),
        ("offset", "-1"),
        ("offset", "1.5"),
    ],
)
def test_an_invalid_limit_or_offset_is_a_translated_400(client, param, value):
    response = client.get("/api/v1/regions/", {param: value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "bilangan bulat" in body["errors"][param][0]
    english = client.get("/api/v1/regions/", {param: value}, HTTP_ACCEPT_LANGUAGE="en")
    assert "whole number" in english.json()["errors"][param][0]


def test_the_schema_states_the_bounds(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    limit = next(
        p for p in schema["paths"]["/api/v1/regions/"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["minimum"] == 1
    assert str(MAX_LIMIT) in limit["description"]
