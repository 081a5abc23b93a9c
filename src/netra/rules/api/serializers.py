from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netra.elections.choices import Race
from netra.registry.choices import EmployeeType
from netra.rules.choices import CPNS, DependsOn, Verdict
from netra.rules.models import (
    ProhibitedAct,
    RecommendingAuthority,
    Regulation,
    Sanction,
    ViolationForm,
)


class RegulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Regulation
        fields = [
            "code",
            "version",
            "short_name",
            "number",
            "kind",
            "title_id",
            "title_en",
            "signed_on",
            "valid_from",
            "valid_to",
            "repealed_by",
            "source_url",
            "source",
            "contested",
            "contested_note",
        ]
        read_only_fields = fields


class FormSerializer(serializers.ModelSerializer):
    regulation = serializers.CharField(source="regulation.code", read_only=True)

    class Meta:
        model = ViolationForm
        fields = [
            "code",
            "version",
            "regulation",
            "item",
            "category",
            "level",
            "level_setting",
            "phase_hint",
            "label_id",
            "label_en",
            "legal_basis",
            "valid_from",
            "valid_to",
            "source",
            "contested",
            "contested_note",
            "unconfirmed",
        ]
        read_only_fields = fields


class SanctionSerializer(serializers.ModelSerializer):
    regulation = serializers.CharField(source="regulation.code", read_only=True)
    employee_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Sanction
        fields = [
            "code",
            "version",
            "regulation",
            "employee_types",
            "levels",
            "condition",
            "label_id",
            "label_en",
            "legal_basis",
            "remedy",
            "valid_from",
            "valid_to",
            "source",
            "contested",
            "contested_note",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.OBJECT)
class ActMappingField(serializers.Field):
    """{slot: form code or null} for each instrument/phase slot."""

    def to_representation(self, act):
        return {mapping.slot: mapping.form_code or None for mapping in act.mappings.all()}


class ActSerializer(serializers.ModelSerializer):
    forms = ActMappingField(source="*", read_only=True)
    examples_id = serializers.ListField(child=serializers.CharField(), read_only=True)
    examples_en = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ProhibitedAct
        fields = [
            "slug",
            "label_id",
            "label_en",
            "description_id",
            "description_en",
            "examples_id",
            "examples_en",
            "forms",
            "source",
        ]
        read_only_fields = fields


class AuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendingAuthority
        fields = [
            "code",
            "version",
            "name_id",
            "name_en",
            "valid_from",
            "valid_to",
            "pending",
            "legal_basis",
            "source",
        ]
        read_only_fields = fields


class AuthorityOnDateSerializer(serializers.Serializer):
    date = serializers.DateField()
    authority = AuthoritySerializer(allow_null=True)


class ClassifyInputSerializer(serializers.Serializer):
    act = serializers.SlugField(max_length=64)
    # CPNS too: PP 94/2021 Pasal 43 applies the PNS rules to candidate civil servants.
    employee_type = serializers.ChoiceField(choices=[*EmployeeType.choices, (CPNS, "CPNS")])
    date = serializers.DateField()
    election = serializers.SlugField(max_length=64)
    phase = serializers.ChoiceField(
        choices=["prospective_candidate", "candidate"], required=False, allow_null=True
    )
    race = serializers.ChoiceField(choices=Race.choices, required=False, allow_null=True)


class ClassifiedSanctionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    legal_basis = serializers.CharField()
    regulation = serializers.CharField()
    remedy = serializers.CharField()


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AuthorityBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ClassificationSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=Verdict.choices,
        help_text="prohibited whenever every reading of the facts given prohibits the act",
    )
    verdict_depends_on = serializers.ChoiceField(
        choices=DependsOn.choices, allow_null=True, help_text="for `depends`: the fact"
    )
    verdict_reason = serializers.CharField(allow_blank=True)
    category_depends_on = serializers.CharField(
        allow_null=True,
        help_text="what the category (ethics or discipline) still depends on: race or phase",
    )
    explanation = serializers.CharField(allow_blank=True, help_text="public explanation")
    legal_note = serializers.CharField(allow_blank=True, help_text="legal note for staff")
    race = serializers.CharField(allow_null=True)
    act = serializers.CharField()
    act_label = serializers.CharField()
    employee_type = serializers.CharField()
    act_date = serializers.DateField()
    election = serializers.CharField()
    instrument = serializers.CharField()
    phase = serializers.CharField()
    phase_inferred = serializers.BooleanField()
    candidate_determination_date = serializers.DateField(allow_null=True)
    form = serializers.CharField(allow_null=True)
    form_label = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    level = serializers.CharField(allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
    sanctions = ClassifiedSanctionSerializer(many=True)
    recommending_authority = AuthorityBriefSerializer(allow_null=True)
    warnings = WarningSerializer(many=True)
