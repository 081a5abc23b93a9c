from django.urls import path

from netra.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.trail, name="trail"),
    path("ekspor/", views.export, name="export"),
    path("periksa-rantai/", views.check_request, name="check"),
]
