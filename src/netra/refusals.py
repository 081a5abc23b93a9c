"""Refusals: a service says no with a stable code; pages and the API turn it into an answer.

Each app lists the refusals it can give in `<app>/errors.py`, as an `ErrorCode` enum whose
members carry the code callers see, the HTTP status and the message (an Indonesian gettext
source; the English text lives in the app's catalog, ADR 0005). A service raises
`Refusal(CaseErrorCode.NOT_FOUND)` (or a subclass named for its concept), with named
parameters for the message (`days=3`) and optional per-field messages for forms.

One DRF exception handler (`netra.web.api_errors.exception_handler`) answers API calls with
`{"detail", "code"[, "errors"]}` and the code's status; pages use the helpers in
`netra.web.responses` (`apply_refusal`, `refusal_status`, `raise_not_found`). Nobody maps codes
to statuses by hand.

Example::

    class PactErrorCode(ErrorCode):
        NOT_FOUND = "not_found", 404, _("Pakta tidak ditemukan.")
        TOO_LATE = "too_late", 409, _("Pakta hanya dapat diubah dalam %(days)s hari.")

    raise Refusal(PactErrorCode.TOO_LATE, days=rule.days)
"""

import enum
from collections.abc import Mapping

from django.utils.functional import Promise


class ErrorCode(enum.StrEnum):
    """A refusal code: `MEMBER = "code", http_status, gettext_lazy("Pesan %(param)s.")`.

    Members are strings equal to their code, so `error.code == "not_found"` keeps working; the
    message is translated when read, in the active language."""

    def __new__(cls, code: str, status: int = 400, message: str | Promise = ""):
        member = str.__new__(cls, code)
        member._value_ = code
        member.status = status
        member.template = message
        return member

    def __str__(self) -> str:
        return self.value

    def render(self, params: Mapping | None = None) -> str:
        text = str(self.template or self.value)
        return text % dict(params) if params else text


FieldMessage = str | Promise | ErrorCode


class Refusal(Exception):
    """A refused operation: `error` (an `ErrorCode` member), its parameters, and optional
    per-field messages (`fields={"decree_date": DecisionErrorCode.DATE_IN_FUTURE}`).

    `extra` carries machine-readable context for API clients (e.g. the `endpoint` where a move
    is made instead); it is added to the API body as is."""

    def __init__(
        self,
        error: ErrorCode,
        *,
        fields: Mapping[str, FieldMessage] | None = None,
        extra: Mapping | None = None,
        **params,
    ):
        if not isinstance(error, ErrorCode):
            raise TypeError(f"a refusal names an ErrorCode member, not {error!r}")
        self.error = error
        self.code = error.value
        self.params = params
        self.fields = dict(fields or {})
        self.extra = dict(extra or {})
        super().__init__(f"{error.value}: {error.render(params)}")

    @property
    def status(self) -> int:
        return self.error.status

    @property
    def message(self) -> str:
        """The message in the active language."""
        return self.error.render(self.params)

    def field_messages(self) -> dict[str, str]:
        """Per-field messages in the active language."""
        return {
            name: message.render(self.params) if isinstance(message, ErrorCode) else str(message)
            for name, message in self.fields.items()
        }


class _Rendered:
    """A message rendered in the active language when read (a refusal's `first` parameter)."""

    def __init__(self, message: FieldMessage, params: Mapping):
        self.message, self.params = message, params

    def __str__(self) -> str:
        if isinstance(self.message, ErrorCode):
            return self.message.render(self.params)
        return str(self.message)


class FieldRefusals:
    """Collects per-field refusals and raises them together: `error` (an INVALID code whose
    message may name the first field's as `%(first)s`) with every field's message."""

    def __init__(self):
        self.fields: dict[str, FieldMessage] = {}
        self.params: dict = {}

    def add(self, field: str, message: FieldMessage, **params) -> None:
        if field not in self.fields:
            self.fields[field] = message
            self.params.update(params)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, error: ErrorCode, exception: type[Refusal] = Refusal) -> None:
        if self.fields:
            first = _Rendered(next(iter(self.fields.values())), self.params)
            raise exception(error, fields=self.fields, first=first, **self.params)
