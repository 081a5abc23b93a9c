"""Registry API: public number validation; staff-only scoped agencies and people."""

import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.registry import selectors
from netra.registry.api.serializers import AgencyOutput, PersonOutput, ValidateInput
from netra.registry.choices import FunctionalGroup, PersonStatus
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_nip, parse_nipppk

_RESULT = inline_serializer(
    "IdentifierCheck",
    {
        "valid": serializers.BooleanField(),
        "normalised": serializers.CharField(),
        "errors": serializers.ListField(child=serializers.DictField()),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


class _ValidateView(APIView):
    """POST {"value": "..."}: 200 with `valid`, parsed fields, errors and warnings.

    The number travels in the body, never in the URL (it is personal data).
    """

    permission_classes = [AllowAny]
    # Public and read-only in effect: no session, so no CSRF token is needed.
    authentication_classes: list = []
    parser = staticmethod(parse_nip)

    @extend_schema(request=ValidateInput, responses=_RESULT)
    def post(self, request):
        data = ValidateInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(self.parser(data.validated_data["value"]).as_dict())


class NipValidateView(_ValidateView):
    parser = staticmethod(parse_nip)


class NipPppkValidateView(_ValidateView):
    parser = staticmethod(parse_nipppk)


class NikValidateView(_ValidateView):
    parser = staticmethod(parse_nik)


class AgencyListView(generics.ListAPIView):
    serializer_class = AgencyOutput

    def get_queryset(self):
        return selectors.agency_list_for(self.request.user).order_by("name", "id")


class AgencyDetailView(APIView):
    @extend_schema(responses=AgencyOutput)
    def get(self, request, public_id):
        agency = selectors.agency_get_for(request.user, public_id)
        if agency is None:
            raise Http404(_("Instansi tidak ditemukan."))
        return Response(AgencyOutput(agency).data)


class PersonListView(generics.ListAPIView):
    """People in the user's scope; `q` searches names (titles ignored)."""

    serializer_class = PersonOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="nama (tanpa gelar) atau NIP"),
            OpenApiParameter("agency", str, description="public_id instansi"),
            OpenApiParameter("status", str, enum=PersonStatus.values),
            OpenApiParameter("functional_group", str, enum=FunctionalGroup.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        qs = selectors.person_list_for(self.request.user)
        for name, choices in (("status", PersonStatus), ("functional_group", FunctionalGroup)):
            value = params.get(name)
            if value:
                if value not in choices.values:
                    raise serializers.ValidationError(
                        {name: _("Nilai %(v)r tidak dikenal.") % {"v": value}}
                    )
                qs = qs.filter(**{name: value})
        agency = params.get("agency")
        if agency:
            try:
                qs = qs.filter(agency__public_id=uuid.UUID(agency))
            except ValueError as exc:
                raise serializers.ValidationError(
                    {"agency": _("public_id instansi tidak valid.")}
                ) from exc
        q = (params.get("q") or "").strip()
        if q:
            digits = "".join(q.split())
            if digits.isascii() and digits.isdigit():
                return qs.filter(nip__startswith=digits).order_by("nip")
            ids = [p.pk for p in selectors.person_search(q, queryset=qs, limit=200)]
            return qs.filter(pk__in=ids).order_by("name_key", "id")
        return qs.order_by("name_key", "id")


class PersonDetailView(APIView):
    @extend_schema(responses=PersonOutput)
    def get(self, request, public_id):
        person = selectors.person_get_for(request.user, public_id)
        if person is None:
            raise Http404(_("Pegawai tidak ditemukan."))
        return Response(PersonOutput(person).data)
