"""The OpenAPI schema is valid, warning-free and served with its docs from local files."""

import pytest
from django.core.management import call_command


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    text = out.read_text()
    for path in ("/api/v1/rules/classify/", "/api/v1/registry/validate/nip/", "/api/v1/regions/"):
        assert path in text


@pytest.mark.django_db
def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
