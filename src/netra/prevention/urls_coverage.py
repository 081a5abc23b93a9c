"""Routes of the prevention coverage pages (included by prevention/urls.py)."""

from django.urls import path

from netra.prevention.views import coverage

urlpatterns = [
    path("pencegahan/cakupan/", coverage.workspace, name="coverage"),
    path("pencegahan/cakupan/ekspor/", coverage.export, name="coverage-export"),
    path("pencegahan/cakupan/<uuid:agency_id>/", coverage.agency_detail, name="coverage-agency"),
    path("cakupan/", coverage.public, name="public-coverage"),
]
