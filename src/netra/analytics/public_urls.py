"""Public analytics pages (mounted at /statistik/)."""

from django.urls import path

from netra.analytics import public_views

app_name = "analytics_public"
urlpatterns = [
    path("", public_views.statistics, name="statistics"),
]
