"""Coverage API (staff, session + TOTP): `/api/v1/prevention/coverage/`.

GET with optional `election` (slug; the current election by default), `agency` (public id:
that agency's detail: units, employee type x functional group, units without activity, chart)
and `region` (a region code: the totals of the active people of that region among the agencies
in the caller's scope). Agencies outside the caller's scope are 404; bad parameters 400
(`CoverageErrorCode`, answered by the one exception handler).
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.elections.models import Election
from netra.prevention import coverage
from netra.prevention.access import is_prevention_staff
from netra.prevention.errors import CoverageErrorCode
from netra.prevention.selectors import agencies_viewable_by
from netra.refusals import Refusal
from netra.web.api_schema import ERROR_RESPONSES
from netra.web.responses import no_store


class _Params(serializers.Serializer):
    election = serializers.SlugField(required=False)
    agency = serializers.UUIDField(required=False)
    region = serializers.RegexField(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", required=False)


def _row(row: coverage.CoverageRow, **extra) -> dict:
    return {
        "name": row.label,
        "population": row.population,
        "attended": row.attended,
        "pledged": row.pledged,
        "attended_share": row.attended_share,
        "pledged_share": row.pledged_share,
        **extra,
    }


def _election_out(election) -> dict:
    return {
        "slug": election.slug,
        "name": election.name,
        "vote_date": election.vote_date.isoformat(),
    }


class CoverageApi(APIView):
    """Coverage of prevention work (attended a socialization, pledged) in the caller's scope."""

    @extend_schema(
        operation_id="prevention_coverage",
        parameters=[
            OpenApiParameter("election", OpenApiTypes.STR, description="election slug"),
            OpenApiParameter("agency", OpenApiTypes.UUID, description="agency public id"),
            OpenApiParameter("region", OpenApiTypes.STR, description="region code, e.g. 32.01"),
        ],
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
    )
    def get(self, request):
        params = _Params(data=request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        data = params.validated_data
        if not is_prevention_staff(request.user):
            raise Refusal(CoverageErrorCode.FORBIDDEN)
        if "election" in data:
            election = Election.objects.filter(slug=data["election"]).first()
            if election is None:
                raise Refusal(
                    CoverageErrorCode.UNKNOWN_ELECTION,
                    fields={"election": CoverageErrorCode.UNKNOWN_ELECTION},
                )
        else:
            election = coverage.election_current()
            if election is None:
                raise Refusal(CoverageErrorCode.NO_ELECTION)
        agencies = agencies_viewable_by(request.user)
        body = {"election": _election_out(election)}
        if "agency" in data:
            agency = agencies.filter(public_id=data["agency"]).first()
            if agency is None:
                raise Http404
            body.update(self._agency(agency, election))
        else:
            taking_part = coverage.agencies_taking_part(election, agencies)
            people = coverage.population(agencies=taking_part, region_code=data.get("region"))
            body["total"] = _row(coverage.coverage_total(people, election))
            if "region" in data:
                body["region"] = data["region"]
            else:
                body["agencies"] = [
                    _row(row, public_id=str(row.public_id))
                    for row in coverage.coverage_by_agency(taking_part, election)
                ]
        return no_store(Response(body))

    @staticmethod
    def _agency(agency, election) -> dict:
        people = coverage.population(agency=agency)
        chart = coverage.coverage_chart(agency, election)
        return {
            "agency": {"public_id": str(agency.public_id), "name": agency.name},
            "total": _row(coverage.coverage_total(people, election, label=agency.name)),
            "units": [
                _row(row, public_id=str(row.public_id) if row.public_id else None)
                for row in coverage.coverage_by_unit(agency, election)
            ],
            "breakdown": [
                _row(row, employee_type=row.key[0], functional_group=row.key[1])
                for row in coverage.coverage_by_type_and_group(people, election)
            ],
            "units_without_activity": [
                {"public_id": str(unit.public_id), "name": unit.name}
                for unit in coverage.units_without_activity(agency, election)
            ],
            "chart": {
                "period": chart.period,
                "points": [
                    {
                        "day": p.day.isoformat(),
                        "attended": p.attended,
                        "pledged": p.pledged,
                        "population": p.population,
                    }
                    for p in chart.points
                ],
            },
        }
