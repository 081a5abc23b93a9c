"""Parsing what people type (CLI and API) into calendar arguments, with messages for them."""

import datetime as dt

from django.utils.translation import gettext as _

from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.regions.selectors import region_get
from netra.workdays.calendar import MAX_WORKING_DAYS

MIN_YEAR, MAX_YEAR = 1950, 2100


class InvalidInput(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_date(raw, field: str = "date") -> dt.date:
    text = str(raw or "").strip()
    try:
        value = dt.date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError(text)
    except ValueError:
        raise InvalidInput(
            field, _("Tanggal %(value)r tidak valid: gunakan format YYYY-MM-DD.") % {"value": text}
        ) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput(
            field,
            _("Tahun harus antara %(min)s dan %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    return value


def parse_days(raw, field: str = "days") -> int:
    text = str(raw if raw is not None else "").strip()
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(
            field,
            _("Jumlah hari %(value)r tidak valid: gunakan bilangan bulat, misalnya 14 atau -3.")
            % {"value": text},
        ) from None
    if abs(value) > MAX_WORKING_DAYS:
        raise InvalidInput(
            field, _("Jumlah hari paling banyak %(max)s.") % {"max": MAX_WORKING_DAYS}
        )
    return value


def parse_year(raw, field: str = "year") -> int:
    text = str(raw if raw is not None else "").strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise InvalidInput(
            field,
            _("Tahun %(value)r tidak valid: gunakan tahun %(min)s sampai %(max)s.")
            % {"value": text, "min": MIN_YEAR, "max": MAX_YEAR},
        )
    return int(text)


def parse_region(raw, field: str = "region") -> str | None:
    """Dotted code of an existing region, or None for national."""
    if raw is None or not str(raw).strip():
        return None
    try:
        code = normalize_region_code(raw)
    except InvalidRegionCode as exc:
        raise InvalidInput(field, str(exc)) from None
    if region_get(code) is None:
        raise InvalidInput(
            field, _("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code}
        )
    return code
