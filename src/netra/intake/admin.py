"""Read-only admin: reports change only through the services (audited)."""

from django.contrib import admin

from netra.intake.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("tracking_number", "public_status", "reporter_mode", "region", "created_at")
    list_filter = ("public_status", "reporter_mode", "source")
    search_fields = ("tracking_number",)
    # Never the identity envelope or the key digest.
    fields = (
        "tracking_number",
        "public_status",
        "source",
        "reporter_mode",
        "has_contact",
        "act",
        "description",
        "event_date",
        "learned_date",
        "place_text",
        "region",
        "election",
        "reported_name",
        "reported_workplace",
        "reported_position",
        "reported_nip",
        "guidance",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
