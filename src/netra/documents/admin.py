"""Issued documents are read-only here: they are issued by the apps' services; the only change
is the revoke action, which asks for a reason and calls `document_revoke` (audited).

The institutions' letter settings (letterhead, signatory, numbering) are edited here, through
`letter_institution_save` (validated, audited)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.documents.choices import DocumentStatus
from netra.documents.models import IssuedDocument, LetterInstitution
from netra.documents.services import document_revoke, letter_institution_save


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("code", "letter_number", "kind", "issuer", "issued_at", "status")
    list_filter = ("kind", "status")
    search_fields = ("code", "letter_number", "subject_ref")
    date_hierarchy = "issued_at"
    fields = (
        "code",
        "kind",
        "title",
        "issuer",
        "institution",
        "letter_number",
        "issued_at",
        "issued_by",
        "public_fields",
        "subject_ref",
        "sha256",
        "size",
        "status",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "superseded_by",
        "superseded_at",
    )
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=gettext_lazy("Cabut dokumen terpilih"), permissions=["revoke"])
    def revoke(self, request, queryset):
        queryset = queryset.filter(status=DocumentStatus.VALID)
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for document in queryset:
                try:
                    document_revoke(
                        actor=request.user, document=document, reason=form.cleaned_data["reason"]
                    )
                    count += 1
                except ValidationError:
                    continue
            self.message_user(
                request, _("%(count)d dokumen dicabut.") % {"count": count}, messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cabut dokumen"),
            "documents": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/documents/revoke_confirm.html", context)


@admin.register(LetterInstitution)
class LetterInstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "place", "signatory_name", "number_format")
    list_filter = ("kind",)
    search_fields = ("name", "code", "region__name")
    autocomplete_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("code", "kind", "region", "authority_code", "name")}),
        (
            gettext_lazy("Kop dan tempat"),
            {"fields": ("letterhead", "address", "place", "addressee")},
        ),
        (gettext_lazy("Penanda tangan"), {"fields": ("signatory_name", "signatory_position")}),
        (gettext_lazy("Penomoran"), {"fields": ("number_format",)}),
    )

    def save_model(self, request, obj, form, change):
        letter_institution_save(actor=request.user, institution=obj)

    def has_delete_permission(self, request, obj=None):
        # Issued letters point at their institution; settings are changed, never removed.
        return False
