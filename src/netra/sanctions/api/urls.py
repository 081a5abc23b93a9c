from django.urls import path

from netra.sanctions.api import views

app_name = "sanctions-api"

urlpatterns = [
    path("cases/<uuid:case_id>/decision/", views.DecisionApi.as_view(), name="decision"),
    path("cases/<uuid:case_id>/remedies/", views.RemedyApi.as_view(), name="remedies"),
    path(
        "cases/<uuid:case_id>/remedies/decide/",
        views.RemedyDecideApi.as_view(),
        name="remedy-decide",
    ),
    path("cases/<uuid:case_id>/court/", views.CourtFileApi.as_view(), name="court"),
    path(
        "cases/<uuid:case_id>/court/ruling/",
        views.CourtRulingApi.as_view(),
        name="court-ruling",
    ),
    path("cases/<uuid:case_id>/close/", views.CloseApi.as_view(), name="close"),
    path("cases/<uuid:case_id>/block/", views.CaseBlockApi.as_view(), name="case-block"),
    path(
        "cases/<uuid:case_id>/block/confirm/",
        views.CaseBlockConfirmApi.as_view(),
        name="case-block-confirm",
    ),
    path("blocks/", views.DataBlockListApi.as_view(), name="blocks"),
    path("decisions/<uuid:decision_id>/file/", views.DecreeFileApi.as_view(), name="decree-file"),
]
