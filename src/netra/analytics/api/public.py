"""The public statistics as JSON or CSV (`?format=csv`): no login, no cookie, aggregates only,
small counts suppressed (`analytics.public`)."""

import csv
import io

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.analytics import public
from netra.analytics.public_views import election_from
from netra.cases.exports import neutralise
from netra.web.api_schema import ErrorSerializer


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if isinstance(data, dict) and "rows" in data:
            for row in data["rows"]:
                writer.writerow([neutralise(value) for value in row])
        else:  # a refusal: {"detail", "code"}
            writer.writerow(["detail", "code"])
            writer.writerow([neutralise(data.get("detail")), neutralise(data.get("code"))])
        return out.getvalue().encode("utf-8")


class _CellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="null when suppressed")
    suppressed = serializers.BooleanField()


class _ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class _RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cells = _CellSerializer(many=True)


class _TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    row_title = serializers.CharField()
    columns = _ColumnSerializer(many=True)
    rows = _RowSerializer(many=True)
    totals = _CellSerializer(many=True)


class _ElectionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PublicStatisticsSerializer(serializers.Serializer):
    election = _ElectionSerializer()
    data_as_of = serializers.DateTimeField(allow_null=True)
    minimum_count = serializers.IntegerField()
    tables = _TableSerializer(many=True)


class PublicStatisticsApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        tags=["statistics"],
        summary="Public statistics of one election (aggregates; counts under 5 suppressed)",
        description=(
            "Fixed tables for one election: cases per province by outcome, proven cases by "
            "employee type and functional group, sanctions by level, PPK follow-up, reports per "
            "month. Counts under 5 and the cells needed to protect them are null with "
            "`suppressed: true`. The election is the only filter (see docs/analytics.md)."
        ),
        parameters=[
            OpenApiParameter("election", str, required=True, description="election slug"),
            OpenApiParameter("format", str, enum=["json", "csv"], description="default json"),
        ],
        responses={200: PublicStatisticsSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        election = election_from(request.query_params, required=True)
        stats = public.public_statistics(election)
        if request.accepted_renderer.format == "csv":
            name = f"statistik-netralitas-{election.slug}.csv"
            return Response(
                {"rows": list(public.as_rows(stats))},
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        return Response(public.as_dict(stats))
