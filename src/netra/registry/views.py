"""Registry pages of the workspace: the web import (upload, progress, report download).

Thin views over `import_jobs` and `selectors`. Without an import grant (agency HR or admin of
an agency, or a national admin) the upload page answers 403; a job outside the user's scope
answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from netra.registry import import_jobs, selectors
from netra.registry.forms import RegistryImportForm
from netra.web.responses import no_store, no_store_page

RECENT_JOBS = 20
# Seconds between two looks at a running job (the page without JavaScript reloads itself).
POLL_SECONDS = 2


def _job_or_404(request, job_id):
    job = selectors.import_job_get_for(request.user, job_id)
    if job is None:
        raise Http404
    return job


def _job_context(job) -> dict:
    done, total = import_jobs.progress_read(job)
    return {
        "job": job,
        "done": done,
        "total": total,
        "percent": 100 if job.is_finished else import_jobs.progress_percent(done, total),
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    user = request.user
    if not selectors.may_import(user):
        raise PermissionDenied
    agencies = selectors.import_agencies_for(user)
    allow_all = selectors.may_import_all_agencies(user)
    form = RegistryImportForm(
        request.POST or None, request.FILES or None, agencies=agencies, allow_all=allow_all
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                job = import_jobs.import_job_create(
                    actor=user, agency=form.cleaned_data["agency"], upload=form.cleaned_data["file"]
                )
            except import_jobs.ImportRefused as exc:
                form.add_error("file" if exc.code == "file" else None, exc.message)
                status = exc.status
            else:
                return redirect("registry:import-job", job_id=job.public_id)
    context = {
        "form": form,
        "agencies": form.agencies,
        "jobs": selectors.import_jobs_for(user)[:RECENT_JOBS],
        "max_mb": import_jobs.max_bytes() // (1024 * 1024),
    }
    return no_store_page(request, "registry/import_start.html", context, status)


@login_required
@require_GET
def import_job(request, job_id):
    job = _job_or_404(request, job_id)
    return no_store_page(request, "registry/import_job.html", _job_context(job))


@login_required
@require_GET
def import_job_progress(request, job_id):
    """The progress fragment htmx polls; once the job ends, the whole page is reloaded."""
    job = _job_or_404(request, job_id)
    response = no_store_page(request, "registry/_import_progress.html", _job_context(job))
    if job.is_finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_job_report(request, job_id):
    job = _job_or_404(request, job_id)
    try:
        data = import_jobs.import_report_read(actor=request.user, job=job)
    except import_jobs.ImportRefused as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, import_jobs.report_download_name(job)
    )
    return no_store(response)
