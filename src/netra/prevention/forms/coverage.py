"""Coverage filters: which election to count (the current one when none is picked)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.prevention.coverage import election_choices

EXPORT_FORMATS = ("csv", "xlsx")


class ElectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.vote_date:%Y})"


class CoverageFilterForm(forms.Form):
    election = ElectionChoiceField(
        label=_("Pemilihan"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Pemilihan terdekat"),
        error_messages={"invalid_choice": _("Pemilihan tidak dikenal. Pilih dari daftar.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = election_choices()
        self.fields["election"].widget.attrs["class"] = "form-select"


class CoverageExportForm(CoverageFilterForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(f, f.upper()) for f in EXPORT_FORMATS],
        error_messages={
            "required": _("Sebutkan format ekspor: csv atau xlsx."),
            "invalid_choice": _("Format ekspor harus csv atau xlsx."),
        },
    )
    agency = forms.UUIDField(
        required=False,
        error_messages={"invalid": _("Instansi tidak dikenal.")},
    )
