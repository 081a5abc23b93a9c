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


class ImportJobOutput(serializers.Serializer):
    """A web import's state: counts, progress (rows done / total) and where its report is."""

    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField(help_text="queued, running, done or failed")
    status_label = serializers.CharField(source="get_status_display")
    failure = serializers.CharField(help_text="broken_file or internal when failed, else empty")
    failure_message = serializers.SerializerMethodField()
    file_name = serializers.CharField()
    file_size = serializers.IntegerField()
    sha256 = serializers.CharField()
    agency = AgencyRef(allow_null=True, help_text="null: every agency (national administrator)")
    rows_done = serializers.SerializerMethodField()
    rows_total = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    warnings = serializers.IntegerField()
    report_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def _progress(self, job):
        from netra.registry.import_jobs import progress_read

        cache = self.context.setdefault("_progress", {})
        if job.pk not in cache:
            cache[job.pk] = progress_read(job)
        return cache[job.pk]

    def get_failure_message(self, job) -> str:
        return str(job.get_failure_display()) if job.failure else ""

    def get_rows_done(self, job) -> int:
        return self._progress(job)[0]

    def get_rows_total(self, job) -> int | None:
        return self._progress(job)[1]

    def get_percent(self, job) -> int:
        from netra.registry.import_jobs import progress_percent

        if job.is_finished:
            return 100
        return progress_percent(*self._progress(job))

    def get_report_url(self, job) -> str | None:
        if not job.has_report:
            return None
        from django.urls import reverse

        return reverse("registry-api:import-report", args=[job.public_id])


class ImportJobInput(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV (UTF-8) or XLSX, columns as `netra registry import`"
    )
    agency = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="public_id of the agency; may be left out when the user imports for one agency",
    )
