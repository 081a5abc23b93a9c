"""Routes of the prevention activities pages (included by prevention/urls.py)."""

from django.urls import path

from netra.prevention.views import activities as views

urlpatterns = [
    path("pencegahan/kegiatan/", views.activity_list, name="activity-list"),
    path("pencegahan/kegiatan/baru/", views.activity_create, name="activity-create"),
    path("pencegahan/kegiatan/<uuid:activity_id>/", views.activity_detail, name="activity-detail"),
    path("pencegahan/kegiatan/<uuid:activity_id>/ubah/", views.activity_edit, name="activity-edit"),
    path(
        "pencegahan/kegiatan/<uuid:activity_id>/impor/",
        views.activity_import,
        name="activity-import",
    ),
    path(
        "pencegahan/kegiatan/<uuid:activity_id>/materi/",
        views.activity_material_add,
        name="activity-material-add",
    ),
    path(
        "pencegahan/kegiatan/<uuid:activity_id>/materi/<uuid:material_id>/",
        views.activity_material,
        name="activity-material",
    ),
    path(
        "pencegahan/kegiatan/<uuid:activity_id>/presensi/",
        views.activity_checkin_toggle,
        name="activity-checkin-toggle",
    ),
    path("pencegahan/kegiatan/<uuid:activity_id>/qr/", views.activity_qr, name="activity-qr"),
    path("hadir/<str:token>/", views.check_in, name="check-in"),
]
