"""The trail's filter: case number, actor, kind of action, period (days in the reader's zone)."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from netra.audit.labels import action_choices
from netra.audit.selectors import TrailFilter

_CASE_NUMBER = re.compile(r"^[A-Za-z0-9-]+$")
EARLIEST = dt.date(2000, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditTrailForm(forms.Form):
    kasus = forms.CharField(
        label=_("Nomor kasus"),
        required=False,
        max_length=40,
        help_text=_("Semua peristiwa kasus itu: laporan, bukti, keputusan, surat."),
    )
    pelaku = forms.CharField(
        label=_("Pelaku"),
        required=False,
        max_length=150,
        help_text=_("Nama pengguna atau nama; tulis “sistem” untuk tugas otomatis."),
    )
    jenis = forms.ChoiceField(label=_("Jenis tindakan"), required=False)
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("Semua tindakan")), *action_choices()]
        for name in ("dari", "sampai"):
            self.fields[name].error_messages["invalid"] = _(
                "Tanggal tidak dikenal; pilih tanggal dari kalender."
            )
        self.fields["jenis"].error_messages["invalid_choice"] = _(
            "Jenis tindakan tidak dikenal; pilih dari daftar."
        )

    def clean_kasus(self):
        value = self.cleaned_data["kasus"].strip().upper()
        if value and not _CASE_NUMBER.match(value):
            raise forms.ValidationError(
                _(
                    "Nomor kasus hanya berisi huruf, angka dan tanda hubung, "
                    "misalnya KSS-24-7K3Q-9XWM."
                )
            )
        return value

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("dari"), cleaned.get("sampai")
        for name in ("dari", "sampai"):
            day = cleaned.get(name)
            if day and day < EARLIEST:
                self.add_error(name, _("Tanggal terlalu jauh di masa lalu."))
        if since and until and since > until:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned

    def trail(self, zone) -> TrailFilter:
        data = self.cleaned_data if self.is_bound else {}
        return TrailFilter(
            case_number=data.get("kasus") or "",
            actor=(data.get("pelaku") or "").strip(),
            action=data.get("jenis") or "",
            since=data.get("dari"),
            until=data.get("sampai"),
            zone=zone,
        )
