from rest_framework import serializers

from netra.documents.choices import DocumentKind, VerifyState


class PublicFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class ReplacementSerializer(serializers.Serializer):
    code = serializers.CharField()
    letter_number = serializers.CharField(allow_blank=True)
    verify_url = serializers.CharField()


class VerifyOutput(serializers.Serializer):
    """Exactly what the public verification page shows, never more."""

    state = serializers.ChoiceField(choices=VerifyState.choices)
    state_label = serializers.CharField()
    code = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, allow_blank=True)
    kind_label = serializers.CharField(allow_blank=True)
    issuer = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    superseded_at = serializers.DateTimeField(allow_null=True)
    superseded_by = ReplacementSerializer(allow_null=True)
    public_fields = PublicFieldSerializer(many=True)
