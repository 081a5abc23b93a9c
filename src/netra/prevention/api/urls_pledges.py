"""API routes for prevention pledges (/api/v1/prevention/campaigns/...)."""

from django.urls import path

from netra.prevention.api import pledges as views

urlpatterns = [
    path("campaigns/", views.CampaignListApi.as_view(), name="prevention-api-campaigns"),
    path(
        "campaigns/<uuid:campaign_id>/",
        views.CampaignDetailApi.as_view(),
        name="prevention-api-campaign",
    ),
    path(
        "campaigns/<uuid:campaign_id>/pledges/",
        views.CampaignPledgeListApi.as_view(),
        name="prevention-api-campaign-pledges",
    ),
]
