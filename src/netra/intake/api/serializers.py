"""Explicit input/output shapes of the reports API (documentation and output only: inputs are
validated by the same Django form as the page, so messages match)."""

from rest_framework import serializers

from netra.intake.choices import PublicStatus, ReporterMode


class ReportSubmitInput(serializers.Serializer):
    reporter_mode = serializers.ChoiceField(choices=ReporterMode.choices)
    reporter_name = serializers.CharField(required=False)
    reporter_address = serializers.CharField(required=False)
    reporter_id_number = serializers.CharField(required=False)
    reporter_email = serializers.EmailField(required=False)
    reporter_phone = serializers.CharField(required=False)
    act = serializers.CharField(required=False, help_text="slug of a prohibited act")
    description = serializers.CharField()
    event_date = serializers.DateField(required=False)
    learned_date = serializers.DateField(required=False)
    place_text = serializers.CharField(required=False)
    region = serializers.CharField(help_text="region code, district level or coarser (32.01.05)")
    election = serializers.CharField(required=False, help_text="election slug")
    witnesses = serializers.CharField(required=False)
    reported_name = serializers.CharField(required=False)
    reported_workplace = serializers.CharField(required=False)
    reported_position = serializers.CharField(required=False)
    reported_region = serializers.CharField(required=False)
    reported_nip = serializers.CharField(required=False)
    reported_nik = serializers.CharField(required=False)
    links = serializers.CharField(required=False, help_text="one URL per line")
    evidence = serializers.ListField(child=serializers.FileField(), required=False)


class ReceiptOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    tracking_number = serializers.CharField()
    access_key = serializers.CharField(help_text="shown once; store it now")
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    guidance = serializers.DictField()


class AccessInput(serializers.Serializer):
    tracking_number = serializers.CharField()
    access_key = serializers.CharField()


class ReplyInput(AccessInput):
    body = serializers.CharField()


class EvidenceAddInput(AccessInput):
    evidence = serializers.ListField(child=serializers.FileField())


class EventOutput(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class MessageOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    direction = serializers.CharField()
    body = serializers.CharField()
    reply_by = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()


class EvidenceOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    kind = serializers.CharField()
    sha256 = serializers.CharField()
    has_display_copy = serializers.SerializerMethodField()
    # Antivirus/structure check: quarantined and infected files are not downloadable.
    check_state = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_has_display_copy(self, obj) -> bool:
        return bool(obj.display_sha256)


class PublicEvidenceOutput(serializers.Serializer):
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class StatusOutput(serializers.Serializer):
    tracking_number = serializers.CharField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    public_status_label = serializers.CharField(source="get_public_status_display")
    created_at = serializers.DateTimeField()
    timeline = EventOutput(many=True)
    messages = MessageOutput(many=True)
    evidence = PublicEvidenceOutput(many=True)


class ReportListOutput(serializers.Serializer):
    public_id = serializers.UUIDField()
    tracking_number = serializers.CharField()
    source = serializers.CharField()
    reporter_mode = serializers.CharField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    reported_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    late = serializers.SerializerMethodField()

    def get_late(self, obj) -> bool:
        return bool((obj.guidance or {}).get("window", {}).get("late"))


class LinkOutput(serializers.Serializer):
    url = serializers.CharField()


class ReportDetailOutput(ReportListOutput):
    """Everything an officer needs to triage, except the reporter's identity (see /identity/)."""

    has_contact = serializers.BooleanField()
    act = serializers.CharField(source="act.slug", allow_null=True, default=None)
    description = serializers.CharField()
    event_date = serializers.DateField(allow_null=True)
    learned_date = serializers.DateField(allow_null=True)
    place_text = serializers.CharField()
    election = serializers.CharField(source="election.slug", allow_null=True, default=None)
    reported_workplace = serializers.CharField()
    reported_position = serializers.CharField()
    reported_region = serializers.CharField(
        source="reported_region.code", allow_null=True, default=None
    )
    reported_nip = serializers.CharField()
    reported_nik = serializers.CharField()
    guidance = serializers.DictField()
    links = LinkOutput(many=True, source="links.all")
    evidence = EvidenceOutput(many=True, source="evidence.all")
    timeline = EventOutput(many=True, source="events.all")
    messages = MessageOutput(many=True, source="messages.all")


class IdentityOutput(serializers.Serializer):
    reporter_mode = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()
    witnesses = serializers.CharField()


class EvidenceReleaseInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, trim_whitespace=True)
