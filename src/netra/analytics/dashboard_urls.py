from django.urls import path

from netra.analytics import dashboard

app_name = "dashboard"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("terlambat/", dashboard.overdue, name="overdue"),
    path("ekspor/<slug:table>/", dashboard.export, name="export"),
]
