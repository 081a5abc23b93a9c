"""Reports API: public operations (submit, status, reply, add evidence) with rate limits, and
staff operations scoped through the selectors (out of scope answers 404)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, PermissionDenied, Throttled, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.intake import evidence, ratelimits, selectors, services
from netra.intake.api import serializers as s
from netra.intake.errors import ReportErrorCode, ReportRefused
from netra.intake.forms import EvidenceAddForm, ReportForm
from netra.intake.views import _language, _too_large
from netra.web.api_schema import ErrorSerializer, FieldErrorSerializer
from netra.web.responses import no_store


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


QUARANTINED_MESSAGE = gettext_lazy(
    "Berkas ini dikarantina: belum dapat diperiksa antivirus atau isinya tidak dapat diperiksa, "
    "jadi tidak diunduhkan. Minta administrator memeriksa dan melepaskannya."
)


class TooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _throttled(detail: str, wait: int) -> Throttled:
    """A 429 whose `Retry-After` header says when to try again. `wait` is set after building
    the exception: passed to the constructor, DRF appends an untranslated English sentence."""
    exc = Throttled(detail=detail)
    exc.wait = wait
    return exc


class _Public(APIView):
    permission_classes = [AllowAny]
    # No session: nothing to forge, so no CSRF token is needed (ADR 0009).
    authentication_classes: list = []

    def _report_from_key(self, request):
        wait = ratelimits.access_pause(request)
        if wait:
            raise _throttled(_("Pencarian status dari jaringan ini dihentikan sementara."), wait)
        data = s.AccessInput(data=request.data)
        if not data.is_valid():
            ratelimits.access_failed(request)  # malformed guesses count too
            raise ValidationError(data.errors)
        report = services.report_access(
            data.validated_data["tracking_number"], data.validated_data["access_key"]
        )
        if report is None:
            ratelimits.access_failed(request, data.validated_data["tracking_number"])
            raise ReportRefused(ReportErrorCode.WRONG_KEY)
        return report


def _status_payload(report) -> dict:
    report.timeline = selectors.report_timeline(report)
    report.messages_list = selectors.report_messages(report)
    data = s.StatusOutput(
        {
            "tracking_number": report.tracking_number,
            "public_status": report.public_status,
            "get_public_status_display": report.get_public_status_display(),
            "created_at": report.created_at,
            "timeline": report.timeline,
            "messages": report.messages_list,
            "evidence": list(report.evidence.all()),
        }
    ).data
    return data


class ReportSubmitApi(_Public):
    """Submit a report (multipart). Send an `Idempotency-Key` header to make retries safe."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.ReportSubmitInput},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={
            201: s.ReceiptOutput,
            400: FieldErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused"),
            413: OpenApiResponse(ErrorSerializer, description="request too large"),
            429: OpenApiResponse(ErrorSerializer, description="too many submissions"),
        },
    )
    def post(self, request):
        if _too_large(request):
            raise TooLarge(_("Kiriman terlalu besar. Kurangi ukuran atau jumlah berkas bukti."))
        wait = ratelimits.submit_pause(request)
        if wait:
            raise _throttled(_("Terlalu banyak laporan dari jaringan Anda."), wait)
        key = request.headers.get("Idempotency-Key", "").strip()
        form = ReportForm(data={**request.POST.dict(), "idempotency_key": key}, files=request.FILES)
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [e["message"] for e in errs]
                    for field, errs in form.errors.get_json_data().items()
                }
            )
        try:
            report, access_key = services.report_submit(
                data=form.service_data(language=_language()),
                files=form.cleaned_data["evidence"],
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            )
        except evidence.EvidenceRejected as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
        except services.IdempotencyConflict as exc:
            raise Conflict(
                _("Idempotency-Key ini sudah dipakai untuk kiriman dengan isi berbeda.")
            ) from exc
        body = s.ReceiptOutput(
            {
                "public_id": report.public_id,
                "tracking_number": report.tracking_number,
                "access_key": access_key,
                "public_status": report.public_status,
                "guidance": report.guidance,
            }
        ).data
        return no_store(Response(body, status=status.HTTP_201_CREATED))


