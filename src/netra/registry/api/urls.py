from django.urls import path

from netra.registry.api import views

app_name = "registry-api"

urlpatterns = [
    path("validate/nip/", views.NipValidateView.as_view(), name="validate-nip"),
    path("validate/nipppk/", views.NipPppkValidateView.as_view(), name="validate-nipppk"),
    path("validate/nik/", views.NikValidateView.as_view(), name="validate-nik"),
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path("agencies/<uuid:public_id>/", views.AgencyDetailView.as_view(), name="agency-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<uuid:public_id>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("imports/", views.ImportJobListCreateView.as_view(), name="import-list"),
    path("imports/<uuid:public_id>/", views.ImportJobDetailView.as_view(), name="import-detail"),
    path(
        "imports/<uuid:public_id>/report/",
        views.ImportJobReportView.as_view(),
        name="import-report",
    ),
]
