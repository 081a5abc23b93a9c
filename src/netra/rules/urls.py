from django.urls import path

from netra.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<str:code>/", views.form_detail, name="form-detail"),
]
