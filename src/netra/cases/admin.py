"""Read-only admin: cases change only through `services.case_transition` and friends (audited)."""

from django.contrib import admin

from netra.cases.models import Case, CaseDeadline, CaseEvent, CaseReport, DeadlineRule


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaseReportInline(_ReadOnly, admin.TabularInline):
    model = CaseReport
    fields = ("report", "is_primary", "added_at")
    readonly_fields = fields
    extra = 0


class CaseEventInline(_ReadOnly, admin.TabularInline):
    model = CaseEvent
    fields = ("created_at", "from_state", "to_state", "role", "actor", "note")
    readonly_fields = fields
    extra = 0


class CaseDeadlineInline(_ReadOnly, admin.TabularInline):
    model = CaseDeadline
    fields = ("code", "state", "started_at", "due_date", "unit", "met_at", "overdue_since")
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("number", "state", "region", "outcome", "created_at")
    list_filter = ("state", "outcome")
    search_fields = ("number",)
    list_select_related = ("region",)
    fields = (
        "number",
        "state",
        "report",
        "region",
        "election",
        "person",
        "person_not_in_registry",
        "classification",
        "facts",
        "outcome",
        "merged_into",
        "created_at",
        "closed_at",
    )
    readonly_fields = fields
    inlines = (CaseReportInline, CaseEventInline, CaseDeadlineInline)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("code", "election_kind", "version", "unit", "days", "unverified")
    list_filter = ("election_kind", "unit", "unverified")
    readonly_fields = [f.name for f in DeadlineRule._meta.fields]