class ReportStatusApi(_Public):
    """The reporter's view: timeline, messages and evidence names (number + key in the body)."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=s.AccessInput,
        responses={
            200: s.StatusOutput,
            400: OpenApiResponse(FieldErrorSerializer, description="wrong number or key"),
            429: OpenApiResponse(ErrorSerializer, description="too many wrong attempts"),
        },
    )
    def post(self, request):
        report = self._report_from_key(request)
        return no_store(Response(_status_payload(report)))


class ReportReplyApi(_Public):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(request=s.ReplyInput, responses={201: s.StatusOutput})
    def post(self, request):
        report = self._report_from_key(request)
        data = s.ReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.report_message_from_reporter(report=report, body=data.validated_data["body"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return no_store(Response(_status_payload(report), status=status.HTTP_201_CREATED))


class ReportEvidenceAddApi(_Public):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.EvidenceAddInput}, responses={201: s.StatusOutput}
    )
    def post(self, request):
        if _too_large(request):
            raise TooLarge(_("Kiriman terlalu besar. Kurangi ukuran berkas."))
        report = self._report_from_key(request)
        form = EvidenceAddForm(data=request.data, files=request.FILES)
        form.is_valid()
        try:
            services.report_evidence_add(
                report=report, files=form.cleaned_data.get("evidence") or []
            )
        except (evidence.EvidenceRejected, DjangoValidationError) as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
        return no_store(Response(_status_payload(report), status=status.HTTP_201_CREATED))


# --- staff ---------------------------------------------------------------------------------


class ReportListApi(generics.ListAPIView):
    """Reports in the user's region scope, newest first (no reporter identity)."""

    serializer_class = s.ReportListOutput

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=s.PublicStatus.values)])
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))

    def get_queryset(self):
        qs = selectors.report_list_for(self.request.user)
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in s.PublicStatus.values:
                raise ValidationError({"status": _("Status tidak dikenal.")})
            qs = qs.filter(public_status=wanted)
        return qs.order_by("-created_at", "-id")


def _report_or_404(user, public_id):
    report = selectors.report_get_for(user, public_id)
    if report is None:
        raise Http404(_("Laporan tidak ditemukan."))
    return report


class ReportDetailApi(APIView):
    @extend_schema(responses=s.ReportDetailOutput)
    def get(self, request, public_id):
        report = _report_or_404(request.user, public_id)
        return no_store(Response(s.ReportDetailOutput(report).data))


class ReporterIdentityApi(APIView):
    """Decrypt the reporter's identity (officers, analysts and admins in scope; audited)."""

    @extend_schema(request=None, responses={200: s.IdentityOutput, 403: None, 404: None})
    def post(self, request, public_id):
        report = _report_or_404(request.user, public_id)
        try:
            identity = services.reporter_identity_reveal(actor=request.user, report=report)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return no_store(Response(s.IdentityOutput(identity).data))


class EvidenceDownloadApi(APIView):
    """The original file (or `copy=display`, the metadata-stripped image), hash verified."""

    @extend_schema(
        parameters=[OpenApiParameter("copy", str, enum=["original", "display"])],
        responses={(200, "application/octet-stream"): bytes, 404: None, 409: None},
    )
    def get(self, request, public_id, evidence_id):
        row = selectors.evidence_get_for(request.user, public_id, evidence_id)
        if row is None:
            raise Http404(_("Bukti tidak ditemukan."))
        copy = request.query_params.get("copy", "original")
        if copy not in ("original", "display"):
            raise ValidationError({"copy": _("Pilih original atau display.")})
        display = copy == "display"
        if display and not row.display_sha256:
            raise Http404(_("Tidak ada salinan tampilan untuk berkas ini."))
        try:
            handle = services.evidence_open(actor=request.user, evidence_row=row, display=display)
        except evidence.EvidenceIntegrityError as exc:
            raise Conflict(
                _("Berkas bukti tidak cocok dengan sidik SHA-256 yang tercatat; jangan dipakai.")
            ) from exc
        except evidence.EvidenceQuarantined as exc:
            raise Conflict(QUARANTINED_MESSAGE, code="evidence_quarantined") from exc
        content_type = row.display_content_type if display else row.content_type
        # Named from the detected type, never the client's name (`bukti.html` as a video).
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=services.evidence_download_name(row, display=display),
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["ETag"] = f'"{row.display_sha256 if display else row.sha256}"'
        return no_store(response)


class EvidenceReleaseApi(APIView):
    """Release a quarantined evidence file after checking it by other means (the roles
    `services.may_release_evidence` allows; audited; the file's SHA-256 is checked again)."""

    @extend_schema(
        request=s.EvidenceReleaseInput,
        responses={
            200: s.EvidenceOutput,
            400: FieldErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request, public_id, evidence_id):
        row = selectors.evidence_get_for(request.user, public_id, evidence_id)
        if row is None:
            raise Http404(_("Bukti tidak ditemukan."))
        data = s.EvidenceReleaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            row = services.evidence_release(
                actor=request.user, evidence_row=row, reason=data.validated_data["reason"]
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            if "evidence" in exc.message_dict:
                raise Conflict(exc.messages[0], code="not_quarantined") from exc
            raise ValidationError(exc.message_dict) from exc
        except evidence.EvidenceIntegrityError as exc:
            raise Conflict(
                _("Berkas bukti tidak cocok dengan sidik SHA-256 yang tercatat; tidak dilepaskan."),
                code="integrity",
            ) from exc
        return no_store(Response(s.EvidenceOutput(row).data))
