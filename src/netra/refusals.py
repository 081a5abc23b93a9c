"""The refusal a service raises: one Indonesian and one English message, a stable code for
callers (HTTP status, tests), and optional per-field messages for forms.

Services raise it (or a subclass named for their concept) so that views and APIs answer in
the user's language without translating service text through gettext.
"""

from netra.language import is_english


class Refusal(Exception):
    code = "invalid"

    def __init__(
        self,
        message_id: str,
        message_en: str = "",
        *,
        code: str | None = None,
        fields: dict[str, tuple[str, str]] | None = None,
    ):
        self.message_id = message_id
        self.message_en = message_en or message_id
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(f"{message_id} ({self.message_en})")

    @property
    def message(self) -> str:
        return self.message_en if is_english() else self.message_id

    def field_messages(self) -> dict[str, str]:
        """Per-field messages in the active language."""
        english = is_english()
        return {name: pair[1] if english else pair[0] for name, pair in self.fields.items()}
