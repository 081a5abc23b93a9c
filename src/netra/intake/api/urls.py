from django.urls import path

from netra.intake.api import views

app_name = "intake-api"

urlpatterns = [
    path("", views.ReportListApi.as_view(), name="report-list"),
    path("submit/", views.ReportSubmitApi.as_view(), name="report-submit"),
    path("status/", views.ReportStatusApi.as_view(), name="report-status"),
    path("reply/", views.ReportReplyApi.as_view(), name="report-reply"),
    path("evidence/", views.ReportEvidenceAddApi.as_view(), name="report-evidence-add"),
    path("<uuid:public_id>/", views.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "<uuid:public_id>/identity/", views.ReporterIdentityApi.as_view(), name="reporter-identity"
    ),
    path(
        "<uuid:public_id>/evidence/<uuid:evidence_id>/",
        views.EvidenceDownloadApi.as_view(),
        name="evidence-download",
    ),
    path(
        "<uuid:public_id>/evidence/<uuid:evidence_id>/release/",
        views.EvidenceReleaseApi.as_view(),
        name="evidence-release",
    ),
]
