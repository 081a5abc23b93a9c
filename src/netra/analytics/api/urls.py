"""Analytics API (/api/v1/statistics/): the public statistics (aggregates only)."""

from django.urls import path

from netra.analytics.api.public import PublicStatisticsApi

urlpatterns = [
    path("public/", PublicStatisticsApi.as_view(), name="api-public-statistics"),
]
