"""Forms of the sanctions pages: input shape only; the rules are in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.cases.choices import RemedyOutcome
from netra.cases.recommendation import sanction_groups
from netra.sanctions.choices import DataBlockStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


def _text(**kwargs):
    return forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}), **kwargs)


def _area(**kwargs):
    return forms.CharField(
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}), **kwargs
    )


def _sanction_choices(catalogue) -> list[tuple[str, str]]:
    return [(code, f"{s.label} ({', '.join(s.levels or [])})") for code, s in catalogue.items()]


class DecisionForm(forms.Form):
    sanction_code = forms.ChoiceField(
        label=_("Sanksi yang dijatuhkan"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    decree_number = _text(label=_("Nomor SK"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput())
    received_on = forms.DateField(
        label=_("Tanggal SK diterima terlapor"),
        required=False,
        widget=DateInput(),
        help_text=_("Batas waktu keberatan atau banding dihitung dari tanggal ini."),
    )
    decree_file = forms.FileField(
        label=_("Berkas SK (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf"}),
    )
    note = _area(label=_("Catatan"), required=False, max_length=5000)
    reason = _area(
        label=_("Alasan memilih sanksi di luar rekomendasi"),
        required=False,
        max_length=5000,
        help_text=_("Wajib bila sanksi yang dijatuhkan bukan sanksi yang direkomendasikan."),
    )

    def __init__(self, *args, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped by level, each with its regulation (cases/recommendation.py).
        self.fields["sanction_code"].choices = [
            ("", _("— pilih sanksi —")),
            *sanction_groups(list((catalogue or {}).values())),
        ]


class RemedyForm(forms.Form):
    filed_on = forms.DateField(label=_("Tanggal diajukan"), widget=DateInput())
    grounds = _area(label=_("Alasan keberatan atau banding"), max_length=5000)
    received_on = forms.DateField(
        label=_("Tanggal SK diterima terlapor"),
        required=False,
        widget=DateInput(),
        help_text=_("Isi bila belum dicatat bersama keputusan."),
    )


class RemedyDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[("", _("— pilih hasil —")), *RemedyOutcome.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    decided_on = forms.DateField(label=_("Tanggal putusan"), widget=DateInput())
    note = _area(label=_("Catatan putusan"), required=False, max_length=5000)
    new_sanction_code = forms.ChoiceField(
        label=_("Sanksi baru"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Hanya bila putusan memperingan, memperberat atau mengubah sanksi."),
    )
    new_decree_number = _text(label=_("Nomor SK baru"), required=False, max_length=100)
    new_decree_date = forms.DateField(
        label=_("Tanggal SK baru"), required=False, widget=DateInput()
    )
    new_decree_file = forms.FileField(
        label=_("Berkas SK baru (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf"}),
    )

    def __init__(self, *args, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_sanction_code"].choices = [
            ("", _("— tidak berubah —")),
            *_sanction_choices(catalogue or {}),
        ]


class BlockFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), *DataBlockStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class CourtFileForm(forms.Form):
    court_case_number = _text(label=_("Nomor perkara PTUN"), max_length=100)
    court_filed_on = forms.DateField(label=_("Tanggal gugatan didaftarkan"), widget=DateInput())


class CourtRulingForm(forms.Form):
    court_ruling = _area(label=_("Amar putusan pengadilan"), max_length=5000)
    court_ruled_on = forms.DateField(label=_("Tanggal putusan"), widget=DateInput())


class CloseForm(forms.Form):
    note = _area(label=_("Catatan"), required=False, max_length=5000)


class BlockConfirmForm(forms.Form):
    bkn_verified = forms.BooleanField(
        label=_("Verifikasi, validasi dan/atau audit BKN sudah selesai"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = _area(label=_("Catatan verifikasi"), required=False, max_length=5000)
