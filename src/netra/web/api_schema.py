"""The error bodies every API endpoint answers with (`netra.web.api_errors`), for the schema."""

from rest_framework import serializers


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
