from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from netra.documents.codes import MAX_INPUT_LENGTH


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        help_text=_("Tertera di bagian bawah dokumen, misalnya VRF-8K2M-Q7XD-3."),
        max_length=MAX_INPUT_LENGTH,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class UploadCheckForm(forms.Form):
    pdf = forms.FileField(
        label=_("Berkas PDF yang Anda terima"),
        help_text=_("Berkas dibandingkan dengan dokumen asli lalu langsung dibuang."),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "application/pdf,.pdf"}
        ),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.DOCUMENTS_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (paling besar %(mb)s MB).")
                % {"mb": settings.DOCUMENTS_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        # A photo or scan of the letter can never be byte-identical: say so instead of
        # "not the same, may have been altered" (the PDF header may follow up to 1 KB of junk).
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise forms.ValidationError(
                _(
                    "Berkas ini bukan PDF. Hanya berkas PDF asli yang Anda terima dapat "
                    "dibandingkan; foto atau hasil pindaian surat tidak dapat dibandingkan. "
                    "Untuk memeriksa keasliannya, cocokkan isi surat dengan data di halaman ini."
                )
            )
        return upload
