import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from netra.accounts.models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode verifikasi"),
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode cadangan Anda."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = re.sub(r"[\s-]", "", self.cleaned_data["token"]).lower()
        if not re.fullmatch(r"\d{6}|[a-z2-7]{8}", token):
            raise forms.ValidationError(_("Masukkan 6 angka atau kode cadangan 8 karakter."))
        return token


class EnrolmentForm(forms.Form):
    token = forms.CharField(
        label=_("Kode dari aplikasi"),
        help_text=_("6 angka yang sekarang tampil di aplikasi autentikator."),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return token


class ReauthForm(forms.Form):
    """Asks for the password again before a sensitive change (RELIABILITY C12)."""

    password = forms.CharField(
        label=_("Kata sandi Anda"),
        help_text=_("Demi keamanan, masukkan lagi kata sandi Anda."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."))
        return password


class StaffPasswordResetForm(PasswordResetForm):
    """Also reaches accounts created without a password (an admin's invitation)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Alamat e-mail")

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)
