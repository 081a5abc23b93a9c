"""Forms of the activity pages. They only shape input; the rules live in
`services.activities` (which the views call and whose refusals land on these forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.elections.models import Election
from netra.prevention.choices import ActivityKind, PartnerBody
from netra.prevention.forms.pledges import CHOOSE
from netra.registry.choices import EmployeeType
from netra.registry.models import WorkUnit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _Styled(forms.Form):
    """Bootstrap classes on every widget (checkbox lists keep their own markup)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class ElectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.vote_date:%d-%m-%Y})" if obj.vote_date else obj.name


class ActivityFilterForm(_Styled):
    election = ElectionChoiceField(
        label=_("Pemilihan"),
        queryset=Election.objects.order_by("-vote_date"),
        required=False,
        empty_label=_("Semua pemilihan"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=_("Jenis kegiatan"),
        choices=[("", _("Semua jenis")), *ActivityKind.choices],
        required=False,
    )


class ActivityForm(_Styled):
    """Create (with the agency choice) or edit (agency fixed) an activity."""

    agency = forms.ModelChoiceField(
        label=_("Instansi penyelenggara"), queryset=None, empty_label=CHOOSE
    )
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    election = ElectionChoiceField(
        label=_("Pemilihan"),
        queryset=Election.objects.order_by("-vote_date"),
        empty_label=CHOOSE,
    )
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    unit = forms.ModelChoiceField(
        label=_("Unit penyelenggara"),
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label=_("Seluruh instansi"),
    )
    partners = forms.MultipleChoiceField(
        label=_("Mitra"),
        choices=PartnerBody.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.MultipleChoiceField(
        label=_("Sasaran"),
        choices=EmployeeType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    link = forms.CharField(
        label=_("Tautan (konferensi video)"),
        max_length=200,
        required=False,
        widget=forms.URLInput,
    )
    description = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agencies=None, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            # Editing: the organising agency does not change.
            del self.fields["agency"]
            self.fields["unit"].queryset = WorkUnit.objects.filter(agency=agency).order_by("name")
        else:
            self.fields["agency"].queryset = agencies
            self.fields["unit"].queryset = WorkUnit.objects.filter(agency__in=agencies).order_by(
                "agency__name", "name"
            )
            if agencies is not None and len(agencies) == 1:
                self.fields["agency"].initial = agencies[0].pk


class MaterialForm(_Styled):
    title = forms.CharField(label=_("Judul materi"), max_length=200)
    file = forms.FileField(label=_("Berkas (PDF, PNG atau JPEG)"))

    def __init__(self, *args, **kwargs):
        # It shares the activity page with the import form: its own element ids.
        kwargs.setdefault("auto_id", "material_%s")
        super().__init__(*args, **kwargs)


class AttendanceImportForm(_Styled):
    file = forms.FileField(
        label=_("Daftar hadir (CSV atau XLSX)"),
        help_text=_("Kolom: NIP atau NIK, atau Nama (boleh ditambah Unit Kerja)."),
    )


class CheckInForm(_Styled):
    nip_or_nik = forms.CharField(
        label=_("NIP / NI PPPK, atau NIK bagi non-ASN"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())
