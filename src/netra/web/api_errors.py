"""The one DRF exception handler: every API error body is `{"detail", "code"[, "errors"]}`.

A service `Refusal` answers with its code's status and message (netra.refusals); DRF's own
errors (validation, authentication, permission, not found, throttling, parsing) keep their
status and get the same shape, so every error body matches the schema's `Error` component
(`netra.web.api_schema.ErrorSerializer`)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
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


def field_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """`{field: [message, ...]}` as the schema promises, from DRF's nested errors: a bare
    message becomes a list, and a nested field or list item gets a dotted name (`links.0`)."""
    out: dict[str, list[str]] = {}
    items = errors.items() if isinstance(errors, dict) else None
    if items is None and isinstance(errors, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in errors):
            return {prefix or "non_field_errors": [str(item) for item in errors]} if errors else {}
        items = enumerate(errors)
    if items is None:
        return {prefix or "non_field_errors": [str(errors)]}
    for key, value in items:
        name = f"{prefix}.{key}" if prefix else str(key)
        for inner, messages in field_errors(value, name).items():
            out.setdefault(inner, []).extend(messages)
    return out


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
        errors = field_errors(data if isinstance(data, dict) else {"non_field_errors": data})
        response.data = {"detail": _("Isian tidak valid."), "code": "invalid", "errors": errors}
    elif isinstance(exc, exceptions.ValidationError) and isinstance(data.get("errors"), dict):
        data["errors"] = field_errors(data["errors"])
    elif isinstance(data, dict) and "code" not in data:
        data["code"] = _code_of(data.get("detail"), response.status_code)
    elif isinstance(data, list):
        response.data = {
            "detail": " ".join(str(item) for item in data),
            "code": _code_of(data[0] if data else None, response.status_code),
        }
    return response


# Django's own error answers (no URL matched, a request Django refused before any view, an
# unhandled exception) are pages; under /api/ they are the same JSON error body as the rest of
# the API, so a client and the schema see one shape. Named in netra/urls.py (handler404, ...).
def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(exc_class, status: int) -> JsonResponse:
    response = JsonResponse(
        {"detail": str(exc_class.default_detail), "code": exc_class.default_code}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(exceptions.ParseError, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(exceptions.NotFound, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(exceptions.APIException, 500)
    return defaults.server_error(request)
