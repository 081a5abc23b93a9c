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

    code = "invalid"  # TRANSITION: class-level default of the legacy form

    def __init__(
        self,
        error: "ErrorCode | str",
        message_en: str = "",
        *,
        fields: Mapping[str, FieldMessage] | None = None,
        extra: Mapping | None = None,
        code: str | None = None,
        **params,
    ):
        self.params = params
        self.fields = dict(fields or {})
        self.extra = dict(extra or {})
        if isinstance(error, ErrorCode):
            self.error = error
            self.code = error.value
            super().__init__(f"{error.value}: {error.render(params)}")
            return
        # TRANSITION (issue 10): the old bilingual form `Refusal(message_id, message_en,
        # code=..., fields={name: (id, en)})`, until every app raises its errors.py codes.
        self.error = None
        self.message_id, self.message_en = error, message_en or error
        if code:
            self.code = code
        super().__init__(f"{self.message_id} ({self.message_en})")

    @property
    def status(self) -> int:
        if self.error is not None:
            return self.error.status
        return 403 if self.code in ("forbidden", "role_not_allowed") else 400

    @property
    def message(self) -> str:
        """The message in the active language."""
        if self.error is not None:
            return self.error.render(self.params)
        from netra.language import is_english

        return self.message_en if is_english() else self.message_id

    def field_messages(self) -> dict[str, str]:
        """Per-field messages in the active language."""
        from netra.language import is_english

        english = is_english()
        rendered = {}
        for name, message in self.fields.items():
            if isinstance(message, ErrorCode):
                rendered[name] = message.render(self.params)
            elif isinstance(message, tuple):  # TRANSITION: (id, en) pair
                rendered[name] = message[1] if english else message[0]
            else:
                rendered[name] = str(message)
        return rendered


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
