from django.urls import path

from netra.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.report_form, name="report"),
    path("status/", views.status, name="status"),
    path("status/balas/", views.status_reply, name="status_reply"),
    path("status/bukti/", views.status_evidence, name="status_evidence"),
    path("status/bukti/<uuid:evidence_id>/", views.status_evidence_view, name="status_photo"),
    path("status/keluar/", views.status_leave, name="status_leave"),
]
