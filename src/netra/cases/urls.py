from django.urls import path

from netra.cases import views
from netra.cases.views import letters as letter_views
from netra.cases.views.audit import case_audit

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("daftar/", views.case_list, name="list"),
    path("daftar/ekspor/<str:fmt>/", views.export, name="export"),
    path("terlambat/", views.overdue, name="overdue"),
    path("laporan/<uuid:report_id>/periksa/", views.start_check, name="start"),
    path("<uuid:case_id>/", views.detail, name="detail"),
    path("<uuid:case_id>/langkah/<slug:target>/", views.transition, name="transition"),
    path("<uuid:case_id>/laporan/<uuid:report_id>/pelapor/", views.reveal, name="reveal"),
    path("<uuid:case_id>/bukti/<uuid:evidence_id>/", views.evidence, name="evidence"),
    path(
        "<uuid:case_id>/bukti/<uuid:evidence_id>/lepaskan/",
        views.evidence_release,
        name="evidence-release",
    ),
    path("<uuid:case_id>/surat/<slug:kind>/", views.letter, name="letter"),
    path(
        "<uuid:case_id>/surat/<str:code>/unduh/",
        letter_views.letter_download,
        name="letter-download",
    ),
    path("<uuid:case_id>/identitas/", views.identity, name="identity"),
    path("<uuid:case_id>/duplikat/", views.duplicates, name="duplicates"),
    path("<uuid:case_id>/kajian/", views.study, name="study"),
    path("<uuid:case_id>/audit/", case_audit, name="audit"),
]
