"""The dashboard's filter form: what to show in the select boxes.

The form only renders the choices (those in the user's scope, `selectors.filter_options`);
checking the values is `filters.Filters.from_query`'s job, one decision in one place. The
regency list follows the chosen province (the page reloads on submit; no script).
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class DashboardFilterForm(forms.Form):
    election = forms.ChoiceField(label=_("Pemilihan"), required=False)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    agency = forms.ChoiceField(label=_("Instansi"), required=False)
    employee_type = forms.ChoiceField(label=_("Jenis pegawai"), required=False)
    position_type = forms.ChoiceField(label=_("Jenis jabatan"), required=False)
    functional_group = forms.ChoiceField(label=_("Kelompok jabatan"), required=False)
    act = forms.ChoiceField(label=_("Perbuatan"), required=False)
    form = forms.ChoiceField(label=_("Bentuk pelanggaran"), required=False)
    start = forms.DateField(
        label=_("Sejak tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data, *, options: dict[str, list[tuple[str, str]]]):
        super().__init__(data)
        everything = [("", _("Semua"))]
        province = (data or {}).get("province") or ""
        for name, field in self.fields.items():
            if not isinstance(field, forms.ChoiceField):
                continue
            choices = list(options.get(name, []))
            if name == "regency" and province:
                choices = [
                    (code, label) for code, label in choices if code.startswith(f"{province}.")
                ]
            field.choices = everything + [(str(value), str(label)) for value, label in choices]
            field.widget.attrs["class"] = "form-select form-select-sm"
        for name in ("start", "end"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
