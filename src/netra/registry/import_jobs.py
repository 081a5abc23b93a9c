"""Registry imports started on the web: the upload check, the job, its progress and its report.

The services of `ImportJob` (every write audited). The rows themselves are written by the one
import, `services.registry_import`, which a job only calls: how rows are stored (batches of
upserts today) is not this module's business. A job knows rows done and rows total through
the import's `progress` callback.

- `import_job_create` (web request): checks the file as a whole (size, CSV or XLSX, readable,
  header with `nip` and `name`, at least one row), keeps it under
  MEDIA_ROOT/registry-imports/<job>/ and queues the Celery task on commit. A refused file
  raises `ImportRefused` and leaves nothing behind.
- `import_job_run` (worker): counts the rows, runs the import limited to the job's agency,
  stores the summary and the per-row report, deletes the uploaded file.
- Progress while the import's single transaction is open cannot be read from the job's row
  (other connections see it only at commit), so the worker writes it to a small file beside
  the job's files (`progress.json`); the folder must be shared by web and workers, as
  MEDIA_ROOT already is for evidence.
"""

import codecs
import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netra import content_store
from netra.audit.services import audit_record
from netra.registry import selectors
from netra.registry.choices import ImportJobFailure, ImportJobStatus
from netra.registry.importer import (
    ImportFileError,
    check_header,
    count_rows,
    map_header,
    open_table,
)
from netra.registry.models import Agency, ImportJob

logger = logging.getLogger(__name__)

XLSX_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_HEAD_BYTES = 64 * 1024
_CHUNK = 256 * 1024


class ImportRefused(Exception):
    """An upload or a request refused as a whole; `code` for programs, `message` for people
    (already in the user's language), `status` the HTTP answer."""

    def __init__(self, code: str, message: str, status: int = 400):
        self.code, self.message, self.status = code, str(message), status
        super().__init__(self.message)


def max_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def jobs_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "registry-imports"


def job_dir(job: ImportJob) -> Path:
    return jobs_root() / str(job.public_id)


def report_path(job: ImportJob) -> Path:
    return job_dir(job) / "report.csv"


def _source_path(job: ImportJob) -> Path | None:
    for path in sorted(job_dir(job).glob("source.*")):
        return path
    return None


def _progress_file(job: ImportJob) -> Path:
    return job_dir(job) / "progress.json"


# --- the upload ------------------------------------------------------------------------------


def _refuse_file(message) -> ImportRefused:
    return ImportRefused("file", message)


def _stage(upload, folder: Path) -> tuple[Path, str, int]:
    """Copy the upload to `folder` while hashing it; refuse too big, empty, or neither XLSX nor
    UTF-8 text. Returns (path, sha256, size)."""
    limit = max_bytes()
    digest, size, head = hashlib.sha256(), 0, b""
    staged = folder / "upload"
    with staged.open("wb") as out:
        for chunk in upload.chunks(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _refuse_file(
                    _("Berkas terlalu besar: paling besar %(mb)s MB.")
                    % {"mb": limit // (1024 * 1024)}
                )
            if len(head) < _HEAD_BYTES:
                head += chunk[: _HEAD_BYTES - len(head)]
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise _refuse_file(_("Berkas kosong."))
    if head.startswith(XLSX_MAGIC):
        suffix = ".xlsx"
    else:
        try:
            # Incremental: a character cut at the end of the sample is not an error.
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise _refuse_file(_("Berkas harus berupa CSV (UTF-8) atau XLSX."))
        suffix = ".csv"
    path = staged.with_name("source" + suffix)
    os.replace(staged, path)
    return path, digest.hexdigest(), size


def _check_table(path: Path) -> None:
    """The header has the required columns and at least one row follows."""
    with open_table(path) as table:
        check_header(map_header(table.header))
        if next(table.rows, None) is None:
            raise ImportFileError(_("Berkas hanya berisi baris judul, tanpa data pegawai."))


def _require_target(actor, agency: Agency | None) -> None:
    allowed = selectors.import_agencies_for(actor)
    if agency is None:
        if not selectors.may_import_all_agencies(actor):
            raise ImportRefused(
                "agency_required", _("Pilih instansi yang datanya diimpor."), status=400
            )
    elif not allowed.filter(pk=agency.pk).exists():
        raise ImportRefused(
            "forbidden", _("Anda tidak berwenang mengimpor data instansi ini."), status=403
        )


def import_job_create(*, actor, agency: Agency | None, upload) -> ImportJob:
    """Check the file as a whole, keep it, and queue its import (docs/registry-import.md)."""
    from netra.registry.tasks import import_job_run_task

    _require_target(actor, agency)
    jobs_root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=jobs_root()))
    try:
        path, sha256, size = _stage(upload, staging)
        try:
            _check_table(path)
        except ImportFileError as exc:
            raise _refuse_file(str(exc)) from exc
        name = content_store.clean_file_name(getattr(upload, "name", ""), "registri")
        with transaction.atomic():
            job = ImportJob.objects.create(
                created_by=actor,
                agency=agency,
                file_name=name,
                file_size=size,
                sha256=sha256,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            audit_record(
                actor=actor,
                action="registry.import_job_create",
                target=job,
                payload={
                    "agency": agency.code if agency else None,
                    "file_name": name,
                    "sha256": sha256,
                    "size": size,
                },
            )
            os.replace(staging, job_dir(job))
            job_id = str(job.public_id)
            transaction.on_commit(lambda: import_job_run_task.delay(job_id))
        return job
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- the run ---------------------------------------------------------------------------------


def progress_write(job: ImportJob, done: int, total: int | None) -> None:
    target = _progress_file(job)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total}), encoding="utf-8")
    os.replace(temporary, target)


