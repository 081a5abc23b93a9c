"""Read-only, public API over the rules catalog (this is public law)."""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.api.serializers import (
    ActSerializer,
    AuthorityOnDateSerializer,
    AuthoritySerializer,
    ClassificationSerializer,
    ClassifyInputSerializer,
    FormSerializer,
    RegulationSerializer,
    SanctionSerializer,
)
from netra.rules.choices import Category
from netra.rules.classification import classify
from netra.web.api_schema import ERROR_RESPONSES, FieldErrorSerializer


class PublicReadMixin:
    permission_classes = [AllowAny]
    # No session: public law needs no login, and POST /classify/ then needs no CSRF token.
    authentication_classes: list = []
    filter_backends: list = []


def _choice_param(request, name: str, allowed: list[str]) -> str | None:
    value = request.query_params.get(name)
    if value and value not in allowed:
        raise ValidationError({name: [_("Pilihan tidak valid: %(value)s.") % {"value": value}]})
    return value or None


@extend_schema(
    tags=["rules"],
    summary="Violation forms",
    parameters=[
        OpenApiParameter("category", str, enum=Category.values),
        OpenApiParameter("regulation", str, description="SKB-2022 or SKB-2020"),
    ],
)
class FormListApi(PublicReadMixin, ListAPIView):
    serializer_class = FormSerializer

    def get_queryset(self):
        category = _choice_param(self.request, "category", Category.values)
        regulation = self.request.query_params.get("regulation") or None
        if regulation and selectors.regulation_get(regulation) is None:
            raise ValidationError(
                {"regulation": [_("Peraturan tidak dikenal: %(code)s.") % {"code": regulation}]}
            )
        return selectors.form_list(category=category, regulation=regulation)


@extend_schema(tags=["rules"], summary="One violation form")
class FormDetailApi(PublicReadMixin, RetrieveAPIView):
    serializer_class = FormSerializer

    def get_object(self):
        form = selectors.form_get(self.kwargs["code"])
        if form is None:
            raise NotFound(_("Bentuk pelanggaran tidak dikenal."))
        return form


@extend_schema(tags=["rules"], summary="Prohibited acts in plain words, with their forms")
class ActListApi(PublicReadMixin, ListAPIView):
    serializer_class = ActSerializer

    def get_queryset(self):
        return selectors.act_list()


@extend_schema(
    tags=["rules"],
    summary="Sanction catalogue",
    parameters=[OpenApiParameter("employee_type", str, enum=EmployeeType.values)],
)
class SanctionListApi(PublicReadMixin, ListAPIView):
    serializer_class = SanctionSerializer

    def get_queryset(self):
        employee_type = _choice_param(self.request, "employee_type", EmployeeType.values)
        return selectors.sanction_list(employee_type=employee_type)


@extend_schema(tags=["rules"], summary="Regulations behind the catalog")
class RegulationListApi(PublicReadMixin, ListAPIView):
    serializer_class = RegulationSerializer

    def get_queryset(self):
        return selectors.regulation_list()


@extend_schema(tags=["rules"], summary="Recommending authorities (dated timeline)")
class AuthorityListApi(PublicReadMixin, ListAPIView):
    serializer_class = AuthoritySerializer

    def get_queryset(self):
        return selectors.authority_list()


@extend_schema(
    tags=["rules"],
    summary="Recommending authority on a date",
    parameters=[OpenApiParameter("date", dt.date, required=True)],
    responses={200: AuthorityOnDateSerializer, 400: FieldErrorSerializer},
)
class AuthorityOnDateApi(PublicReadMixin, APIView):
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
        authority = selectors.recommending_authority_on(day)
        return Response(AuthorityOnDateSerializer({"date": day, "authority": authority}).data)


class ClassifyApi(PublicReadMixin, APIView):
    def _classify(self, data):
        serializer = ClassifyInputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        # A ClassificationError is a refusal: the exception handler answers it.
        result = classify(
            act=values["act"],
            employee_type=values["employee_type"],
            act_date=values["date"],
            election=values["election"],
            phase=values.get("phase") or None,
            race=values.get("race") or None,
        )
        return Response(ClassificationSerializer(result.as_dict()).data)

    @extend_schema(
        tags=["rules"],
        summary="Classify an act (query parameters)",
        parameters=[ClassifyInputSerializer],
        responses={200: ClassificationSerializer, 400: ERROR_RESPONSES[400]},
    )
    def get(self, request):
        return self._classify(request.query_params)

    @extend_schema(
        tags=["rules"],
        summary="Classify an act (JSON body)",
        request=ClassifyInputSerializer,
        responses={200: ClassificationSerializer, 400: ERROR_RESPONSES[400]},
    )
    def post(self, request):
        return self._classify(request.data)
