"""Read-only admin: decisions, remedies and blocks change only through `sanctions.services`."""

from django.contrib import admin

from netra.sanctions.models import DataBlock, Decision, Remedy


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = (
        "decree_number",
        "case",
        "sanction_code",
        "decree_date",
        "compliance",
        "status",
        "recorded_at",
    )
    list_filter = ("status", "compliance", "basis")
    search_fields = ("decree_number", "case__number", "sanction_code")
    list_select_related = ("case",)


@admin.register(Remedy)
class RemedyAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("case", "kind", "filed_on", "filed_in_time", "outcome", "court_case_number")
    list_filter = ("kind", "outcome")
    search_fields = ("case__number", "court_case_number")
    list_select_related = ("case",)


@admin.register(DataBlock)
class DataBlockAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("case", "agency", "status", "requested_at", "blocked_at", "lifted_at")
    list_filter = ("status",)
    search_fields = ("case__number",)
    list_select_related = ("case", "agency")
