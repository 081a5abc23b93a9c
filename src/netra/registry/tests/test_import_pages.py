"""The web import pages: upload, progress, summary, report download, scope and bad files."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.registry import import_jobs
from netra.registry.choices import ImportJobStatus
from netra.registry.models import ImportJob
from netra.registry.tests.import_world import BAD_NIP, csv_bytes

pytestmark = pytest.mark.django_db

URL = "/registri/impor/"


def post_file(client, data: bytes, name: str = "pegawai.csv", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


def test_hr_uploads_sees_the_summary_and_downloads_the_report(
    import_world, staff_client, django_capture_on_commit_callbacks
):
    w = import_world
    client = staff_client(w["hr"])
    page = client.get("/kerja/")
    assert URL.encode() in page.content  # reachable from the workspace bar
    form = client.get(URL)
    assert form.status_code == 200
    assert "Pemerintah Kabupaten Bogor" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, csv_bytes(w))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registri/impor/{job.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-bar"' in page and 'value="100"' in page
    assert "5 dari 5 baris diproses (100%)." in page
    assert 'id="count-created">1<' in page and 'id="count-rejected">3<' in page
    assert "Selesai" in page and 'http-equiv="refresh"' not in page
    assert re.search(r"\d{1,2} \w+ \d{4} \d\d:\d\d WIB", page)  # times name their zone
    report = client.get(f"/registri/impor/{job.public_id}/laporan.csv")
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    assert 'filename="pegawai.errors.csv"' in report["Content-Disposition"]
    assert BAD_NIP in report.content.decode()
    assert report["Cache-Control"] == "no-store"


def test_a_running_job_refreshes_itself_with_and_without_javascript(import_world, staff_client):
    w = import_world
    job = ImportJob.objects.create(
        created_by=w["hr"],
        agency=w["bogor"],
        file_name="besar.xlsx",
        sha256="0" * 64,
        status=ImportJobStatus.RUNNING,
    )
    import_jobs.job_dir(job).mkdir(parents=True)
    import_jobs.progress_write(job, 2000, 8000)
    client = staff_client(w["hr"])
    page = client.get(f"/registri/impor/{job.public_id}/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "2000 dari 8000 baris diproses (25%)." in page and 'value="25"' in page
    assert f'hx-get="/registri/impor/{job.public_id}/progres/"' in page
    fragment = client.get(f"/registri/impor/{job.public_id}/progres/")
    assert "HX-Refresh" not in fragment and 'value="25"' in fragment.content.decode()
    # once finished, the fragment asks htmx to reload the whole page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.DONE, rows_done=8000)
    fragment = client.get(f"/registri/impor/{job.public_id}/progres/")
    assert fragment["HX-Refresh"] == "true"


def test_english_page(import_world, staff_client, django_capture_on_commit_callbacks):
    w = import_world
    client = staff_client(w["hr"])
    client.cookies["netra_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, csv_bytes(w))
    page = client.get(response["Location"]).content.decode()
    assert "5 of 5 rows processed (100%)." in page
    assert "Download the per-row report (CSV)" in page
    report = client.get(f"{response['Location']}laporan.csv").content.decode()
    assert "PNS and PPPK" in report or "month" in report.lower()  # the report in English too


@pytest.mark.parametrize("who", ["regional_hr", "officer"])
def test_users_without_an_agency_grant_get_403(import_world, staff_client, who):
    client = staff_client(import_world[who])
    assert client.get(URL).status_code == 403
    assert post_file(client, csv_bytes(import_world)).status_code == 403
    assert URL.encode() not in client.get("/kerja/").content
    assert not ImportJob.objects.exists()


def test_another_agencys_job_is_404(import_world, staff_client, django_capture_on_commit_callbacks):
    w = import_world
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(staff_client(w["hr"]), csv_bytes(w))
    job_url = response["Location"]
    other = staff_client(w["other_hr"])
    for url in (job_url, f"{job_url}progres/", f"{job_url}laporan.csv"):
        assert other.get(url).status_code == 404
    assert str(ImportJob.objects.get().public_id) not in other.get(URL).content.decode()
    # an auditor reads it (national scope), the admin too
    assert staff_client(w["auditor"]).get(job_url).status_code == 200
    assert staff_client(w["admin"]).get(job_url).status_code == 200


def test_tampered_agency_choice_is_refused(import_world, staff_client):
    w = import_world
    response = post_file(staff_client(w["hr"]), csv_bytes(w), agency=str(w["sarolangun"].public_id))
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_a_national_admin_may_choose_every_agency(
    import_world, staff_client, django_capture_on_commit_callbacks
):
    w = import_world
    client = staff_client(w["admin"])
    assert "Semua instansi (menurut kolom kode instansi)" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, csv_bytes(w), agency="")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.agency is None and job.rejected == 1  # only the bad NIP


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("kosong.csv", b"", "Berkas kosong."),
        (
            "foto.csv",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
            "Berkas harus berupa CSV (UTF-8) atau XLSX.",
        ),
        ("salah.csv", b"nomor;pegawai\n1;2\n", "Kolom wajib tidak ada: nip, name."),
        ("rusak.xlsx", b"PK\x03\x04junk", "bukan XLSX yang utuh"),
    ],
)
def test_bad_files_are_400_with_a_message_next_to_the_field(
    import_world, staff_client, name, data, message
):
    response = post_file(staff_client(import_world["hr"]), data, name)
    assert response.status_code == 400
    page = response.content.decode()
    assert "id_file_error" in page and message in page
    assert not ImportJob.objects.exists()


def test_bad_file_in_english(import_world, staff_client):
    client = staff_client(import_world["hr"])
    client.cookies["netra_language"] = "en"
    response = post_file(client, b"\x00\x01\x02binary", "x.csv")
    assert response.status_code == 400
    assert "CSV (UTF-8) or XLSX" in response.content.decode()


def test_too_big_is_400(import_world, staff_client, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 100
    response = post_file(staff_client(import_world["hr"]), csv_bytes(import_world))
    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()


def test_no_file_is_400(import_world, staff_client):
    response = staff_client(import_world["hr"]).post(URL, {})
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
