"""Routes of the integrity pact pages (included by prevention/urls.py)."""

from django.urls import path

from netra.prevention.views import pacts as views

urlpatterns = [
    path("pencegahan/pakta/", views.pact_list, name="pact-list"),
    path("pencegahan/pakta/unggah/", views.pact_upload, name="pact-upload"),
    path("pencegahan/pakta/<uuid:pact_id>/berkas/", views.pact_file, name="pact-file"),
]
