"""Admin for elections: read-only (change elections/data/elections.toml and reload)."""

from django.contrib import admin

from netra.elections.models import Election, ElectionStage


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    extra = 0
    fields = ["kind", "race", "start_date", "end_date", "source", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "vote_date", "regions_expected", "regions_complete"]
    readonly_fields = [
        "slug",
        "name_id",
        "name_en",
        "kind",
        "vote_date",
        "regulation",
        "source",
        "note",
        "regions_expected",
        "regions_complete",
        "regions_note",
        "regions_missing",
    ]
    exclude = ["regions"]
    inlines = [ElectionStageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
