"""A case's letters in the API (docs/letters.md): list, download, issue.

Everyone who sees the case (`selectors.case_get_for`; the PPK side once the case reached the PPK)
may list and download its letters; out of scope, or a code that is not a letter of this case,
answers 404. Each download is an audited read (`documents.document_opened`). Issuing goes
through the same services as the case page; refusals answer `{"detail", "code"}`.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.cases import letters, selectors
from netra.cases.api.serializers import CaseErrorOutput
from netra.cases.errors import CaseErrorCode, LetterErrorCode
from netra.cases.views.letters import letter_pdf_response
from netra.documents.choices import DocumentKind
from netra.documents.services import DocumentIntegrityError
from netra.refusals import Refusal
from netra.web.responses import no_store

ISSUERS = {
    DocumentKind.RECOMMENDATION_LETTER.value: letters.recommendation_letter_issue,
    DocumentKind.PPK_NOTIFICATION.value: letters.ppk_notification_issue,
}


class LetterReplacementOutput(serializers.Serializer):
    code = serializers.CharField()
    letter_number = serializers.CharField(allow_blank=True)


class LetterOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Verification code (VRF-XXXX-XXXX-X)")
    letter_number = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.CharField()
    issued_at = serializers.DateTimeField()
    issued_by = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["valid", "superseded", "revoked"])
    status_label = serializers.CharField()
    is_current = serializers.BooleanField()
    superseded_at = serializers.DateTimeField(allow_null=True)
    superseded_by = LetterReplacementOutput(allow_null=True)
    download_url = serializers.CharField()
    verify_url = serializers.CharField()


class LetterIssueInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices,
        help_text="recommendation_letter or ppk_notification (the kinds a case issues)",
    )

    def validate_kind(self, value):
        if value not in ISSUERS:
            raise serializers.ValidationError(_("Jenis surat ini tidak diterbitkan dari kasus."))
        return value


def _case_or_404(user, public_id):
    case = selectors.case_get_for(user, public_id)
    if case is None:
        raise Refusal(CaseErrorCode.NOT_FOUND)
    return case


def _row(case, row: letters.LetterRow) -> dict:
    document = row.document
    replacement = document.superseded_by
    actor = document.issued_by
    return {
        "code": document.code,
        "letter_number": document.letter_number,
        "kind": document.kind,
        "kind_label": row.kind_label,
        "title": document.title,
        "issuer": document.issuer,
        "issued_at": document.issued_at,
        "issued_by": (actor.get_full_name() or actor.username) if actor else "",
        "status": row.status,
        "status_label": row.status_label,
        "is_current": row.is_current,
        "superseded_at": document.superseded_at,
        "superseded_by": (
            {"code": replacement.code, "letter_number": replacement.letter_number}
            if replacement
            else None
        ),
        "download_url": reverse(
            "cases-api:case-letter-download",
            kwargs={"public_id": case.public_id, "code": document.code},
        ),
        "verify_url": reverse("documents:verify_code", kwargs={"code": document.code}),
    }


class CaseLetterListApi(APIView):
    @extend_schema(
        tags=["cases"],
        summary="The letters issued about a case",
        operation_id="cases_letters_list",
        responses={200: LetterOutput(many=True), 404: CaseErrorOutput},
    )
    def get(self, request, public_id):
        case = _case_or_404(request.user, public_id)
        rows = [_row(case, row) for row in letters.case_letters(case)]
        return no_store(Response(LetterOutput(rows, many=True).data))

    @extend_schema(
        tags=["cases"],
        summary="Issue (or re-issue) a letter of the case",
        description=(
            "In the name of the institution acting (docs/letters.md); a re-issued letter "
            "supersedes the current one of its kind."
        ),
        operation_id="cases_letters_issue",
        request=LetterIssueInput,
        responses={
            201: LetterOutput,
            400: CaseErrorOutput,
            403: CaseErrorOutput,
            404: CaseErrorOutput,
        },
    )
    def post(self, request, public_id):
        case = _case_or_404(request.user, public_id)
        data = LetterIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = ISSUERS[data.validated_data["kind"]](actor=request.user, case=case)
        return no_store(
            Response(
                LetterOutput(_row(case, letters.LetterRow(document))).data,
                status=status.HTTP_201_CREATED,
            )
        )


class _AnyAccept(BaseContentNegotiation):
    """The download answers a PDF whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CaseLetterDownloadApi(APIView):
    content_negotiation_class = _AnyAccept

    @extend_schema(
        tags=["cases"],
        summary="Download one letter of a case (PDF; audited)",
        operation_id="cases_letters_download",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: CaseErrorOutput,
            409: CaseErrorOutput,
        },
    )
    def get(self, request, public_id, code):
        case = _case_or_404(request.user, public_id)
        try:
            row, data = letters.letter_open(actor=request.user, case=case, code=code)
        except DocumentIntegrityError as exc:
            raise Refusal(LetterErrorCode.INTEGRITY_FAILED) from exc
        return letter_pdf_response(row, data)
