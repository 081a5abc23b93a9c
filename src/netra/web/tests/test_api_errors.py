"""Hostile input the probing of issue 15 turned into 500s, and the error shape under /api/:
every error body is `{"detail", "code"[, "errors": {field: [message]}]}` as the schema says."""

import pytest

from netra.web.api_errors import field_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parent", ["%", "3%", "%(x)s", "32.%"])
def test_a_percent_sign_in_the_region_parent_is_a_400(client, parent):
    response = client.get("/api/v1/regions/", {"parent": parent})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert isinstance(body["errors"]["parent"], list)


@pytest.mark.parametrize(
    "field",
    [
        {"agency": "BOGOR01\x00"},
        {"election": "pemilu-uji\x00"},
        {"unit": "bukan-uuid"},
        {"unit": "\x00"},
    ],
)
def test_a_nul_or_malformed_slug_in_an_activity_is_a_400(prevention_world, api_client_for, field):
    w = prevention_world
    data = {
        "agency": "BOGOR01",
        "kind": "socialization",
        "title": "Sosialisasi netralitas",
        "election": "pemilu-uji",
        "held_on": str(w["today"]),
        **field,
    }
    response = api_client_for(w["hr"]).post("/api/v1/prevention/activities/", data, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    (name,) = field
    assert body["errors"][name] == ["Nilai tidak valid."]


def test_an_unknown_slug_is_named_in_the_users_language(prevention_world, api_client_for):
    w = prevention_world
    response = api_client_for(w["hr"]).post(
        "/api/v1/prevention/activities/",
        {"agency": "BOGOR01", "election": "tidak-ada", "kind": "socialization"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["errors"]["election"] == ["Nothing has the code tidak-ada."]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/tidak-ada/", "/api/v1/cases/bukan-uuid/", "/api/v1/regions/?q=%00"],
)
def test_django_level_errors_under_api_are_json(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "code"}


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_nested_validation_errors_are_lists_of_messages_per_field():
    errors = {"a": "x", "b": ["y", "z"], "c": {0: ["q"]}, "d": [{}, {"e": ["r"]}], "n": []}
    assert field_errors(errors) == {"a": ["x"], "b": ["y", "z"], "c.0": ["q"], "d.1.e": ["r"]}
    assert field_errors(["m"]) == {"non_field_errors": ["m"]}


def test_every_operation_documents_its_error_answers(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if "{" in path:
                assert "404" in codes, (method, path)
            if operation.get("security") and {} not in operation["security"]:
                assert "403" in codes, (method, path)
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert "content" in response, (method, path, code)