def progress_read(job: ImportJob) -> tuple[int, int | None]:
    """(rows done, rows total or None while counting) of a job, live while it runs."""
    if job.status != ImportJobStatus.RUNNING:
        return job.rows_done, job.rows_total
    try:
        data = json.loads(_progress_file(job).read_text(encoding="utf-8"))
        return int(data["done"]), data["total"]
    except (OSError, ValueError, KeyError, TypeError):
        return job.rows_done, job.rows_total


def progress_percent(done: int, total: int | None) -> int:
    if not total:
        return 0
    return min(100, done * 100 // total)


def _claim(job_id: str) -> ImportJob | None:
    """Mark a queued job running (a job redelivered to a second worker is left alone)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(public_id=job_id).first()
        if job is None or job.status != ImportJobStatus.QUEUED:
            return None
        job.status = ImportJobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def import_job_run(*, job_id: str) -> ImportJob | None:
    """Run a queued job (the Celery task calls this); never raises for a bad file."""
    from netra.registry.services import registry_import

    job = _claim(job_id)
    if job is None:
        return None
    source = _source_path(job)
    done = 0
    summary = None
    failure = ""
    with translation.override(job.language):
        try:
            if source is None:
                raise ImportFileError(_("Berkas tidak ditemukan."))
            job.rows_total = count_rows(source)
            ImportJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
            progress_write(job, 0, job.rows_total)

            def progress(rows: int) -> None:
                nonlocal done
                done += rows
                progress_write(job, done, job.rows_total)

            summary = registry_import(
                actor=job.created_by,
                path=source,
                errors_out=report_path(job),
                progress=progress,
                agency=job.agency,
            )
        except ImportFileError:
            failure = ImportJobFailure.BROKEN_FILE
        except Exception:  # the job must end in a state a person can read
            logger.exception("registry import job %s failed", job.public_id)
            failure = ImportJobFailure.INTERNAL
    if source is not None:
        source.unlink(missing_ok=True)
    _progress_file(job).unlink(missing_ok=True)
    return _finish(job, summary, failure, done)


@transaction.atomic
def _finish(job: ImportJob, summary, failure: str, done: int) -> ImportJob:
    job.finished_at = timezone.now()
    if summary is None:
        job.status = ImportJobStatus.FAILED
        job.failure = failure or ImportJobFailure.INTERNAL
        job.has_report = False
        report_path(job).unlink(missing_ok=True)
    else:
        job.status = ImportJobStatus.DONE
        job.rows_done = summary.rows_read
        job.rows_total = summary.rows_read
        for name in ("created", "updated", "unchanged", "rejected", "warnings"):
            setattr(job, name, getattr(summary, name))
        job.has_report = summary.report_path is not None
    job.save()
    audit_record(
        actor=job.created_by,
        action="registry.import_job_finish",
        target=job,
        payload={
            "status": job.status,
            "failure": job.failure,
            "rows": job.rows_done,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected,
            "warnings": job.warnings,
        },
    )
    return job


# --- the report ------------------------------------------------------------------------------


def import_report_read(*, actor, job: ImportJob) -> bytes:
    """The per-row report's bytes (CSV, as the CLI writes it); the download is audited."""
    if not job.has_report:
        raise ImportRefused("no_report", _("Impor ini tidak punya laporan per baris."), 404)
    try:
        data = report_path(job).read_bytes()
    except OSError as exc:
        raise ImportRefused("no_report", _("Laporan per baris tidak ditemukan."), 404) from exc
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="registry.import_report_download",
            target=job,
            payload={"bytes": len(data)},
        )
    return data


def report_download_name(job: ImportJob) -> str:
    stem = job.file_name.rsplit(".", 1)[0] or "registri"
    return f"{stem}.errors.csv"
