"""Forms: the admin's person form asks the registry's one person check before the service runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.registry import validation
from netra.registry.identifiers import clean_digits
from netra.registry.models import Person


class PersonAdminForm(forms.ModelForm):
    # Longer than the stored 18/16 digits so the written groupings can be typed.
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=40, required=False)
    nik = forms.CharField(label=_("NIK"), max_length=40, required=False)

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


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class RegistryImportForm(forms.Form):
    """The web import: the agency (when the user may import for more than one) and the file.
    The file itself is checked by `import_jobs.import_job_create`."""

    agency = AgencyChoiceField(
        label=_("Instansi"), queryset=None, to_field_name="public_id", required=False
    )
    file = forms.FileField(
        label=_("Berkas data pegawai (CSV atau XLSX)"),
        help_text=_(
            "Baris pertama berisi nama kolom; kolom nip dan nama wajib. Isian NIP dan NIK "
            "sebaiknya berformat teks."
        ),
    )

    def __init__(self, *args, agencies, allow_all: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = agencies
        field.widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ".csv,.xlsx,text/csv"}
        )
        if allow_all:
            field.empty_label = _("Semua instansi (menurut kolom kode instansi)")
        else:
            field.required = True
            field.empty_label = None
        self.agencies = list(agencies)
        self.single_agency = not allow_all and len(self.agencies) == 1
        if self.single_agency:
            field.initial = self.agencies[0].public_id
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_agency(self):
        agency = self.cleaned_data.get("agency")
        if self.single_agency:
            return self.agencies[0]  # the user's one agency (a foreign value fails above)
        return agency
