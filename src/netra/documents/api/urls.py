from django.urls import path

from netra.documents.api import views

app_name = "documents-api"

urlpatterns = [
    path("verify/<str:code>/", views.DocumentVerifyApi.as_view(), name="verify"),
]
