from django.urls import path

from netra.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("kerja/", views.workspace, name="workspace"),
    path("bahasa/", views.set_language, name="set_language"),
]
