from django.contrib import admin
from django.db import models

from netra.workdays.models import HolidayOverride
from netra.workdays.services import (
    holiday_override_add,
    holiday_override_remove,
    holiday_override_update,
)

_FIELDS = ["date", "action", "region", "name", "decree", "source"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """Every change goes through the audited services."""

    list_display = ["date", "action", "region", "name", "decree", "created_by"]
    list_filter = ["action", "date"]
    search_fields = ["name", "decree", "region__code", "region__name"]
    date_hierarchy = "date"
    list_select_related = ["region", "created_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    raw_id_fields = ["region"]
    fields = [*_FIELDS, "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in _FIELDS}
        if change:
            original = HolidayOverride.objects.get(pk=obj.pk)
            saved = holiday_override_update(actor=request.user, override=original, **values)
        else:
            saved = holiday_override_add(actor=request.user, **values)
        obj.pk, obj.public_id = saved.pk, saved.public_id

    def delete_model(self, request, obj):
        holiday_override_remove(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for override in queryset.select_related("region"):
            holiday_override_remove(actor=request.user, override=override)
