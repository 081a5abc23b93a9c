"""Read-only, public API over elections and their stage dates."""

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.elections.api.serializers import ElectionDetailSerializer, ElectionSerializer
from netra.elections.selectors import (
    UnknownElectionError,
    election_for_date,
    election_get,
    election_list,
)
from netra.regions.selectors import region_get
from netra.web.api_schema import ErrorSerializer, FieldErrorSerializer


class PublicReadMixin:
    permission_classes = [AllowAny]
    authentication_classes: list = []
    filter_backends: list = []


@extend_schema(tags=["elections"], summary="Elections")
class ElectionListApi(PublicReadMixin, ListAPIView):
    serializer_class = ElectionSerializer

    def get_queryset(self):
        return election_list()


@extend_schema(tags=["elections"], summary="One election with its stages and regions")
class ElectionDetailApi(PublicReadMixin, RetrieveAPIView):
    serializer_class = ElectionDetailSerializer

    def get_object(self):
        try:
            election = election_get(self.kwargs["slug"])
        except UnknownElectionError as exc:
            raise NotFound(_("Pemilihan tidak dikenal.")) from exc
        election.regions_linked = election.regions.aggregate(n=Count("pk"))["n"]
        return election


@extend_schema(
    tags=["elections"],
    summary="The election running on a date (optionally in a region)",
    parameters=[
        OpenApiParameter("date", dt.date, required=True),
        OpenApiParameter("region", str, description="Kemendagri code, e.g. 32.01"),
    ],
    responses={
        200: ElectionSerializer,
        400: OpenApiResponse(FieldErrorSerializer, description="bad input"),
        404: OpenApiResponse(ErrorSerializer, description="no election on that date"),
    },
)
class ElectionForDateApi(PublicReadMixin, APIView):
    def get(self, request):
        raw = request.query_params.get("date", "")
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise ValidationError(
                {
                    "date": [
                        _("Tanggal tidak valid: %(value)s (gunakan YYYY-MM-DD).") % {"value": raw}
                    ]
                }
            ) from exc
        region = None
        code = request.query_params.get("region")
        if code:
            region = region_get(code)
            if region is None:
                raise ValidationError(
                    {"region": [_("Wilayah tidak dikenal: %(code)s.") % {"code": code}]}
                )
        election = election_for_date(day, region=region)
        if election is None:
            raise NotFound(_("Tidak ada pemilihan pada tanggal itu."))
        return Response(ElectionSerializer(election).data)
