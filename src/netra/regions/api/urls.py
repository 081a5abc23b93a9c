from django.urls import path

from netra.regions.api.views import RegionDetailApi, RegionListApi

app_name = "regions-api"

urlpatterns = [
    path("", RegionListApi.as_view(), name="region-list"),
    path("<str:code>/", RegionDetailApi.as_view(), name="region-detail"),
]
