"""Registry pages of the workspace, under /registri/."""

from django.urls import path

from netra.registry import views

app_name = "registry"

urlpatterns = [
    path("impor/", views.import_start, name="import"),
    path("impor/<uuid:job_id>/", views.import_job, name="import-job"),
    path("impor/<uuid:job_id>/progres/", views.import_job_progress, name="import-job-progress"),
    path("impor/<uuid:job_id>/laporan.csv", views.import_job_report, name="import-job-report"),
]
