"""API routes for prevention activities."""

from django.urls import path

from netra.prevention.api import activities as views

urlpatterns = [
    path("activities/", views.ActivityListApi.as_view(), name="prevention-activity-list"),
    path(
        "activities/<uuid:activity_id>/",
        views.ActivityDetailApi.as_view(),
        name="prevention-activity-detail",
    ),
]
