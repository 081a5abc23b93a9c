"""Explicit input and output shapes of the cases API. Output carries public ids and codes only
(never primary keys) and never the reporter's identity."""

from rest_framework import serializers

from netra.cases.choices import CaseState
from netra.registry.choices import EmployeeType
from netra.rules.choices import PhaseHint
from netra.web.api_schema import ErrorSerializer


class CaseErrorOutput(ErrorSerializer):
    """The shared error body; a refused recorded move (409) also names its endpoint."""

    endpoint = serializers.CharField(
        required=False,
        help_text="for a move the sanctions app records (code `recorded_move`): where to make it",
    )


class CaseListOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()
    state = serializers.CharField(help_text="CaseState code")
    state_label = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField()
    outcome_label = serializers.CharField(source="get_outcome_display")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    election = serializers.CharField(source="election.slug", allow_null=True, default=None)
    person_resolved = serializers.SerializerMethodField()
    next_due = serializers.DateField(allow_null=True, default=None)
    is_overdue = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_person_resolved(self, obj) -> bool:
        return bool(obj.person_id or obj.person_not_in_registry)

    def get_is_overdue(self, obj) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class CaseReportOutput(serializers.Serializer):
    """A report handled in the case: its numbers and public status, no reporter identity."""

    public_id = serializers.UUIDField()
    tracking_number = serializers.CharField()
    is_primary = serializers.BooleanField()
    source = serializers.CharField()
    public_status = serializers.CharField()
    act = serializers.CharField(allow_null=True)
    event_date = serializers.DateField(allow_null=True)
    region = serializers.CharField()
    created_at = serializers.DateTimeField()


class CaseReportedOutput(serializers.Serializer):
    """What the primary report says about the reported person."""

    name = serializers.CharField()
    workplace = serializers.CharField()
    position = serializers.CharField()


class CasePersonOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    nip = serializers.CharField(allow_null=True)
    employee_type = serializers.CharField()
    position = serializers.CharField()
    status = serializers.CharField()
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    agency_name = serializers.CharField(source="agency.name", allow_null=True, default=None)
    unit = serializers.CharField(source="unit.name", allow_null=True, default=None)
    region = serializers.CharField(source="region.code", allow_null=True, default=None)


class CaseDeadlineOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()
    state = serializers.CharField()
    started_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    unit = serializers.CharField()
    met_at = serializers.DateTimeField(allow_null=True)
    overdue_since = serializers.DateField(allow_null=True)
    escalated_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.SerializerMethodField()

    def get_label(self, obj) -> str:
        return obj.rule.label if obj.rule_id else obj.code

    def get_is_open(self, obj) -> bool:
        return obj.met_at is None


class CaseEventOutput(serializers.Serializer):
    """One timeline row: `kind` (CaseEventKind code) and `text`, the step in words in the
    user's language (names only for roles that may see who is reported)."""

    kind = serializers.CharField(help_text="CaseEventKind code")
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    to_state_label = serializers.SerializerMethodField()
    role = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_to_state_label(self, obj) -> str:
        return str(CaseState(obj.to_state).label) if obj.to_state in CaseState.values else ""


class CaseGuardOutput(serializers.Serializer):
    guard = serializers.CharField()
    message = serializers.CharField()


class CaseActionOutput(serializers.Serializer):
    """Something the requesting user may do on the case now.

    `kind` is `transition` (POST transition/ with `target`), `sanctions` (a move whose records
    the sanctions app keeps: the PPK's decree, objection/appeal and its decision, court,
    closing, data block; POST to `endpoint` under /api/v1/sanctions/, never to transition/),
    `resolve_identity`, `classify` or `merge`. For a move, `ready` says whether every guard
    already holds; otherwise `needs` lists the guards still failing (most are satisfied by the
    target's `facts`, or by the sanctions endpoint's input).
    """

    kind = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    ready = serializers.BooleanField()
    needs = CaseGuardOutput(many=True)
    facts = serializers.ListField(
        child=serializers.CharField(), help_text="the fact fields this move accepts"
    )
    endpoint = serializers.CharField(
        allow_null=True,
        help_text="for kind `sanctions`: the sanctions API path where the move is made",
    )


