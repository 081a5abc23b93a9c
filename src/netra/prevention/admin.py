"""Read-only admin: pledge templates change only through `netra load-reference` (audited)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from netra.prevention.models import PledgeTemplate


@admin.register(PledgeTemplate)
class PledgeTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "scope", "region_code", "election_kind", "valid_from")
    list_filter = ("scope", "election_kind", "unverified")
    search_fields = ("code", "title_id", "institution")
    fields = (
        "code",
        "version",
        "scope",
        "region_code",
        "institution",
        "election_kind",
        "title_id",
        "title_en",
        "numbered_points",
        "closing_id",
        "closing_en",
        "source",
        "valid_from",
        "unverified",
        "note",
        "loaded_at",
    )
    readonly_fields = fields

    @admin.display(description=_("butir ikrar"))
    def numbered_points(self, obj: PledgeTemplate) -> str:
        return "\n".join(
            f"{number}. {point['id']}" for number, point in enumerate(obj.points, start=1)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
