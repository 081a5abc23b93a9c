"""Import jobs (`import_jobs`): the upload check, the run limited to the agency, progress,
the report and the audit trail. Celery runs eagerly in tests; on-commit callbacks are run."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.audit.models import AuditEvent
from netra.registry import import_jobs
from netra.registry.choices import ImportJobFailure, ImportJobStatus
from netra.registry.models import ImportJob, Person
from netra.registry.services import registry_import
from netra.registry.tests.import_world import BAD_NIP, NEW_NIP, csv_bytes

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "pegawai.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def report_rows(job) -> list[dict]:
    text = import_jobs.report_path(job).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_agency_import_runs_in_the_background_limited_to_the_agency(
    import_world, django_capture_on_commit_callbacks
):
    w = import_world
    saro_name = w["sarolangun_person"].name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = import_jobs.import_job_create(
            actor=w["hr"], agency=w["bogor"], upload=upload(csv_bytes(w))
        )
    # The Celery task, queued on commit; run eagerly, its import queues the headcount refresh.
    assert len(callbacks) == 2
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert (job.rows_total, job.rows_done) == (5, 5)
    assert (job.created, job.updated, job.unchanged, job.rejected) == (1, 1, 0, 3)
    assert job.sha256 == __import__("hashlib").sha256(csv_bytes(w)).hexdigest()
    # the new person is Bogor's (the agency column may be empty or the agency's own code)
    assert Person.objects.get(nip=NEW_NIP).agency == w["bogor"]
    w["bogor_person"].refresh_from_db()
    assert w["bogor_person"].name == "Nama Baru Pegawai Bogor"
    # another agency's row and another agency's person are refused, row by row
    w["sarolangun_person"].refresh_from_db()
    assert (w["sarolangun_person"].name, w["sarolangun_person"].agency) == (
        saro_name,
        w["sarolangun"],
    )
    errors = {(r["row"], r["column"]) for r in report_rows(job) if r["level"] == "error"}
    assert errors == {("4", "agency_code"), ("5", "nip"), ("6", "nip")}
    other = next(r for r in report_rows(job) if r["row"] == "4")
    assert "1503" in other["message"] and "Pemerintah Kabupaten Bogor" in other["message"]
    moved = next(r for r in report_rows(job) if r["row"] == "5")
    assert "instansi lain" in moved["message"]
    # the uploaded file is gone once read; the report stays
    assert not list(import_jobs.job_dir(job).glob("source.*"))
    assert job.has_report
    actions = list(
        AuditEvent.objects.filter(action__startswith="registry.").values_list("action", flat=True)
    )
    assert actions == [
        "registry.import_job_create",
        "registry.import",
        "registry.import_job_finish",
    ]


def test_the_web_report_is_the_clis_report(
    import_world, django_capture_on_commit_callbacks, tmp_path
):
    w = import_world
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            actor=w["admin"], agency=None, upload=upload(csv_bytes(w))
        )
    job.refresh_from_db()
    # Then the report is what the CLI's import writes for the same file (a national admin's
    # import is not limited to an agency, like the CLI)
    source = tmp_path / "pegawai.csv"
    source.write_bytes(csv_bytes(w))
    registry_import(actor=None, path=source, dry_run=True)
    web = import_jobs.report_path(job).read_text(encoding="utf-8")
    cli = (tmp_path / "pegawai.errors.csv").read_text(encoding="utf-8")
    assert web == cli
    assert web.splitlines()[0] == "row,nip,column,level,message"
    assert BAD_NIP in web


def test_progress_is_reported_per_batch(import_world, settings, monkeypatch):
    w = import_world
    settings.NETRA_IMPORT_BATCH_SIZE = 2
    seen = []
    real = import_jobs.progress_write

    def spy(job, done, total):
        seen.append((done, total))
        real(job, done, total)

    monkeypatch.setattr(import_jobs, "progress_write", spy)
    job = ImportJob.objects.create(
        created_by=w["hr"], agency=w["bogor"], file_name="a.csv", sha256="0" * 64
    )
    folder = import_jobs.job_dir(job)
    folder.mkdir(parents=True)
    (folder / "source.csv").write_bytes(csv_bytes(w))
    import_jobs.import_job_run(job_id=str(job.public_id))
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    job.refresh_from_db()
    assert import_jobs.progress_read(job) == (5, 5)


def test_a_running_job_reads_its_progress_file(import_world):
    w = import_world
    job = ImportJob.objects.create(
        created_by=w["hr"],
        agency=w["bogor"],
        file_name="a.csv",
        sha256="0" * 64,
        status=ImportJobStatus.RUNNING,
    )
    import_jobs.job_dir(job).mkdir(parents=True)
    import_jobs.progress_write(job, 2000, 8000)
    assert import_jobs.progress_read(job) == (2000, 8000)
    assert import_jobs.progress_percent(2000, 8000) == 25


def test_a_job_runs_once(import_world, django_capture_on_commit_callbacks):
    w = import_world
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            actor=w["hr"], agency=w["bogor"], upload=upload(csv_bytes(w))
        )
    # a redelivered task finds the job done and leaves it alone
    assert import_jobs.import_job_run(job_id=str(job.public_id)) is None
    assert AuditEvent.objects.filter(action="registry.import").count() == 1


BAD_FILES = [
    ("kosong.csv", b"", "kosong"),
    ("gambar.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "CSV (UTF-8) atau XLSX"),
    ("latin1.csv", "nip,nama\n1,Jos\xe9\n".encode("latin-1"), "CSV (UTF-8) atau XLSX"),
    ("judul.csv", b"nomor,pegawai\n1,2\n", "Kolom wajib tidak ada"),
    ("hanya-judul.csv", b"nip,nama\n", "tanpa data"),
    ("rusak.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_bad_files_are_refused_and_leave_nothing(import_world, name, data, words):
    w = import_world
    with pytest.raises(import_jobs.ImportRefused) as refused:
        import_jobs.import_job_create(actor=w["hr"], agency=w["bogor"], upload=upload(data, name))
    assert refused.value.code == "file" and refused.value.status == 400
    assert words in refused.value.message
    assert not ImportJob.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()
    root = import_jobs.jobs_root()
    assert not root.exists() or not any(root.iterdir())


def test_too_big_file_is_refused(import_world, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 1024
    w = import_world
    data = csv_bytes(w) + b"\n".join([b"1,x"] * 600)
    with pytest.raises(import_jobs.ImportRefused) as refused:
        import_jobs.import_job_create(actor=w["hr"], agency=w["bogor"], upload=upload(data))
    assert "terlalu besar" in refused.value.message
    assert not ImportJob.objects.exists()


def test_only_ones_own_agency(import_world):
    w = import_world
    for actor, agency in (
        (w["hr"], w["sarolangun"]),
        (w["regional_hr"], w["bogor"]),
        (w["officer"], w["bogor"]),
    ):
        with pytest.raises(import_jobs.ImportRefused) as refused:
            import_jobs.import_job_create(actor=actor, agency=agency, upload=upload(csv_bytes(w)))
        assert refused.value.status == 403
    with pytest.raises(import_jobs.ImportRefused) as refused:
        import_jobs.import_job_create(actor=w["hr"], agency=None, upload=upload(csv_bytes(w)))
    assert refused.value.code == "agency_required"
    assert not ImportJob.objects.exists()


def test_a_file_that_breaks_half_way_fails_the_job_and_stores_nothing(import_world):
    # Bad bytes far into a file pass the upload check (it reads the head) and break the run.
    w = import_world
    padding = b"".join(b"%d,Baris Pengisi,,PNS,3201,Guru\n" % n for n in range(6000))
    data = csv_bytes(w) + padding + b"198001012006042003,Rusak \xff\xfe,,PNS,3201,Guru\n"
    assert len(data) > 128 * 1024
    job = ImportJob.objects.create(
        created_by=w["hr"], agency=w["bogor"], file_name="a.csv", sha256="0" * 64
    )
    import_jobs.job_dir(job).mkdir(parents=True)
    (import_jobs.job_dir(job) / "source.csv").write_bytes(data)
    before = list(Person.objects.order_by("pk").values_list("nip", "name"))
    import_jobs.import_job_run(job_id=str(job.public_id))
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJobStatus.FAILED, ImportJobFailure.BROKEN_FILE)
    assert list(Person.objects.order_by("pk").values_list("nip", "name")) == before
    assert not job.has_report and not import_jobs.report_path(job).exists()
    finished = AuditEvent.objects.get(action="registry.import_job_finish")
    assert finished.payload["status"] == "failed"


def test_report_download_is_audited(import_world, django_capture_on_commit_callbacks):
    w = import_world
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            actor=w["hr"], agency=w["bogor"], upload=upload(csv_bytes(w))
        )
    job.refresh_from_db()
    data = import_jobs.import_report_read(actor=w["hr"], job=job)
    assert BAD_NIP.encode() in data
    event = AuditEvent.objects.get(action="registry.import_report_download")
    assert event.actor_id == w["hr"].pk
