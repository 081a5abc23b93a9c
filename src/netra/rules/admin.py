"""Admin for the rules catalog. Catalog rows come from the reviewed data files and are read-only
here; the only edit is a new version of a rule setting, written through the audited service."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from netra.rules.models import (
    ActFormMapping,
    ProhibitedAct,
    RecommendingAuthority,
    RegionalConsequence,
    Regulation,
    RuleSetting,
    Sanction,
    ViolationForm,
)
from netra.rules.services import RuleSettingError, rules_setting_set


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data: change it in rules/data/*.toml and run `netra load-reference`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "short_name", "kind", "valid_from", "valid_to", "contested"]
    list_filter = ["kind", "contested"]
    search_fields = ["code", "short_name", "title_id", "title_en"]


@admin.register(ViolationForm)
class ViolationFormAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "regulation", "category", "level", "phase_hint", "contested"]
    list_filter = ["regulation__code", "category", "level", "contested", "unconfirmed"]
    search_fields = ["code", "label_id", "label_en"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "regulation", "condition", "valid_from", "valid_to"]
    list_filter = ["regulation__code", "contested"]
    search_fields = ["code", "label_id", "label_en"]


@admin.register(RegionalConsequence)
class RegionalConsequenceAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "region_code", "region", "unconfirmed"]
    search_fields = ["code", "region_code", "label_id"]


@admin.register(RecommendingAuthority)
class RecommendingAuthorityAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "valid_from", "valid_to", "pending"]


class ActFormMappingInline(admin.TabularInline):
    model = ActFormMapping
    extra = 0
    fields = ["slot", "form_code", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProhibitedAct)
class ProhibitedActAdmin(ReadOnlyAdmin):
    list_display = ["slug", "label_id", "label_en", "position"]
    search_fields = ["slug", "label_id", "label_en"]
    inlines = [ActFormMappingInline]


class RuleSettingForm(forms.ModelForm):
    class Meta:
        model = RuleSetting
        fields = ["value", "valid_from", "contested_note"]


@admin.register(RuleSetting)
class RuleSettingAdmin(admin.ModelAdmin):
    """Saving a setting records a new version through `rules_setting_set` (audited)."""

    form = RuleSettingForm
    list_display = ["code", "version", "value", "valid_from", "contested"]
    list_filter = ["code"]
    readonly_fields = ["code", "version", "allowed_values", "label_id", "label_en", "source"]
    fields = [*readonly_fields, "value", "valid_from", "contested_note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            new = rules_setting_set(
                actor=request.user,
                code=obj.code,
                value=form.cleaned_data["value"],
                valid_from=form.cleaned_data.get("valid_from"),
                note=form.cleaned_data.get("contested_note", ""),
            )
        except RuleSettingError as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return
        self.message_user(request, _("Versi baru %(version)s dicatat.") % {"version": new.version})
