"""The public report form; the API validates with the same form so messages are identical."""

import datetime as dt
import re
import uuid
from urllib.parse import urlsplit, urlunsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.elections.selectors import election_list
from netra.intake import tracking
from netra.intake.choices import ReporterMode
from netra.regions.choices import RegionLevel
from netra.regions.models import Region
from netra.regions.selectors import region_get
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_any_asn_number
from netra.rules.selectors import act_list

MAX_LINKS = 10
_IDEMPOTENCY = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Type, size and content are checked by the evidence pipeline while staging.
        if isinstance(data, list | tuple):
            return [item for item in data if item]
        return [data] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def normalise_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(_("Tautan harus diawali http:// atau https://."), code="scheme")
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise ValidationError(
            _("Tautan tidak valid: %(url)s") % {"url": value[:80]}, code="url"
        ) from exc
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _region_choices(level: int, parent_code: str | None) -> list[tuple[str, str]]:
    blank = [("", _("— pilih —"))]
    if level != RegionLevel.PROVINCE and not parent_code:
        return blank
    qs = Region.objects.filter(level=level).only("code", "name").order_by("name")
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return blank + [(r.code, r.name) for r in qs]


class ReportForm(forms.Form):
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=128)

    reporter_mode = forms.ChoiceField(
        label=_("Cara melapor"),
        choices=ReporterMode.choices,
        initial=ReporterMode.CONFIDENTIAL,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=_("Nama Anda"), required=False, max_length=200)
    reporter_address = forms.CharField(label=_("Alamat Anda"), required=False, max_length=500)
    reporter_id_number = forms.CharField(
        label=_("NIK Anda"),
        required=False,
        max_length=32,
        help_text=_("Boleh dikosongkan. Hanya petugas yang dapat melihatnya."),
    )
    reporter_email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    reporter_phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), required=False, max_length=20
    )

    act = forms.ChoiceField(label=_("Apa yang terjadi?"), required=False)
    description = forms.CharField(
        label=_("Uraian kejadian"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan siapa, berbuat apa, kapan dan di mana."),
    )
    event_date = forms.DateField(label=_("Tanggal kejadian"), required=False, widget=DateInput())
    learned_date = forms.DateField(
        label=_("Tanggal Anda mengetahuinya"),
        required=False,
        widget=DateInput(),
        help_text=_("Batas waktu melapor dihitung dari tanggal ini."),
    )
    place_text = forms.CharField(label=_("Tempat kejadian"), required=False, max_length=300)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    region = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    election = forms.ChoiceField(label=_("Pemilu/pilkada"), required=False)
    witnesses = forms.CharField(
        label=_("Saksi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nama dan cara menghubungi saksi, bila ada. Hanya petugas yang melihatnya."),
    )

    reported_name = forms.CharField(label=_("Nama"), required=False, max_length=200)
    reported_workplace = forms.CharField(
        label=_("Tempat kerja (instansi, sekolah, puskesmas...)"), required=False, max_length=300
    )
    reported_position = forms.CharField(label=_("Jabatan"), required=False, max_length=200)
    reported_region = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    reported_nip = forms.CharField(
        label=_("NIP/NI PPPK (bila tahu)"), required=False, max_length=40
    )
    reported_nik = forms.CharField(label=_("NIK (bila tahu)"), required=False, max_length=40)

    links = forms.CharField(
        label=_("Tautan (satu per baris)"),
        required=False,
        max_length=MAX_LINKS * 2100,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya tautan unggahan media sosial."),
    )
    evidence = MultipleFileField(
        label=_("Bukti: foto, tangkapan layar, video atau PDF"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else self.initial
        self.fields["act"].choices = [("", _("— tidak yakin / lainnya —"))] + [
            (a.slug, a.label) for a in act_list()
        ]
        self.fields["election"].choices = [("", _("— tidak tahu —"))] + [
            (e.slug, e.name) for e in election_list()
        ]
        self.fields["province"].choices = _region_choices(RegionLevel.PROVINCE, None)
        self.fields["regency"].choices = _region_choices(
            RegionLevel.REGENCY, source.get("province") or None
        )
        self.fields["district"].choices = _region_choices(
            RegionLevel.DISTRICT, source.get("regency") or None
        )
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect | forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["reporter_phone"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "tel"}
        )
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"

    # --- fields ---

    def clean_idempotency_key(self):
        value = self.cleaned_data["idempotency_key"].strip()
        if value and not _IDEMPOTENCY.match(value):
            raise ValidationError(_("Kunci pengiriman tidak valid."))
        return value

    def clean_reporter_phone(self):
        value = re.sub(r"[\s\-().]", "", self.cleaned_data["reporter_phone"])
        if value and not _PHONE.match(value):
            raise ValidationError(_("Nomor telepon hanya angka, 8–15 digit."))
        return value

    def clean_reporter_id_number(self):
        value = self.cleaned_data["reporter_id_number"].strip()
        if not value:
            return ""
        result = parse_nik(value, check_region=False)
        if not result.valid:
            raise ValidationError(result.errors[0].message)
        return result.normalised

    def _not_future(self, name):
        value = self.cleaned_data[name]
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal tidak boleh di masa depan."))
        if value and value < dt.date(2000, 1, 1):
            raise ValidationError(_("Tanggal terlalu lama."))
        return value

    def clean_event_date(self):
        return self._not_future("event_date")

    def clean_learned_date(self):
        return self._not_future("learned_date")

    def clean_reported_nip(self):
        value = self.cleaned_data["reported_nip"].strip()
        if not value:
            return ""
        number = parse_any_asn_number(value)
        if number.valid:
            return number.normalised
        raise ValidationError(
            _("NIP/NI PPPK tidak valid: %(why)s Kosongkan bila tidak yakin.")
            % {"why": number.errors[0].message}
        )

    def clean_reported_nik(self):
        value = self.cleaned_data["reported_nik"].strip()
        if not value:
            return ""
        result = parse_nik(value)
        if not result.valid:
            raise ValidationError(
                _("NIK tidak valid: %(why)s Kosongkan bila tidak yakin.")
                % {"why": result.errors[0].message}
            )
        return result.normalised

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Paling banyak %(n)s tautan.") % {"n": MAX_LINKS})
        urls = []
        for line in lines:
            url = normalise_url(line)
            if url not in urls:
                urls.append(url)
        return urls

    def clean_act(self):
        from netra.rules.selectors import act_get

        slug = self.cleaned_data["act"]
        return act_get(slug) if slug else None

    def clean_election(self):
        from netra.elections.models import Election

        slug = self.cleaned_data["election"]
        return Election.objects.filter(slug=slug).first() if slug else None

    def _region_from_code(self, name: str) -> Region | None:
        code = (self.data.get(name) or "").strip() if self.is_bound else ""
        if not code:
            return None
        region = region_get(code)
        if region is None or region.level > RegionLevel.DISTRICT:
            self.add_error(name, _("Kode wilayah tidak dikenal atau di bawah kecamatan."))
            return None
        return region

    def clean(self):
        data = super().clean()
        mode = data.get("reporter_mode")
        if mode in (ReporterMode.CONFIDENTIAL, ReporterMode.OPEN):
            if not data.get("reporter_name"):
                self.add_error("reporter_name", _("Isi nama Anda, atau pilih melapor anonim."))
            if not (data.get("reporter_email") or data.get("reporter_phone")):
                self.add_error(
                    "reporter_email",
                    _("Isi e-mail atau nomor telepon agar petugas dapat menghubungi Anda."),
                )
        event, learned = data.get("event_date"), data.get("learned_date")
        if event and learned and learned < event:
            self.add_error(
                "learned_date", _("Tanggal mengetahui tidak boleh sebelum tanggal kejadian.")
            )
        # Region: a code (API) or the deepest of the three selects (page).
        region = self._region_from_code("region")
        if region is None and not self.errors.get("region"):
            picked = [data.get(k) for k in ("district", "regency", "province") if data.get(k)]
            region = region_get(picked[0]) if picked else None
            if region is None:
                self.add_error(
                    "province", _("Pilih provinsi tempat kejadian (dan kabupaten/kota bila tahu).")
                )
            elif data.get("district") and not region.code.startswith(f"{data.get('regency')}."):
                self.add_error(
                    "district", _("Kecamatan tidak berada di kabupaten/kota yang dipilih.")
                )
                region = None
            elif data.get("regency") and not data["regency"].startswith(f"{data.get('province')}."):
                self.add_error(
                    "regency", _("Kabupaten/kota tidak berada di provinsi yang dipilih.")
                )
                region = None
        data["region_obj"] = region
        data["reported_region_obj"] = self._region_from_code("reported_region")
        if not any(
            data.get(k) for k in ("reported_name", "reported_workplace", "reported_position")
        ):
            self.add_error(
                "reported_name",
                _("Isi setidaknya nama, tempat kerja atau jabatan orang yang dilaporkan."),
            )
        return data

    def service_data(self, *, language: str) -> dict:
        d = self.cleaned_data
        return {
            "reporter_mode": d["reporter_mode"],
            "reporter": {
                "name": d.get("reporter_name", ""),
                "email": d.get("reporter_email", ""),
                "phone": d.get("reporter_phone", ""),
                "id_number": d.get("reporter_id_number", ""),
                "address": d.get("reporter_address", ""),
            },
            "witnesses": d.get("witnesses", ""),
            "act": d.get("act"),
            "description": d["description"],
            "event_date": d.get("event_date"),
            "learned_date": d.get("learned_date"),
            "place_text": d.get("place_text", ""),
            "region": d["region_obj"],
            "election": d.get("election"),
            "reported_name": d.get("reported_name", ""),
            "reported_workplace": d.get("reported_workplace", ""),
            "reported_position": d.get("reported_position", ""),
            "reported_region": d.get("reported_region_obj"),
            "reported_nip": d.get("reported_nip", ""),
            "reported_nik": d.get("reported_nik", ""),
            "links": d.get("links", []),
            "language": language,
        }


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class StatusLookupForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Nomor laporan"), max_length=40, help_text=_("Contoh: NTR-24-7K3Q-9XWM")
    )
    access_key = forms.CharField(
        label=_("Kunci rahasia"), max_length=80, widget=forms.PasswordInput(render_value=False)
    )

    def clean_tracking_number(self):
        value = self.cleaned_data["tracking_number"]
        try:
            return tracking.normalise(value)
        except tracking.InvalidTrackingNumber as exc:
            raise ValidationError(
                _("Nomor laporan tidak dikenali. Periksa kembali penulisannya.")
            ) from exc


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Balasan Anda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class EvidenceAddForm(forms.Form):
    evidence = MultipleFileField(label=_("Tambah bukti"), required=True)
