"""Public verification API: the same answer as /verify/<code>/, as JSON."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.documents import ratelimits, selectors
from netra.documents.api.serializers import VerifyOutput
from netra.documents.constants import PUBLIC_FIELD_LABELS
from netra.documents.views import STATUS_BY_STATE


def _payload(result) -> dict:
    return VerifyOutput(
        {
            "state": result.state,
            "state_label": result.state_label,
            "code": result.code,
            "kind": result.kind,
            "kind_label": result.kind_label,
            "issuer": result.issuer,
            "issued_at": result.issued_at,
            "revoked_at": result.revoked_at,
            "superseded_at": result.superseded_at,
            "superseded_by": (
                {
                    "code": result.replaced_by_code,
                    "letter_number": result.replaced_by_number,
                    "verify_url": reverse(
                        "documents:verify_code", kwargs={"code": result.replaced_by_code}
                    ),
                }
                if result.replaced_by_code
                else None
            ),
            "public_fields": [
                {"key": key, "label": str(label), "value": result.public_fields[key]}
                for key, label in PUBLIC_FIELD_LABELS.items()
                if key in result.public_fields
            ],
        }
    ).data


class DocumentVerifyApi(APIView):
    """Is the document with this verification code genuine? (public, rate-limited per IP)

    Answers 200 for a valid, revoked or superseded document (`superseded_by` names the letter
    that replaced it), 404 for an unknown code and 400 for a code
    that is malformed or fails its check character; the body has the same shape every time.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []  # no session, no CSRF, no cookie

    @extend_schema(
        operation_id="documents_verify",
        responses={
            200: VerifyOutput,
            400: OpenApiResponse(VerifyOutput, description="Malformed code"),
            404: OpenApiResponse(VerifyOutput, description="No document with this code"),
            429: OpenApiResponse(description="Too many lookups from this address"),
        },
    )
    def get(self, request, code: str):
        if ratelimits.verify_blocked(request):
            raise Throttled(detail=_("Terlalu banyak pemeriksaan. Coba lagi nanti."))
        result = selectors.document_verify(code)
        response = Response(_payload(result), status=STATUS_BY_STATE[result.state])
        response["Cache-Control"] = "no-store"
        return response
