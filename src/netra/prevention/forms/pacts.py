"""Forms of the integrity pact pages: input shape only; the rules are in `services/pacts.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.prevention.forms.pledges import CHOOSE, DateInput


class PactForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=None,
        label=_("Unit kerja"),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "form-select"}),
        empty_label=CHOOSE,
    )
    election = forms.ModelChoiceField(
        queryset=None,
        label=_("Pemilihan"),
        to_field_name="slug",
        widget=forms.Select(attrs={"class": "form-select"}),
        empty_label=CHOOSE,
    )
    signer_name = forms.CharField(
        label=_("Nama penanda tangan"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_position = forms.CharField(
        label=_("Jabatan penanda tangan"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signed_on = forms.DateField(label=_("Tanggal tanda tangan"), widget=DateInput())
    upload = forms.FileField(
        label=_("Pakta yang ditandatangani (PDF, PNG atau JPEG)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg"}
        ),
    )

    def __init__(self, *args, units, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.agency.name})"
        self.fields["election"].queryset = elections
        self.fields["election"].label_from_instance = lambda e: e.name
