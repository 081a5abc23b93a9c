"""The self-check's GET form: who you are, what you did or plan to do, when, in which election."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.elections.choices import Race
from netra.elections.selectors import election_for_date, election_list
from netra.rules import guide, selectors
from netra.rules.choices import Verdict

EMPLOYEE_TYPE_CHOICES = list(guide.EMPLOYEE_TYPE_LABELS.items())
EARLIEST_DATE = dt.date(2000, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SelfCheckForm(forms.Form):
    employee_type = forms.ChoiceField(
        label=_("Siapa Anda?"),
        choices=EMPLOYEE_TYPE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih jenis pegawai Anda."),
            "invalid_choice": _("Jenis pegawai tidak dikenal. Pilih PNS, PPPK, atau non-ASN."),
        },
    )
    act = forms.ChoiceField(
        label=_("Apa yang Anda lakukan atau rencanakan?"),
        error_messages={
            "required": _("Pilih perbuatan dari daftar."),
            "invalid_choice": _("Perbuatan tidak dikenal. Pilih salah satu dari daftar."),
        },
    )
    act_date = forms.DateField(
        label=_("Kapan?"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("Tanggal perbuatan, atau tanggal yang Anda rencanakan."),
        error_messages={
            "required": _("Isi tanggalnya."),
            "invalid": _("Tanggal tidak valid. Gunakan format TTTT-BB-HH, misalnya 2024-10-10."),
        },
    )
    election = forms.ChoiceField(
        label=_("Pemilu atau pilkada yang mana?"),
        error_messages={
            "required": _("Pilih pemilu atau pilkada."),
            "invalid_choice": _("Pemilu atau pilkada tidak dikenal. Pilih dari daftar."),
        },
    )
    # Pemilu 2024 determined legislative lists and presidential tickets on different days.
    race = forms.ChoiceField(
        label=_("Calon yang mana?"),
        required=False,
        choices=[("", _("Tidak tahu atau tidak ada"))] + list(Race.choices),
        help_text=_("Perlu diisi hanya jika tanggal penetapan calonnya berbeda per pemilihan."),
        error_messages={
            "invalid_choice": _("Jenis pemilihan tidak dikenal. Pilih dari daftar."),
        },
    )

    def __init__(self, *args, preset_act: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        acts = [
            act
            for act in selectors.act_list()
            if act.slug != guide.OTHER_ACT and act.verdict != Verdict.ALLOWED
        ]
        self.fields["act"].choices = [
            ("", _("Pilih...")),
            (
                pgettext_lazy("plural", "Perbuatan yang dilarang"),
                [(act.slug, act.label) for act in acts],
            ),
            (_("Yang boleh"), [(item.key, item.label) for item in guide.allowed_items()]),
            (
                _("Lainnya"),
                [(guide.OTHER_ACT, _("Lainnya / tidak tercantum"))],
            ),
        ]
        elections = list(election_list())
        self.elections = {election.slug: election for election in elections}
        self.fields["election"].choices = [
            (election.slug, election.name) for election in reversed(elections)
        ]
        if not self.is_bound:
            today = timezone.localdate()
            current = election_for_date(today)
            self.initial.setdefault("act_date", today)
            valid_acts = {
                value
                for _group, options in self.fields["act"].choices[1:]
                for value, _label in options
            }
            if preset_act in valid_acts:
                self.initial["act"] = preset_act
            if current is not None:
                self.initial.setdefault("election", current.slug)
            elif elections:
                self.initial.setdefault("election", elections[-1].slug)

    def clean_act_date(self):
        value = self.cleaned_data["act_date"]
        latest = timezone.localdate() + dt.timedelta(days=5 * 366)
        if not EARLIEST_DATE <= value <= latest:
            raise forms.ValidationError(
                _("Tanggal di luar jangkauan: pilih antara %(first)s dan %(last)s.")
                % {"first": EARLIEST_DATE.isoformat(), "last": latest.isoformat()}
            )
        return value

    def clean_race(self):
        return self.cleaned_data.get("race") or None

    def clean_election(self):
        return self.elections[self.cleaned_data["election"]]
