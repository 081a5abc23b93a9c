"""`/api/v1/registry/imports/`: POST a file (202, job id), GET status and progress, GET the
report; scope and bad files; the OpenAPI schema describes it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.registry.models import ImportJob
from netra.registry.tests.import_world import BAD_NIP, csv_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/registry/imports/"


def post_file(client, data: bytes, name: str = "pegawai.csv", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra}, format="multipart")


def test_post_then_status_then_report(
    import_world, api_client_for, django_capture_on_commit_callbacks
):
    w = import_world
    client = api_client_for(w["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, csv_bytes(w))
    assert response.status_code == 202, response.content
    body = response.json()
    job_id = body["id"]
    assert body["agency"]["code"] == "3201"
    status = client.get(f"{URL}{job_id}/").json()
    assert status["status"] == "done" and status["percent"] == 100
    assert (status["rows_done"], status["rows_total"]) == (5, 5)
    assert (status["created"], status["updated"], status["rejected"]) == (1, 1, 3)
    assert status["report_url"] == f"{URL}{job_id}/report/"
    report = client.get(status["report_url"])
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    assert BAD_NIP in report.content.decode()
    listed = client.get(URL).json()
    assert [j["id"] for j in listed] == [job_id]


def test_other_agency_and_no_grant(
    import_world, api_client_for, django_capture_on_commit_callbacks
):
    w = import_world
    with django_capture_on_commit_callbacks(execute=True):
        job_id = post_file(api_client_for(w["hr"]), csv_bytes(w)).json()["id"]
    other = api_client_for(w["other_hr"])
    assert other.get(f"{URL}{job_id}/").status_code == 404
    assert other.get(f"{URL}{job_id}/report/").json()["code"] == "not_found"
    assert other.get(URL).json() == []
    # choosing another agency's registry
    refused = post_file(other, csv_bytes(w), agency=str(w["bogor"].public_id))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    # no agency grant at all
    for who in ("regional_hr", "officer"):
        response = post_file(api_client_for(w[who]), csv_bytes(w))
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "a.csv"),
        (b"\x00\x01binary", "a.csv"),
        (b"a,b\n1,2\n", "a.csv"),
        (b"PK\x03\x04x", "a.xlsx"),
    ],
)
def test_bad_files_are_400_with_code(import_world, api_client_for, data, name):
    response = post_file(api_client_for(import_world["hr"]), data, name)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] in {"file", "invalid"} and body["detail"]
    assert "file" in body["errors"]
    assert not ImportJob.objects.exists()


def test_unauthenticated_is_refused(import_world):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code in (401, 403)


def test_schema_describes_the_import_endpoints(import_world, api_client_for):
    schema = api_client_for(import_world["admin"]).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert (
        "multipart/form-data"
        in paths["/api/v1/registry/imports/"]["post"]["requestBody"]["content"]
    )
    assert "202" in paths["/api/v1/registry/imports/"]["post"]["responses"]
    assert "/api/v1/registry/imports/{public_id}/" in paths
    assert (
        "text/csv"
        in paths["/api/v1/registry/imports/{public_id}/report/"]["get"]["responses"]["200"][
            "content"
        ]
    )
