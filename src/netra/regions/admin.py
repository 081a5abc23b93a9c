from django.contrib import admin

from netra.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: regions change only through `netra regions load` (audited)."""

    list_display = ["code", "name", "level", "kind", "parent", "edition"]
    list_filter = ["level", "kind", "edition"]
    search_fields = ["=code", "name", "name_key"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "name", "name_key", "level", "kind", "parent", "edition"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
