"""TRANSITION (issue 10): the names the letters API still imports. Nothing here maps a code
to a status any more: a refusal propagates to the one DRF exception handler
(`netra.web.api_errors`), which answers with its code's status. Raise `Refusal`s (or let
them propagate) instead; this module goes once `cases/api/letters.py` does so."""

from rest_framework.exceptions import APIException, ValidationError

from netra.cases import services
from netra.cases.api.filtering import form_errors

__all__ = ["CaseApiError", "form_errors", "invalid", "not_found", "refusal"]


class CaseApiError(APIException):
    """An answer with a message and a code that no errors.py lists yet."""

    def __init__(self, message: str, code: str, status_code: int = 400):
        self.status_code = status_code
        super().__init__({"detail": str(message), "code": code})


def not_found() -> services.CaseNotFound:
    return services.CaseNotFound()


def refusal(exc: services.CaseError) -> services.CaseError:
    return exc


def invalid(errors) -> ValidationError:
    return ValidationError(errors)
