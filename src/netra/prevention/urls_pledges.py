"""Routes of the pledge pages (included by prevention/urls.py): the workspace campaigns under
/pencegahan/ikrar/ and the public phone flow under /ikrar/."""

from django.urls import path

from netra.prevention.views import pledges as views

urlpatterns = [
    path("pencegahan/ikrar/", views.campaign_list, name="campaign-list"),
    path("pencegahan/ikrar/baru/", views.campaign_create, name="campaign-create"),
    path("pencegahan/ikrar/<uuid:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/bersama/",
        views.campaign_collective,
        name="campaign-collective",
    ),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/ikrar/<uuid:pledge_id>/sertifikat.pdf",
        views.campaign_pledge_certificate,
        name="campaign-pledge-certificate",
    ),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/templat/",
        views.campaign_template,
        name="campaign-template",
    ),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/bersama/pilih/",
        views.campaign_collective_choose,
        name="campaign-collective-choose",
    ),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/bukti/",
        views.campaign_second_factor,
        name="campaign-second-factor",
    ),
    path(
        "pencegahan/ikrar/<uuid:campaign_id>/kode/",
        views.campaign_codes_issue,
        name="campaign-codes-issue",
    ),
    path("ikrar/", views.pledge_start, name="pledge-start"),
    path("ikrar/pilih/", views.pledge_choose, name="pledge-choose"),
    path("ikrar/<uuid:campaign_id>/kode/", views.pledge_code, name="pledge-code"),
    path("ikrar/<uuid:campaign_id>/baca/", views.pledge_read, name="pledge-read"),
    path("ikrar/selesai/<uuid:pledge_id>/", views.pledge_done, name="pledge-done"),
    path(
        "ikrar/selesai/<uuid:pledge_id>/sertifikat.pdf",
        views.pledge_certificate,
        name="pledge-certificate",
    ),
]
