"""Read-only, public working-day API: due dates, day counts and a year's non-working days."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.web.api_schema import FieldErrorSerializer
from netra.workdays import calendar
from netra.workdays.api.serializers import (
    DueDateSerializer,
    NonWorkingDaysSerializer,
    WorkingDaysBetweenSerializer,
)
from netra.workdays.inputs import InvalidInput, parse_date, parse_days, parse_region, parse_year

REGION_PARAM = OpenApiParameter(
    "region", str, description="region code (3201, 32.01); default national", required=False
)
BAD_INPUT = OpenApiResponse(
    FieldErrorSerializer, description="malformed date, number or unknown region"
)


class PublicApi(APIView):
    # The holiday calendar is public information.
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def parsed(self, **parsers):
        values, errors = {}, {}
        for field, parser in parsers.items():
            try:
                values[field] = parser(self.request.query_params.get(field), field)
            except InvalidInput as exc:
                errors[field] = [exc.message]
        if errors:
            raise ValidationError(errors)
        return values


class DueDateApi(PublicApi):
    @extend_schema(
        summary="Due date N working days after start",
        description="start is day 0; the due date is the N-th working day after it "
        "(negative N counts back).",
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD", required=True),
            OpenApiParameter(
                "days", int, description="working days, may be negative", required=True
            ),
            REGION_PARAM,
        ],
        responses={200: DueDateSerializer, 400: BAD_INPUT},
        tags=["workdays"],
    )
    def get(self, request):
        v = self.parsed(start=parse_date, days=parse_days, region=parse_region)
        due = calendar.add_working_days(v["start"], v["days"], v["region"])
        return Response(DueDateSerializer({**v, "due": due}).data)


class WorkingDaysBetweenApi(PublicApi):
    @extend_schema(
        summary="Working days after start up to and including end",
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD", required=True),
            OpenApiParameter("end", str, description="YYYY-MM-DD", required=True),
            REGION_PARAM,
        ],
        responses={200: WorkingDaysBetweenSerializer, 400: BAD_INPUT},
        tags=["workdays"],
    )
    def get(self, request):
        v = self.parsed(start=parse_date, end=parse_date, region=parse_region)
        count = calendar.working_days_between(v["start"], v["end"], v["region"])
        return Response(WorkingDaysBetweenSerializer({**v, "working_days": count}).data)


class NonWorkingDaysApi(PublicApi):
    @extend_schema(
        summary="Holidays, cuti bersama and overrides of a year",
        description="Names follow the request language (Indonesian by default). Plain weekends "
        "are not listed.",
        parameters=[
            OpenApiParameter("year", int, description="e.g. 2024", required=True),
            REGION_PARAM,
        ],
        responses={200: NonWorkingDaysSerializer, 400: BAD_INPUT},
        tags=["workdays"],
    )
    def get(self, request):
        v = self.parsed(year=parse_year, region=parse_region)
        days = calendar.non_working_days(v["year"], v["region"])
        rows = [{"date": d, "name": name} for d, name in days]
        return Response(NonWorkingDaysSerializer({**v, "days": rows}).data)
