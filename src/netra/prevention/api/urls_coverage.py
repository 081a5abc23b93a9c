"""API routes for prevention coverage."""

from django.urls import path

from netra.prevention.api.coverage import CoverageApi

urlpatterns = [
    path("coverage/", CoverageApi.as_view(), name="prevention-coverage"),
]
