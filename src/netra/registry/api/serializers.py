"""API payloads: explicit fields, public ids only (never primary keys)."""

from rest_framework import serializers

from netra.registry.models import Agency, Person


class ValidateInput(serializers.Serializer):
    value = serializers.CharField(max_length=64, allow_blank=False, trim_whitespace=True)


class RegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AgencyOutput(serializers.ModelSerializer):
    region = RegionRef(allow_null=True)

    class Meta:
        model = Agency
        fields = ["public_id", "code", "name", "kind", "region", "ppk_title"]


class AgencyRef(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["public_id", "code", "name"]


class UnitRef(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()


class PersonOutput(serializers.ModelSerializer):
    agency = AgencyRef(allow_null=True)
    unit = UnitRef(allow_null=True)
    region = RegionRef(allow_null=True)

    class Meta:
        model = Person
        # The NIK is left out on purpose: staff find people by NIP or name.
        fields = [
            "public_id",
            "nip",
            "name",
            "name_plain",
            "employee_type",
            "gender",
            "birth_date",
            "position",
            "position_type",
            "functional_group",
            "status",
            "agency",
            "unit",
            "region",
        ]
