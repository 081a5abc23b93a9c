"""Account pages: login, TOTP verification and enrolment, profile, logout, password reset.

Views stay thin: checks and writes happen in forms and services; each auth event is audited.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from netra.accounts import selectors, services
from netra.accounts.choices import AuthEvent
from netra.accounts.enrolment import qr_svg, secret_for_manual_entry
from netra.accounts.forms import (
    EnrolmentForm,
    LoginForm,
    ReauthForm,
    StaffPasswordResetForm,
    TokenForm,
)
from netra.accounts.models import User


def _safe_next(request, fallback: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)  # django.contrib.auth.login rotates the session key
        user = form.get_user()
        services.auth_event_record(actor=user, action=AuthEvent.LOGIN_SUCCESS, user=user)
        if not settings.NETRA_REQUIRE_STAFF_OTP:
            return response
        next_url = self.get_redirect_url()
        name = (
            "accounts:otp_verify"
            if selectors.has_confirmed_totp_device(user)
            else "accounts:otp_setup"
        )
        return redirect(_with_next(reverse(name), next_url))

    def form_invalid(self, form):
        username = (form.data.get("username") or "").strip()
        if username:
            # Record the account only if it exists: people sometimes type a password here.
            user = User.objects.filter(username=username).first()
            services.auth_event_record(
                actor=None,
                action=AuthEvent.LOGIN_FAILURE,
                user=user,
                payload={"known_user": user is not None},
            )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0): a link cannot log someone out."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            user = request.user
            services.auth_event_record(actor=user, action=AuthEvent.LOGOUT, user=user)
        return super().post(request, *args, **kwargs)


@never_cache
@sensitive_post_parameters("token")
@login_required
def otp_verify(request):
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    devices = list(selectors.confirmed_totp_devices(user))
    if not devices:
        return redirect(_with_next(reverse("accounts:otp_setup"), request.GET.get("next", "")))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # Route by shape so a backup code does not count as a failed TOTP attempt (throttling).
        if token.isdigit():
            candidates = devices
        else:
            candidates = list(StaticDevice.objects.filter(user=user, confirmed=True))
        for device in candidates:
            verified = django_otp.verify_token(user, device.persistent_id, token)
            if verified is not None:
                django_otp.login(request, verified)
                request.session.cycle_key()
                kind = "backup" if isinstance(verified, StaticDevice) else "totp"
                services.auth_event_record(
                    actor=user, action=AuthEvent.OTP_SUCCESS, user=user, payload={"device": kind}
                )
                return redirect(next_url)
        services.auth_event_record(
            actor=user, action=AuthEvent.OTP_FAILURE, user=user, payload={"stage": "login"}
        )
        form.add_error("token", _("Kode tidak valid, sudah dipakai, atau terlalu cepat dicoba."))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")},
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def otp_setup(request):
    user = request.user
    if selectors.has_confirmed_totp_device(user):
        if user.is_verified():
            return redirect("accounts:profile")
        return redirect(_with_next(reverse("accounts:otp_verify"), request.GET.get("next", "")))
    device = services.totp_device_start(actor=user, user=user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            actor=user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            request.session.cycle_key()
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
        form.add_error("token", _("Kode tidak cocok. Periksa jam ponsel Anda lalu coba lagi."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device),
            "secret": secret_for_manual_entry(device),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


@never_cache
@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": selectors.user_memberships(user),
            "devices": selectors.confirmed_totp_devices(user),
            "backup_codes_left": selectors.backup_codes_left(user),
            "reauth_form": ReauthForm(user=user),
        },
    )


@never_cache
@sensitive_post_parameters("password")
@login_required
@require_POST
def otp_remove(request):
    """Remove the user's authenticator after re-entering the password; they re-enrol next."""
    user = request.user
    form = ReauthForm(request.POST, user=user)
    if not form.is_valid():
        services.auth_event_record(
            actor=user, action=AuthEvent.LOGIN_FAILURE, user=user, payload={"stage": "reauth"}
        )
        return render(
            request,
            "accounts/profile.html",
            {
                "memberships": selectors.user_memberships(user),
                "devices": selectors.confirmed_totp_devices(user),
                "backup_codes_left": selectors.backup_codes_left(user),
                "reauth_form": form,
            },
            status=400,
        )
    for device in selectors.confirmed_totp_devices(user):
        services.totp_device_remove(actor=user, device=device)
    messages.success(request, _("Autentikator dihapus. Daftarkan perangkat baru sekarang."))
    return redirect("accounts:otp_setup")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.auth_event_record(actor=self.user, action=AuthEvent.PASSWORD_RESET, user=self.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
