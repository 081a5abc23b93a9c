"""GET /api/v1/documents/verify/<code>/: public, throttled, only the public answer."""

import pytest
from rest_framework.test import APIClient

from netra.documents import codes
from netra.documents.services import document_revoke

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents/verify/{}/"


@pytest.fixture
def api():
    return APIClient()


def test_valid_document(api, issue_document):
    document = issue_document(
        kind="pledge_certificate",
        context={"paragraphs": ["NIP 198001012005011001"]},
        public_fields={"name": "Siti Aminah", "agency": "Dinas Pendidikan"},
    )
    response = api.get(URL.format(document.code.lower()))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" and not response.cookies
    data = response.json()
    assert data["state"] == "valid" and data["code"] == document.code
    assert data["kind"] == "pledge_certificate" and data["issuer"] == document.issuer
    assert data["revoked_at"] is None
    assert data["public_fields"] == [
        {"key": "name", "label": "Nama", "value": "Siti Aminah"},
        {"key": "agency", "label": "Instansi", "value": "Dinas Pendidikan"},
    ]
    assert set(data) == {
        "state", "state_label", "code", "kind", "kind_label", "issuer", "issued_at",
        "revoked_at", "superseded_at", "superseded_by", "public_fields",
    }  # fmt: skip
    assert "198001012005011001" not in response.content.decode()
    assert "title" not in data and "sha256" not in data


def test_revoked_document(api, issue_document):
    document = issue_document()
    document_revoke(actor=None, document=document, reason="Salah ketik nama")
    data = api.get(URL.format(document.code)).json()
    assert data["state"] == "revoked" and data["revoked_at"]
    assert "Salah ketik" not in str(data)


def test_unknown_and_malformed(api):
    response = api.get(URL.format(codes.code_new()))
    assert response.status_code == 404 and response.json()["state"] == "not_found"
    response = api.get(URL.format("VRF-0000"))
    assert response.status_code == 400 and response.json()["state"] == "malformed"
    assert response.json()["code"] == ""


def test_english_labels(api, issue_document):
    document = issue_document()
    data = api.get(URL.format(document.code), HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["state_label"] == "Genuine and valid" and data["kind_label"] == "Other document"


def test_throttled_with_a_message(api, settings):
    settings.DOCUMENTS_VERIFY_PER_IP = "2/h"
    code = codes.code_new()
    assert api.get(URL.format(code)).status_code == 404
    assert api.get(URL.format(code)).status_code == 404
    response = api.get(URL.format(code))
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan" in response.json()["detail"]


def test_page_and_api_share_the_counter(api, client, settings):
    settings.DOCUMENTS_VERIFY_PER_IP = "1/h"
    code = codes.code_new()
    assert client.get(f"/verify/{code}/").status_code == 404
    assert api.get(URL.format(code)).status_code == 429


def test_only_get(api):
    assert api.post(URL.format(codes.code_new()), {}).status_code == 405


def test_schema_has_the_operation_without_warnings():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/documents/verify/{code}/"]["get"]
    assert operation["operationId"] == "documents_verify"
    assert set(operation["responses"]) == {"200", "400", "404", "429"}
