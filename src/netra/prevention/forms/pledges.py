"""Forms of the pledge pages: input shape only; the rules are in `services/pledges.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.prevention.choices import SecondFactor

# The first line of a required list, instead of Django's "---------".
CHOOSE = _("Pilih salah satu")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


class _ModelChoice(forms.ModelChoiceField):
    """Choices by public id (never a primary key in a page)."""

    def __init__(self, queryset, *, label_from=str, **kwargs):
        self._label_from = label_from
        super().__init__(
            queryset,
            to_field_name="public_id",
            widget=forms.Select(attrs={"class": "form-select"}),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return self._label_from(obj)


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Judul kampanye"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        label=_("Instansi"),
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
    template = forms.ModelChoiceField(
        queryset=None,
        label=_("Templat ikrar"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Varian daerah hanya dapat dipakai oleh instansi di wilayahnya."),
        empty_label=CHOOSE,
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput())
    ends_on = forms.DateField(label=pgettext_lazy("end date", "Selesai"), widget=DateInput())

    def __init__(self, *args, agencies, elections, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].to_field_name = "public_id"
        self.fields["agency"].label_from_instance = lambda a: a.name
        self.fields["election"].queryset = elections
        self.fields["election"].label_from_instance = lambda e: e.name
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda t: (
            f"{t.title} (v{t.version}, {t.get_scope_display()})"
        )
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first().public_id


class CollectiveForm(forms.Form):
    activity = forms.ModelChoiceField(
        queryset=None,
        label=_("Kegiatan (apel) tempat ikrar dibacakan"),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_(
            "Semua peserta dari instansi ini yang tercatat hadir dianggap telah berikrar; "
            "yang sudah berikrar dilewati."
        ),
        empty_label=CHOOSE,
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.held_on:%d-%m-%Y})"


class CampaignTemplateForm(forms.Form):
    """Point a campaign at another template version (pledges made keep the one they read)."""

    template = forms.ModelChoiceField(
        queryset=None,
        label=_("Templat ikrar"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Ikrar yang sudah dibuat tetap memakai teks yang dibaca saat itu."),
        empty_label=CHOOSE,
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = lambda t: (
            f"{t.title} (v{t.version}, {t.get_scope_display()})"
        )


class SecondFactorForm(forms.Form):
    """How people prove themselves on a phone, and whom they contact (agency HR)."""

    second_factor = forms.ChoiceField(
        label=_("Bukti kedua saat berikrar di ponsel"),
        choices=SecondFactor.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_(
            "NIP dan tanggal lahir bukan rahasia. Pilih kode sekali pakai ke e-mail/telepon "
            "di data kepegawaian (impor data memuat kolom email dan telepon), atau kode ikrar "
            "pribadi yang dicetak dan dibagikan bagian kepegawaian."
        ),
    )
    help_contact = forms.CharField(
        label=_("Kontak kepegawaian untuk pegawai"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_(
            "Ditampilkan bila data pegawai salah atau kode tidak sampai, misalnya "
            "“BKPSDM, Bidang Data, telepon 0251-123456”."
        ),
    )


class CollectiveChooseForm(forms.Form):
    """The attendees to record as having pledged together (those not yet pledged)."""

    people = forms.MultipleChoiceField(
        label=_("Peserta yang membacakan ikrar"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Pilih sedikitnya satu peserta.")},
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [
            (str(person.public_id), person.name) for person, pledged in attendees if not pledged
        ]


class IdentifyForm(forms.Form):
    """Public step 1: NIP / NI PPPK (or NIK for contract staff) and birth date (or NIK)."""

    number = forms.CharField(
        label=_("NIP / NI PPPK (atau NIK bagi pegawai non-ASN)"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
        help_text=_("18 angka untuk NIP atau NI PPPK, 16 angka untuk NIK."),
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        widget=DateInput(attrs={"autocomplete": "bday"}),
    )
    nik = forms.CharField(
        label=_("atau NIK (jika tidak mengisi tanggal lahir)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def clean_number(self):
        digits = "".join(self.cleaned_data["number"].split())
        if not digits.isdigit() or len(digits) not in (16, 18):
            raise forms.ValidationError(
                _("Isi 18 angka NIP / NI PPPK, atau 16 angka NIK."), code="shape"
            )
        return digits

    def clean_nik(self):
        digits = "".join(self.cleaned_data["nik"].split())
        if digits and (not digits.isdigit() or len(digits) != 16):
            raise forms.ValidationError(_("NIK terdiri atas 16 angka."), code="shape")
        return digits

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("birth_date") and not data.get("nik"):
            raise forms.ValidationError(
                _("Isi tanggal lahir (atau NIK) untuk memastikan identitas Anda."),
                code="second_factor",
            )
        return data


class CodeForm(forms.Form):
    """Public step 2: the one-time code received, or the personal pledge code from HR."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Isi kode yang Anda terima.")},
    )


class ChooseForm(forms.Form):
    campaign = forms.UUIDField(widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Saya membaca dan menyetujui ikrar ini"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Centang pernyataan ini untuk menyatakan ikrar.")},
    )
