"""The validity rules of a public report, in one place: the form (page and API) and the
service (`services.report_submit`, every caller) both ask here.

Field cleaners (`clean_*`) take what a person typed and return the normalised value or raise
`ValidationError` with the message for that field. `report_problems(data)` applies every rule
(field formats and the rules between fields) to the service's data and returns the messages
per form field; `report_validated(data)` returns the normalised data or raises `ReportRefused`.
Evidence limits are checked while the files are staged (intake/evidence.py); the reporting
window is guidance, not a rejection (intake/guidance.py).
"""

import datetime as dt
import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.intake.choices import ReporterMode
from netra.intake.errors import ReportErrorCode, ReportRefused
from netra.refusals import FieldRefusals
from netra.regions.choices import RegionLevel
from netra.registry.nik import parse_nik
from netra.registry.nip import parse_any_asn_number

MAX_LINKS = 10
MAX_DESCRIPTION = 10000
EARLIEST_DATE = dt.date(2000, 1, 1)
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


# --- field cleaners --------------------------------------------------------------------------


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


def clean_links(lines: list[str]) -> list[str]:
    lines = [str(line).strip() for line in lines if str(line).strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(_("Paling banyak %(n)s tautan.") % {"n": MAX_LINKS})
    urls = []
    for line in lines:
        url = normalise_url(line)
        if url not in urls:
            urls.append(url)
    return urls


def clean_phone(value: str) -> str:
    value = re.sub(r"[\s\-().]", "", value or "")
    if value and not _PHONE.match(value):
        raise ValidationError(_("Nomor telepon hanya angka, 8–15 digit."))
    return value


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if value:
        EmailValidator()(value)
    return value


def clean_reporter_nik(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    result = parse_nik(value, check_region=False)
    if not result.valid:
        raise ValidationError(result.errors[0].message)
    return result.normalised


def clean_reported_nip(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    number = parse_any_asn_number(value)
    if number.valid:
        return number.normalised
    raise ValidationError(
        _("NIP/NI PPPK tidak valid: %(why)s Kosongkan bila tidak yakin.")
        % {"why": number.errors[0].message}
    )


def clean_reported_nik(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    result = parse_nik(value)
    if not result.valid:
        raise ValidationError(
            _("NIK tidak valid: %(why)s Kosongkan bila tidak yakin.")
            % {"why": result.errors[0].message}
        )
    return result.normalised


def clean_past_date(value):
    """A date of the event or of learning about it: a date, not in the future, not ancient."""
    if value in (None, ""):
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(_("Tanggal tidak valid."))
    if value > timezone.localdate():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."))
    if value < EARLIEST_DATE:
        raise ValidationError(_("Tanggal terlalu lama."))
    return value


# --- the whole report ------------------------------------------------------------------------

# Form field -> (where the service data keeps it, its cleaner).
_REPORTER_FIELDS = {
    "reporter_email": ("email", clean_email),
    "reporter_phone": ("phone", clean_phone),
    "reporter_id_number": ("id_number", clean_reporter_nik),
}
_FIELDS = {
    "reported_nip": clean_reported_nip,
    "reported_nik": clean_reported_nik,
    "event_date": clean_past_date,
    "learned_date": clean_past_date,
}


def _message(error: ValidationError) -> str:
    return error.messages[0]


def cross_field_problems(data: dict) -> dict[str, str]:
    """The rules between fields of the service's data: who reports, about whom, when, where."""
    problems: dict[str, str] = {}
    mode = data.get("reporter_mode")
    reporter = data.get("reporter") or {}
    if mode not in ReporterMode.values:
        problems["reporter_mode"] = _("Pilih cara pelaporan.")
    elif mode in (ReporterMode.CONFIDENTIAL, ReporterMode.OPEN):
        if not (reporter.get("name") or "").strip():
            problems["reporter_name"] = _("Isi nama Anda, atau pilih melapor anonim.")
        if not ((reporter.get("email") or "").strip() or (reporter.get("phone") or "").strip()):
            problems["reporter_email"] = _(
                "Isi e-mail atau nomor telepon agar petugas dapat menghubungi Anda."
            )
    event, learned = data.get("event_date"), data.get("learned_date")
    if isinstance(event, dt.date) and isinstance(learned, dt.date) and learned < event:
        problems["learned_date"] = _("Tanggal mengetahui tidak boleh sebelum tanggal kejadian.")
    region = data.get("region")
    if region is None or getattr(region, "level", None) is None:
        problems["region"] = _("Pilih wilayah sampai kecamatan atau lebih tinggi.")
    elif region.level > RegionLevel.DISTRICT:
        problems["region"] = _("Kode wilayah tidak dikenal atau di bawah kecamatan.")
    reported_region = data.get("reported_region")
    if reported_region is not None and reported_region.level > RegionLevel.DISTRICT:
        problems["reported_region"] = _("Kode wilayah tidak dikenal atau di bawah kecamatan.")
    if not any(
        (data.get(k) or "").strip()
        for k in ("reported_name", "reported_workplace", "reported_position")
    ):
        problems["reported_name"] = _(
            "Isi setidaknya nama, tempat kerja atau jabatan orang yang dilaporkan."
        )
    return problems


def report_validated(data: dict) -> dict:
    """`data` (the service's shape) with its values normalised, or `ReportRefused` naming every
    field that breaks a rule (the same messages as the form's)."""
    clean = dict(data)
    clean["reporter"] = dict(data.get("reporter") or {})
    if data.get("reporter_mode") == ReporterMode.ANONYMOUS:
        # Nothing typed about the reporter is kept (or checked) once they chose anonymous.
        clean["reporter"] = {}
    invalid = FieldRefusals()
    description = (data.get("description") or "").strip()
    if not description:
        invalid.add("description", _("Uraikan kejadiannya."))
    elif len(description) > MAX_DESCRIPTION:
        invalid.add(
            "description",
            _("Uraian paling banyak %(n)s karakter.") % {"n": MAX_DESCRIPTION},
        )
    for name, (key, cleaner) in _REPORTER_FIELDS.items():
        try:
            clean["reporter"][key] = cleaner(clean["reporter"].get(key) or "")
        except ValidationError as exc:
            invalid.add(name, _message(exc))
    for name, cleaner in _FIELDS.items():
        try:
            clean[name] = cleaner(data.get(name))
        except ValidationError as exc:
            invalid.add(name, _message(exc))
    links = data.get("links") or []
    try:
        clean["links"] = clean_links(links if isinstance(links, list | tuple) else [links])
    except ValidationError as exc:
        invalid.add("links", _message(exc))
    for name, message in cross_field_problems(clean).items():
        invalid.add(name, message)
    invalid.raise_if_any(ReportErrorCode.INVALID, ReportRefused)
    return clean
