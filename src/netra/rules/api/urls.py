from django.urls import path

from netra.rules.api import views

app_name = "rules-api"

urlpatterns = [
    path("forms/", views.FormListApi.as_view(), name="form-list"),
    path("forms/<str:code>/", views.FormDetailApi.as_view(), name="form-detail"),
    path("acts/", views.ActListApi.as_view(), name="act-list"),
    path("sanctions/", views.SanctionListApi.as_view(), name="sanction-list"),
    path("regulations/", views.RegulationListApi.as_view(), name="regulation-list"),
    path("authorities/", views.AuthorityListApi.as_view(), name="authority-list"),
    path("authority/", views.AuthorityOnDateApi.as_view(), name="authority-on-date"),
    path("classify/", views.ClassifyApi.as_view(), name="classify"),
]
