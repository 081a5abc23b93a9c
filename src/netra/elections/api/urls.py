from django.urls import path

from netra.elections.api import views

app_name = "elections-api"

urlpatterns = [
    path("", views.ElectionListApi.as_view(), name="election-list"),
    path("for-date/", views.ElectionForDateApi.as_view(), name="election-for-date"),
    path("<slug:slug>/", views.ElectionDetailApi.as_view(), name="election-detail"),
]
