"""Pledge API (staff, session + TOTP): campaigns in scope with their counts, and the pledges of
a campaign. Out of scope is 404. Names of people are given only to callers who may view the
agency's prevention records (`access.may_view`); others get the pledges without names.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from netra.prevention import access, selectors
from netra.web.responses import no_store


class TemplateOutput(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    points = serializers.ListField(child=serializers.CharField(), source="point_texts")
    closing = serializers.CharField()


class CampaignOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    agency_code = serializers.CharField(source="agency.code")
    election = serializers.CharField(source="election.slug")
    template = TemplateOutput()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    pledges_individual = serializers.IntegerField(source="n_individual")
    pledges_collective = serializers.IntegerField(source="n_collective")
    pledges_total = serializers.IntegerField(source="n_total")


class PledgeOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    method = serializers.CharField()
    identity_check = serializers.CharField()
    template_version = serializers.IntegerField(source="template.version")
    activity = serializers.UUIDField(source="activity.public_id", allow_null=True, default=None)
    pledged_at = serializers.DateTimeField()
    certificate_code = serializers.CharField(source="certificate.code", default=None)

    def _names(self) -> bool:
        return bool(self.context.get("names"))

    def get_name(self, pledge) -> str | None:
        return pledge.person.name if self._names() else None

    def get_unit(self, pledge) -> str | None:
        if not self._names() or not pledge.person.unit_id:
            return None
        return pledge.person.unit.name


def _campaigns(user):
    return selectors.campaigns_with_counts(selectors.campaigns_for(user)).order_by(
        "-starts_on", "-id"
    )


class CampaignListApi(generics.ListAPIView):
    """Pledge campaigns in your scope, newest first, with their pledge counts."""

    serializer_class = CampaignOutput
    filter_backends: list = []

    def get_queryset(self):
        return _campaigns(self.request.user)

    @extend_schema(operation_id="prevention_campaigns_list")
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))


class CampaignDetailApi(generics.RetrieveAPIView):
    """One pledge campaign in your scope with its text and counts."""

    serializer_class = CampaignOutput

    def get_object(self):
        wanted = self.kwargs["campaign_id"]
        campaign = _campaigns(self.request.user).filter(public_id=wanted).first()
        if campaign is None:
            raise Http404
        return campaign

    @extend_schema(operation_id="prevention_campaigns_detail")
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))


class CampaignPledgeListApi(generics.ListAPIView):
    """The pledges of a campaign in your scope (read only); names only for viewers of the
    agency's prevention records."""

    serializer_class = PledgeOutput
    filter_backends: list = []

    def campaign(self):
        if not hasattr(self, "_campaign"):
            found = selectors.campaign_get_for(self.request.user, self.kwargs["campaign_id"])
            if found is None:
                raise Http404
            self._campaign = found
        return self._campaign

    def get_queryset(self):
        return selectors.campaign_pledges(self.campaign())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["names"] = access.may_view(self.request.user, self.campaign().agency)
        return context

    @extend_schema(operation_id="prevention_campaign_pledges_list")
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))
