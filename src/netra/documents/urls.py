from django.urls import path

from netra.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.verify_form, name="verify"),
    path("<str:code>/", views.verify_code, name="verify_code"),
]
