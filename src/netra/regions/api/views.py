"""Read-only, public API over the region reference table."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from netra.regions.api.serializers import RegionDetailSerializer, RegionSerializer
from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.regions.filters import RegionFilterSet
from netra.regions.selectors import region_ancestors, region_get, region_list
from netra.web.api_schema import ErrorSerializer, FieldErrorSerializer


class PublicReadMixin:
    # Region codes are public reference data: no login, no session lookup.
    permission_classes = [AllowAny]
    authentication_classes: list = []


@extend_schema(
    summary="List or search regions",
    description="Kemendagri 2025 regions. Filter by level, direct parent code and name (q).",
    tags=["regions"],
)
class RegionListApi(PublicReadMixin, ListAPIView):
    serializer_class = RegionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegionFilterSet

    def get_queryset(self):
        return region_list()


@extend_schema(
    summary="One region by code",
    parameters=[
        OpenApiParameter("code", str, OpenApiParameter.PATH, description="3201, 32.01 or 32-01")
    ],
    responses={
        200: RegionDetailSerializer,
        400: OpenApiResponse(FieldErrorSerializer, description="malformed code"),
        404: OpenApiResponse(ErrorSerializer, description="unknown code"),
    },
    tags=["regions"],
)
class RegionDetailApi(PublicReadMixin, RetrieveAPIView):
    serializer_class = RegionDetailSerializer

    def get_object(self):
        raw = self.kwargs["code"]
        try:
            code = normalize_region_code(raw)
        except InvalidRegionCode as exc:
            raise ValidationError({"code": [str(exc)]}) from exc
        region = region_get(code)
        if region is None:
            raise NotFound(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
        region.ancestor_list = region_ancestors(region)
        region.children_count = region.children.count()
        return region
