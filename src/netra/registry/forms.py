"""Forms: the admin's person form checks identity numbers before the service runs."""

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from netra.registry.choices import EmployeeType
from netra.registry.identifiers import clean_digits
from netra.registry.models import Person
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_asn_number


class PersonAdminForm(forms.ModelForm):
    # Longer than the stored 18/16 digits so the written groupings can be typed.
    nip = forms.CharField(label=_lazy("NIP / NI PPPK"), max_length=40, required=False)
    nik = forms.CharField(label=_lazy("NIK"), max_length=40, required=False)

    class Meta:
        model = Person
        fields = [
            "employee_type",
            "nip",
            "nik",
            "name",
            "gender",
            "birth_date",
            "position",
            "position_type",
            "functional_group",
            "agency",
            "unit",
            "region",
            "status",
        ]

    def clean_nip(self):
        return clean_digits(self.cleaned_data.get("nip")) or None

    def clean_nik(self):
        return clean_digits(self.cleaned_data.get("nik")) or None

    def clean(self):
        data = super().clean()
        employee_type = data.get("employee_type")
        nip = data.get("nip") or (self.instance.nip if self.instance.pk else None)
        if nip and employee_type and employee_type != EmployeeType.NON_ASN:
            result = parse_asn_number(nip, employee_type)
            for issue in result.errors:
                self.add_error("nip" if "nip" in self.fields else None, issue.message)
        elif not nip and employee_type and employee_type != EmployeeType.NON_ASN:
            self.add_error(
                "nip", forms.ValidationError(parse_asn_number("", employee_type).errors[0].message)
            )
        nik = data.get("nik")
        if nik:
            for issue in parse_nik(nik).errors:
                self.add_error("nik", issue.message)
        unit, agency = data.get("unit"), data.get("agency")
        if unit and agency and unit.agency_id != agency.pk:
            self.add_error("unit", forms.ValidationError(str(_unit_message())))
        return data


def _unit_message():
    from django.utils.translation import gettext as _

    return _("Unit kerja bukan bagian dari instansi ini.")
