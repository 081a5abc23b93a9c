"""Forms: the admin's person form asks the registry's one person check before the service runs."""

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from netra.registry import validation
from netra.registry.identifiers import clean_digits
from netra.registry.models import Person


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
        if not data.get("employee_type"):
            return data  # the field's own "required" error says it
        # The NIP of a stored person is read-only (it is the upsert key).
        nip = data.get("nip") if "nip" in self.fields else self.instance.nip
        check = validation.person_validate(
            employee_type=data["employee_type"],
            name=data.get("name") or "",
            nip=nip,
            nik=data.get("nik"),
            birth_date=data.get("birth_date"),
            gender=data.get("gender") or "",
            position_type=data.get("position_type") or "",
            functional_group=data.get("functional_group") or "",
            status=data.get("status") or "",
            agency=data.get("agency"),
            unit=data.get("unit"),
        )
        for issue in check.errors:
            name = issue.field if issue.field in self.fields else None
            if name and name in self.errors:
                continue  # the field already says what is wrong with it
            self.add_error(name, issue.message)
        return data
