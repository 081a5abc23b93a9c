"""A test-only URLconf: one API view behind the default permission (IsVerifiedStaff)."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView


class ProbeApi(APIView):
    def get(self, request):
        return Response({"username": request.user.username})


urlpatterns = [
    path("api/v1/probe/", ProbeApi.as_view()),
    path("", include("netra.urls")),
]
