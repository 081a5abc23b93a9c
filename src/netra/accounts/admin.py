"""Admin for accounts and memberships: every write goes through the services (audited).

The admin site requires a verified TOTP device (as django_otp's OTPAdminSite) and signs in
through the Netra login page, so lockout, OTP and audit apply there too.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts import services
from netra.accounts.models import Membership, User


class NetraAdminSite(AdminSite):
    site_header = _("Administrasi Netra")
    site_title = _("Administrasi Netra")

    def has_permission(self, request):
        verified = not settings.NETRA_REQUIRE_STAFF_OTP or request.user.is_verified()
        return super().has_permission(request) and verified

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


# The documented django-otp way to protect the default site without touching urls.py.
admin.site.__class__ = NetraAdminSite

# Devices change only through the account pages (re-authentication) and services.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "is_active", "is_staff", "last_login")
    readonly_fields = ("public_id", "last_login", "date_joined")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Audit events point at accounts; deactivate instead of deleting.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.user_create(
                actor=request.user,
                username=obj.username,
                email=obj.email,
                password=form.cleaned_data.get("password1") or None,
            )
            # The admin goes on with `obj` (m2m, change log): make it the saved row.
            obj.pk = created.pk
            obj.public_id = created.public_id
            obj.password = created.password
            obj._state.adding = False
            obj._state.db = created._state.db
            return
        if "is_active" in form.changed_data and not obj.is_active:
            services.user_deactivate(actor=request.user, user=obj)
            others = [f for f in form.changed_data if f != "is_active"]
            if not others:
                return
        services.user_update(actor=request.user, user=obj, changed=form.changed_data)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "agency", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "region__code", "region__name", "agency__name")
    raw_id_fields = ("user", "region", "agency")
    fields = ("user", "role", "region", "agency")

    def has_change_permission(self, request, obj=None):
        # A membership is granted or revoked, never edited in place.
        return False

    def save_model(self, request, obj, form, change):
        created = services.membership_grant(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            region=obj.region,
            agency=obj.agency,
        )
        obj.pk = created.pk
        obj.public_id = created.public_id
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.membership_revoke(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "region", "agency"):
            services.membership_revoke(actor=request.user, membership=membership)
