"""Sanctions API shapes. Enum fields carry app-specific names so the OpenAPI components do not
collide with other apps' `status`/`kind` enums."""

from rest_framework import serializers

from netra.cases.choices import CaseState, Compliance, OfficialOutcome, RemedyOutcome
from netra.cases.choices import Remedy as RemedyKind
from netra.sanctions.choices import DataBlockStatus, DecisionBasis, DecisionStatus


class DecisionOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    case = serializers.UUIDField(source="case.public_id")
    case_number = serializers.CharField(source="case.number")
    sanction_code = serializers.CharField()
    sanction_label = serializers.CharField()
    sanction_levels = serializers.ListField(child=serializers.CharField())
    remedy_kind = serializers.ChoiceField(
        source="remedy", choices=RemedyKind.choices, allow_blank=True
    )
    decree_number = serializers.CharField()
    decree_date = serializers.DateField()
    received_on = serializers.DateField(allow_null=True)
    file_name = serializers.CharField(allow_blank=True)
    file_size = serializers.IntegerField(allow_null=True)
    file_sha256 = serializers.CharField(allow_blank=True)
    compliance = serializers.ChoiceField(choices=Compliance.choices)
    official_outcome = serializers.ChoiceField(choices=OfficialOutcome.choices)
    decision_basis = serializers.ChoiceField(source="basis", choices=DecisionBasis.choices)
    decision_status = serializers.ChoiceField(source="status", choices=DecisionStatus.choices)
    supersedes = serializers.UUIDField(source="supersedes.public_id", allow_null=True)
    recorded_at = serializers.DateTimeField()


class DecisionsOutput(serializers.Serializer):
    current = DecisionOutput(allow_null=True)
    history = DecisionOutput(many=True)


class DecisionInput(serializers.Serializer):
    sanction_code = serializers.CharField(max_length=64)
    decree_number = serializers.CharField(max_length=100, allow_blank=True)
    decree_date = serializers.DateField()
    received_on = serializers.DateField(required=False, allow_null=True)
    decree_file = serializers.FileField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="required when the sanction is not one of the recommended ones",
    )


class RemedyOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    case = serializers.UUIDField(source="case.public_id")
    decision = serializers.UUIDField(source="decision.public_id")
    remedy_kind = serializers.ChoiceField(source="kind", choices=RemedyKind.choices)
    filed_on = serializers.DateField()
    grounds = serializers.CharField()
    filing_deadline = serializers.DateField(allow_null=True)
    filed_in_time = serializers.BooleanField()
    decided_on = serializers.DateField(allow_null=True)
    remedy_outcome = serializers.ChoiceField(
        source="outcome", choices=RemedyOutcome.choices, allow_blank=True
    )
    decision_note = serializers.CharField(allow_blank=True)
    court_case_number = serializers.CharField(allow_blank=True)
    court_filed_on = serializers.DateField(allow_null=True)
    court_ruling = serializers.CharField(allow_blank=True)
    court_ruled_on = serializers.DateField(allow_null=True)


class RemedyInput(serializers.Serializer):
    filed_on = serializers.DateField()
    grounds = serializers.CharField(max_length=5000, allow_blank=True)
    received_on = serializers.DateField(required=False, allow_null=True)


class RemedyDecideInput(serializers.Serializer):
    remedy_outcome = serializers.ChoiceField(choices=RemedyOutcome.choices)
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    new_sanction_code = serializers.CharField(required=False, allow_blank=True, max_length=64)
    new_decree_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    new_decree_date = serializers.DateField(required=False, allow_null=True)
    new_decree_file = serializers.FileField(required=False, allow_null=True)


class DataBlockOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    case = serializers.UUIDField(source="case.public_id")
    case_number = serializers.CharField(source="case.number")
    person = serializers.UUIDField(source="person.public_id", allow_null=True)
    agency = serializers.CharField(source="agency.code", allow_null=True)
    block_status = serializers.ChoiceField(source="status", choices=DataBlockStatus.choices)
    reason = serializers.CharField()
    lift_reason = serializers.CharField(allow_blank=True)
    requested_at = serializers.DateTimeField()
    blocked_at = serializers.DateTimeField(allow_null=True)
    lifted_at = serializers.DateTimeField(allow_null=True)


class CourtFileInput(serializers.Serializer):
    court_case_number = serializers.CharField(max_length=100, allow_blank=True)
    court_filed_on = serializers.DateField()


class CourtRulingInput(serializers.Serializer):
    court_ruling = serializers.CharField(max_length=5000, allow_blank=True)
    court_ruled_on = serializers.DateField()


class CloseInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CloseStatusOutput(serializers.Serializer):
    """Whether the case may be closed now: no remedy pending, and for a sanctioned case the
    objection/appeal window (computed from the date received) is over."""

    case = serializers.UUIDField(source="case.public_id")
    case_number = serializers.CharField(source="case.number")
    case_state = serializers.ChoiceField(source="case.state", choices=CaseState.choices)
    closable = serializers.BooleanField()
    remedy_window_end = serializers.DateField(allow_null=True)
    remedy_window_over = serializers.BooleanField()
    official_outcome = serializers.ChoiceField(
        source="case.outcome", choices=OfficialOutcome.choices, allow_blank=True, allow_null=True
    )


class BlockConfirmInput(serializers.Serializer):
    bkn_verified = serializers.BooleanField(
        default=False, help_text="The BKN verification, validation and/or audit is done."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class BlockQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=DataBlockStatus.choices, required=False)


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(child=serializers.CharField(), required=False)
