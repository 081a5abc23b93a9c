"""Activities API (/api/v1/prevention/activities/): the list and detail in the caller's scope,
and creation for agency HR. Thin over `selectors` and `services.activities`; a refusal is
raised and answered by the one exception handler (`{"detail", "code", "errors"}` with its code's
status, netra.web.api_errors). Unknown or out-of-scope activities are 404.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.elections.models import Election
from netra.prevention import selectors
from netra.prevention.choices import ActivityKind, PartnerBody
from netra.prevention.services import activities as services
from netra.registry.choices import EmployeeType
from netra.registry.models import Agency, WorkUnit
from netra.web.api_fields import LookupField
from netra.web.api_schema import ERROR_RESPONSES, ErrorSerializer
from netra.web.responses import no_store


class ActivityOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    unit = serializers.UUIDField(source="unit.public_id", allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    election = serializers.CharField(source="election.slug")
    held_on = serializers.DateField()
    partners = serializers.ListField(child=serializers.CharField())
    audience = serializers.ListField(child=serializers.CharField())
    place = serializers.CharField()
    link = serializers.CharField()
    description = serializers.CharField()
    takes_attendance = serializers.BooleanField()
    check_in_open = serializers.BooleanField()
    attendance_count = serializers.SerializerMethodField()

    def get_attendance_count(self, activity) -> int:
        return activity.attendances.count()


class ActivityInput(serializers.Serializer):
    agency = LookupField(slug_field="code", queryset=Agency.objects.all())
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    election = LookupField(slug_field="slug", queryset=Election.objects.all())
    held_on = serializers.DateField()
    unit = LookupField(
        slug_field="public_id", queryset=WorkUnit.objects.all(), required=False, allow_null=True
    )
    partners = serializers.ListField(
        child=serializers.ChoiceField(choices=PartnerBody.choices), required=False, default=list
    )
    audience = serializers.ListField(
        child=serializers.ChoiceField(choices=EmployeeType.choices), required=False, default=list
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    link = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityListApi(ListAPIView):
    """Activities in the caller's scope, newest first; filter by `election` (slug) and `kind`.
    POST creates one (agency HR of that agency, admins)."""

    serializer_class = ActivityOutput

    def get_queryset(self):
        activities = selectors.activities_for(self.request.user).prefetch_related(None)
        election = self.request.query_params.get("election")
        kind = self.request.query_params.get("kind")
        if election:
            activities = activities.filter(election__slug=election)
        if kind:
            activities = activities.filter(kind=kind)
        return activities

    @extend_schema(
        operation_id="prevention_activities_list",
        parameters=[
            OpenApiParameter("election", str, description="election slug"),
            OpenApiParameter("kind", str, enum=ActivityKind.values),
        ],
    )
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))

    @extend_schema(
        operation_id="prevention_activities_create",
        request=ActivityInput,
        responses={201: ActivityOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        data = ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_create(actor=request.user, **data.validated_data)
        return no_store(Response(ActivityOutput(activity).data, status=status.HTTP_201_CREATED))


class ActivityDetailApi(APIView):
    """One activity in the caller's scope (404 otherwise)."""

    @extend_schema(
        operation_id="prevention_activities_retrieve",
        responses={200: ActivityOutput, 404: ErrorSerializer},
    )
    def get(self, request, activity_id):
        activity = selectors.activity_get_for(request.user, activity_id)
        if activity is None:
            raise Http404
        return no_store(Response(ActivityOutput(activity).data))
