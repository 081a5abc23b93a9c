"""The error bodies every API endpoint answers with (`netra.web.api_errors`), for the schema."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(help_text="A stable code for programs (the app's errors.py).")


class FieldErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field.",
    )


# Responses most endpoints document: `extend_schema(responses={200: Out, **ERROR_RESPONSES})`.
ERROR_RESPONSES = {
    400: FieldErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
}


# Views that answer 429 from their own rate limits (not DRF throttle classes), by the dotted
# name of a class in their MRO.
RATE_LIMITED_VIEWS = frozenset({"netra.intake.api.views._Public"})

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class NetraAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers every view can give besides those its
    `extend_schema` names, so the schema lists every status an endpoint returns (issue 15):

    400 for any query parameter or request body; 403 unless the view allows anyone, or when a
    session-authenticated write can fail its CSRF check; 404 for a path parameter; 415 for a
    request body in an unsupported media type; 429 for a rate-limited view. A declared error
    without a body gets the `Error` body every error carries (netra.web.api_errors)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        implied = self._implied_errors()
        for key in responses:
            if key.startswith("4") and int(key) not in implied:
                implied[int(key)] = FieldErrorSerializer if key == "400" else ErrorSerializer
        for code, serializer in implied.items():
            key = str(code)
            if key not in responses or "content" not in responses[key]:
                description = responses.get(key, {}).get("description", "")
                responses[key] = self._get_response_for_code(serializer, key, direction=direction)
                if description:
                    responses[key]["description"] = description
        return dict(sorted(responses.items()))

    def _implied_errors(self) -> dict:
        view, method = self.view, self.method.upper()
        has_body = method not in _SAFE_METHODS and method != "DELETE"
        parameters = self._get_parameters()
        errors = {}
        if has_body or any(p.get("in") == "query" for p in parameters):
            errors[400] = FieldErrorSerializer
        open_to_all = all(isinstance(p, AllowAny) for p in view.get_permissions())
        session = any(isinstance(a, SessionAuthentication) for a in view.get_authenticators())
        if not open_to_all or (session and method not in _SAFE_METHODS):
            errors[403] = ErrorSerializer
        if "{" in self.path:
            errors[404] = ErrorSerializer
        if has_body:
            errors[415] = ErrorSerializer
        names = {f"{cls.__module__}.{cls.__qualname__}" for cls in type(view).__mro__}
        if view.get_throttles() or names & RATE_LIMITED_VIEWS:
            errors[429] = ErrorSerializer
        return errors