class CaseFactOutput(serializers.Serializer):
    """A recorded fact as the case page shows it, in the user's language: never a code or an
    ISO date (`key` names it for programs)."""

    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class CaseDetailOutput(CaseListOutput):
    election_name = serializers.CharField(source="election.name", allow_null=True, default=None)
    election_kind = serializers.CharField()
    updated_at = serializers.DateTimeField()
    merged_into = serializers.CharField(source="merged_into.number", allow_null=True, default=None)
    reports = CaseReportOutput(many=True, source="report_rows")
    reported = CaseReportedOutput(allow_null=True, source="reported_row")
    person = CasePersonOutput(allow_null=True, source="person_row")
    person_not_in_registry = serializers.BooleanField()
    classification = serializers.DictField()
    facts = serializers.DictField(
        source="facts_recorded",
        help_text=(
            "the facts recorded with the moves, as stored: codes and ISO dates, keys and "
            "types as in docs/cases-workflow.md (the facts registry); free texts only for "
            "roles that may see who is reported"
        ),
    )
    fact_rows = CaseFactOutput(many=True, help_text="the same facts labelled, in words")
    deadlines = CaseDeadlineOutput(many=True, source="deadline_rows")
    events = CaseEventOutput(many=True, source="event_rows")
    available_actions = CaseActionOutput(many=True, source="action_rows")


class CaseOpenInput(serializers.Serializer):
    report = serializers.UUIDField(help_text="public_id of the report to register as a case")


class CaseTransitionInput(serializers.Serializer):
    target = serializers.CharField(max_length=40, help_text="the state to move to (CaseState code)")
    facts = serializers.DictField(
        required=False,
        default=dict,
        help_text=(
            "the fields of the target's form (see available_actions[].facts), e.g. "
            '{"met": [...]} to register, {"study_findings": "..."} to recommend; '
            "the PPK's decree, objections/appeals, court steps, closing after the remedy "
            "window and data blocks go to /api/v1/sanctions/ (available_actions[].endpoint)"
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class CaseReasonOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.FloatField()
    detail = serializers.CharField()


class CaseCandidateOutput(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    person = CasePersonOutput()
    reasons = CaseReasonOutput(many=True)


class CaseIdentityInput(serializers.Serializer):
    person = serializers.UUIDField(required=False, allow_null=True, help_text="registry person")
    not_in_registry = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        default="",
        help_text=(
            "required to change an identity already set once the study has started; a change "
            "after the recommendation is refused (409 identity_after_recommendation)"
        ),
    )


class CaseClassifyInput(serializers.Serializer):
    act = serializers.SlugField(max_length=100, help_text="slug of a prohibited act")
    act_date = serializers.DateField()
    phase = serializers.ChoiceField(
        choices=[PhaseHint.PROSPECTIVE_CANDIDATE.value, PhaseHint.CANDIDATE.value],
        required=False,
        allow_null=True,
    )
    employee_type = serializers.ChoiceField(
        choices=EmployeeType.choices, required=False, allow_null=True
    )


class CaseRefOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    region = serializers.CharField(source="region.code")


class CaseDuplicateOutput(serializers.Serializer):
    case = CaseRefOutput()
    score = serializers.FloatField()
    reasons = CaseReasonOutput(many=True)


class CaseMergeInput(serializers.Serializer):
    duplicate = serializers.UUIDField(help_text="public_id of the case to merge into this one")
    reason = serializers.CharField(
        max_length=4000, help_text="why the two cases are the same (kept on both timelines)"
    )


class CaseUnmergeInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000, help_text="why the merge is undone (kept on both timelines)"
    )


class CaseOverdueDeadlineOutput(serializers.Serializer):
    case = CaseRefOutput()
    code = serializers.CharField()
    label = serializers.SerializerMethodField()
    due_date = serializers.DateField(allow_null=True)
    overdue_since = serializers.DateField(allow_null=True)
    escalated_at = serializers.DateTimeField(allow_null=True)

    def get_label(self, obj) -> str:
        return obj.rule.label if obj.rule_id else obj.code
