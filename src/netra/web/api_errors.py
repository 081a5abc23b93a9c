"""The one DRF exception handler: every API error body is `{"detail", "code"[, "errors"]}`.

A service `Refusal` answers with its code's status and message (netra.refusals); DRF's own
errors (validation, authentication, permission, not found, throttling, parsing) keep their
status and get the same shape, so every error body matches the schema's `Error` component
(`netra.web.api_schema.ErrorSerializer`)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from netra.refusals import Refusal

# DRF's default codes for errors raised without one (`ErrorDetail.code`).
_DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def refusal_body(refusal: Refusal) -> dict:
    body = {"detail": refusal.message, "code": refusal.code}
    fields = refusal.field_messages()
    if fields:
        body["errors"] = {name: [message] for name, message in fields.items()}
    body.update(refusal.extra)
    return body


def _code_of(detail, status: int) -> str:
    return getattr(detail, "code", None) or _DEFAULT_CODES.get(status, "error")


def exception_handler(exc, context):
    if isinstance(exc, Refusal):
        response = Response(refusal_body(exc), status=exc.status)
        response["Cache-Control"] = "no-store"
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and not (
        isinstance(data, dict) and "detail" in data and "code" in data
    ):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": _("Isian tidak valid."), "code": "invalid", "errors": errors}
    elif isinstance(data, dict) and "code" not in data:
        data["code"] = _code_of(data.get("detail"), response.status_code)
    elif isinstance(data, list):
        response.data = {
            "detail": " ".join(str(item) for item in data),
            "code": _code_of(data[0] if data else None, response.status_code),
        }
    return response
