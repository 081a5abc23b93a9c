"""Prevention API (/api/v1/prevention/): one route list per concept, like the pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("netra.prevention.api.urls_activities")),
    path("", include("netra.prevention.api.urls_pledges")),
    path("", include("netra.prevention.api.urls_coverage")),
]
