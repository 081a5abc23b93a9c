from django.urls import path

from netra.rules import views

app_name = "rules"

# The fixed pages come before the catch-all form page: their slugs are lower case words, form
# codes are upper case ("SKB2022-E1"), and a test checks that no code collides with them.
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("panduan/", views.guide, name="guide"),
    path("panduan/<slug:slug>/", views.guide_act, name="guide-act"),
    path("cek-diri/", views.self_check, name="self-check"),
    path("cara-melapor/", views.how_to_report, name="how-to-report"),
    path("<str:code>/", views.form_detail, name="form-detail"),
]
