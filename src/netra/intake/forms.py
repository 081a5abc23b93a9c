"""The public report form; the API validates with the same form so messages are identical.
The validity rules themselves live in intake/validation.py, which the service applies too."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netra.elections.selectors import election_list
from netra.intake import evidence as evidence_limits
from netra.intake import tracking, validation
from netra.intake.choices import ReporterMode
from netra.intake.validation import MAX_DESCRIPTION, MAX_LINKS
from netra.regions.choices import RegionLevel
from netra.regions.models import Region
from netra.regions.selectors import region_get
from netra.rules.selectors import act_list

_IDEMPOTENCY = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")

REPORTER_FIELDS = (
    "reporter_name",
    "reporter_address",
    "reporter_id_number",
    "reporter_email",
    "reporter_phone",
)
# One sentence per way of reporting, shown under its choice.
MODE_HELP = {
    ReporterMode.ANONYMOUS: _(
        "Kami tidak menyimpan nama, NIK, alamat maupun kontak Anda; kabar laporan hanya dapat "
        "Anda lihat di halaman status dengan nomor dan kunci rahasia."
    ),
    ReporterMode.CONFIDENTIAL: _(
        "Identitas Anda hanya dilihat petugas yang berwenang dan tidak pernah diketahui orang "
        "yang Anda laporkan."
    ),
    ReporterMode.OPEN: _(
        "Nama Anda boleh disebut dalam penanganan laporan, dan petugas dapat menghubungi Anda."
    ),
}
# The accepted evidence types, also given to the browser so it can refuse before uploading.
EVIDENCE_ACCEPT = (
    "image/jpeg,image/png,image/webp,image/gif,image/heic,.heic,.heif,"
    "application/pdf,video/mp4,video/quicktime,video/webm"
)


def valid_form_key(value: object) -> str | None:
    """The form's idempotency key if it is well formed (it also names the held uploads)."""
    text = str(value or "").strip()
    return text if _IDEMPOTENCY.match(text) else None


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
        max_length=MAX_DESCRIPTION,
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
    metadata = forms.ChoiceField(
        label=_("Lokasi dan data perangkat di foto"),
        required=False,
        choices=[
            ("remove", _("Hapus juga dari foto asli yang disimpan (disarankan bila anonim)")),
            ("keep", _("Simpan foto asli utuh untuk petugas")),
        ],
        initial="remove",
        widget=forms.RadioSelect,
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
        for name in ("reporter_id_number", "reported_nip", "reported_nik"):
            # Digits only (spaces and dots are tolerated by the cleaners): the number pad.
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        # Required by a rule between fields (validation.cross_field_problems), so marked by hand.
        self.fields["province"].show_required = True
        self.fields["reporter_name"].help_text = _("Wajib, kecuali Anda melapor anonim.")
        self.fields["reporter_email"].help_text = _(
            "Isi e-mail atau nomor telepon (salah satu wajib, kecuali Anda melapor anonim)."
        )
        self.fields["evidence"].widget.attrs.update(
            {
                "accept": EVIDENCE_ACCEPT,
                "data-max-bytes": str(evidence_limits.max_file_bytes()),
                "data-max-files": str(evidence_limits.max_files()),
            }
        )

    # --- fields ---

    def clean_idempotency_key(self):
        value = self.cleaned_data["idempotency_key"].strip()
        if value and not _IDEMPOTENCY.match(value):
            raise ValidationError(_("Kunci pengiriman tidak valid."))
        return value

    def clean_reporter_phone(self):
        return validation.clean_phone(self.cleaned_data["reporter_phone"])

    def clean_reporter_id_number(self):
        return validation.clean_reporter_nik(self.cleaned_data["reporter_id_number"])

    def clean_event_date(self):
        return validation.clean_past_date(self.cleaned_data["event_date"])

    def clean_learned_date(self):
        return validation.clean_past_date(self.cleaned_data["learned_date"])

    def clean_reported_nip(self):
        return validation.clean_reported_nip(self.cleaned_data["reported_nip"])

    def clean_reported_nik(self):
        return validation.clean_reported_nik(self.cleaned_data["reported_nik"])

    def clean_links(self):
        return validation.clean_links(self.cleaned_data["links"].splitlines())

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
        if data.get("reporter_mode") == ReporterMode.ANONYMOUS:
            # What was typed about the reporter before choosing anonymous is dropped, and a
            # typo in it is no reason to refuse the report.
            for name in REPORTER_FIELDS:
                self.errors.pop(name, None)
                data[name] = ""
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
        # The rules between fields are the service's (intake/validation.py); a field that
        # already has an error, or a region the selects above could not resolve, is not
        # reported twice.
        shown = set(self.errors)
        region_refused = region is None or shown & {"region", "province", "regency", "district"}
        for name, message in validation.cross_field_problems(self.service_data()).items():
            if name in shown or (name == "region" and region_refused):
                continue
            if name == "reporter_mode" and "reporter_mode" not in data:
                continue
            self.add_error(name if name in self.fields else None, message)
        return data

    def service_data(self, *, language: str = "id") -> dict:
        d = self.cleaned_data
        return {
            "reporter_mode": d.get("reporter_mode"),
            "reporter": {
                "name": d.get("reporter_name", ""),
                "email": d.get("reporter_email", ""),
                "phone": d.get("reporter_phone", ""),
                "id_number": d.get("reporter_id_number", ""),
                "address": d.get("reporter_address", ""),
            },
            "witnesses": d.get("witnesses", ""),
            "act": d.get("act"),
            "description": d.get("description", ""),
            "event_date": d.get("event_date"),
            "learned_date": d.get("learned_date"),
            "place_text": d.get("place_text", ""),
            "region": d.get("region_obj"),
            "election": d.get("election"),
            "reported_name": d.get("reported_name", ""),
            "reported_workplace": d.get("reported_workplace", ""),
            "reported_position": d.get("reported_position", ""),
            "reported_region": d.get("reported_region_obj"),
            "reported_nip": d.get("reported_nip", ""),
            "reported_nik": d.get("reported_nik", ""),
            "links": d.get("links", []),
            "strip_metadata": d.get("metadata") != "keep",
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


class EvidenceReleaseForm(forms.Form):
    """An officer releases a quarantined evidence file (intake.services.evidence_release)."""

    reason = forms.CharField(
        label=_("Alasan pelepasan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: dipindai manual dengan antivirus terbaru, bersih."),
        error_messages={
            "required": _("Tulis alasan pelepasan dari karantina."),
            "max_length": _("Alasan terlalu panjang (paling banyak %(limit_value)s karakter)."),
        },
    )
    confirm = forms.BooleanField(
        label=_(
            "Saya sudah memeriksa berkas ini dengan cara lain dan menyatakannya aman dibuka. "
            "Setelah dilepaskan, berkas dapat diunduh semua petugas yang berwenang."
        ),
        error_messages={"required": _("Centang pernyataan bahwa berkas sudah diperiksa.")},
    )
