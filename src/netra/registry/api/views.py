"""Registry API: public number validation; staff-only scoped agencies and people."""

import uuid

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.registry import import_jobs, selectors
from netra.registry.api.serializers import (
    AgencyOutput,
    ImportJobInput,
    ImportJobOutput,
    PersonOutput,
    ValidateInput,
)
from netra.registry.choices import FunctionalGroup, PersonStatus
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_nip, parse_nipppk
from netra.web.api_schema import ERROR_RESPONSES, ErrorSerializer

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


# --- web imports -----------------------------------------------------------------------------


class ImportApiError(APIException):
    """`{"detail", "code"}` with the refusal's status (the shape of every API error)."""

    def __init__(self, message: str, code: str, status_code: int = 400, errors=None):
        self.status_code = status_code
        body = {"detail": str(message), "code": code}
        if errors:
            body["errors"] = errors
        super().__init__(body)


def _job_or_404(request, public_id):
    job = selectors.import_job_get_for(request.user, public_id)
    if job is None:
        raise ImportApiError(_("Impor tidak ditemukan."), "not_found", 404)
    return job


class ImportJobListCreateView(APIView):
    """POST a CSV/XLSX file: 202 with the queued job; GET: the jobs in the user's scope."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportJobInput},
        responses={202: ImportJobOutput, **ERROR_RESPONSES},
    )
    def post(self, request):
        user = request.user
        if not selectors.may_import(user):
            raise ImportApiError(
                _("Anda tidak berwenang mengimpor data pegawai."), "forbidden", 403
            )
        data = ImportJobInput(data=request.data)
        data.is_valid(raise_exception=True)
        agencies = selectors.import_agencies_for(user)
        agency_id = data.validated_data.get("agency")
        agency = None
        if agency_id is not None:
            agency = agencies.filter(public_id=agency_id).first()
            if agency is None:
                raise ImportApiError(
                    _("Anda tidak berwenang mengimpor data instansi ini."),
                    "forbidden",
                    403,
                    errors={"agency": [_("Instansi di luar kewenangan Anda.")]},
                )
        elif not selectors.may_import_all_agencies(user) and agencies.count() == 1:
            agency = agencies.get()
        try:
            job = import_jobs.import_job_create(
                actor=user, agency=agency, upload=data.validated_data["file"]
            )
        except import_jobs.ImportRefused as exc:
            field = "file" if exc.code == "file" else "agency"
            raise ImportApiError(
                exc.message, exc.code, exc.status, errors={field: [exc.message]}
            ) from exc
        job.refresh_from_db()
        return Response(ImportJobOutput(job).data, status=202)

    @extend_schema(responses={200: ImportJobOutput(many=True)})
    def get(self, request):
        jobs = selectors.import_jobs_for(request.user)[:50]
        return Response(ImportJobOutput(jobs, many=True).data)


class ImportJobDetailView(APIView):
    @extend_schema(responses={200: ImportJobOutput, **ERROR_RESPONSES})
    def get(self, request, public_id):
        return Response(ImportJobOutput(_job_or_404(request, public_id)).data)


class ImportJobReportView(APIView):
    """The per-row report (CSV: row, nip, column, level, message), as the CLI writes it."""

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 404: ErrorSerializer},
    )
    def get(self, request, public_id):
        job = _job_or_404(request, public_id)
        try:
            data = import_jobs.import_report_read(actor=request.user, job=job)
        except import_jobs.ImportRefused as exc:
            raise ImportApiError(exc.message, exc.code, exc.status) from exc
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            True, import_jobs.report_download_name(job)
        )
        response["Cache-Control"] = "no-store"
        return response
