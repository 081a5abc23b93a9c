"""Refusals of the cases API: `{"detail": ..., "code": ...}` in the user's language (plus
`errors` per field for bad input). 400 bad input, 403 role, 404 out of scope, 409 state."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException

from netra.cases import services

CONFLICT_CODES = frozenset({"not_allowed", "closed", "target_closed"})


class CaseApiError(APIException):
    """A refusal with a message in the user's language and a stable code."""

    def __init__(self, message: str, code: str, status_code: int = 400, errors=None, endpoint=None):
        self.status_code = status_code
        body = {"detail": str(message), "code": code}
        if errors:
            body["errors"] = errors
        if endpoint:
            body["endpoint"] = endpoint
        super().__init__(body)


def not_found() -> CaseApiError:
    return CaseApiError(services.CaseNotFound().message, "not_found", status.HTTP_404_NOT_FOUND)


def refusal(exc: services.CaseError) -> CaseApiError:
    """The API answer for a refusal of a cases service."""
    if isinstance(exc, services.CaseNotFound):
        return not_found()
    if exc.code in CONFLICT_CODES:
        code = status.HTTP_409_CONFLICT
    elif exc.code == "role_not_allowed":
        code = status.HTTP_403_FORBIDDEN
    else:
        code = status.HTTP_400_BAD_REQUEST
    return CaseApiError(exc.message, exc.code, code)


def invalid(errors) -> CaseApiError:
    return CaseApiError(_("Isian tidak valid."), "invalid", errors=errors)


def form_errors(form) -> dict[str, list[str]]:
    return {
        name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()
    }
