"""Letter numbers from an institution's numbering format (a Python format string).

An Indonesian letter number names the institution's own running number for the year, its
classification code and the month in Roman numerals, e.g.
`{seq:03d}/PM.06/K.JB-01/{month_roman}/{year}` -> `007/PM.06/K.JB-01/XII/2026`.
The running number is per institution per year
(`services.letter_number_allocate`); it is never the case number.

Placeholders: `seq` (the running number, an int: `{seq:03d}` pads it), `year`, `month` (1-12),
`month_roman` (I-XII), `day`. A format must use `seq` and `year` (a number without the year
would repeat every January).
"""

import datetime as dt
import string

from django.utils.translation import gettext as _

PLACEHOLDERS = ("seq", "year", "month", "month_roman", "day")
REQUIRED = ("seq", "year")
MAX_LENGTH = 120
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class NumberFormatError(ValueError):
    """The format string is not usable; `args[0]` says why (Indonesian, for the admin form)."""


def _values(seq: int, day: dt.date) -> dict:
    return {
        "seq": seq,
        "year": day.year,
        "month": day.month,
        "month_roman": ROMAN_MONTHS[day.month - 1],
        "day": day.day,
    }


def format_check(number_format: str) -> None:
    """Raise NumberFormatError unless `number_format` renders with every placeholder known."""
    text = (number_format or "").strip()
    if not text:
        raise NumberFormatError(_("Format nomor surat wajib diisi."))
    try:
        fields = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError as exc:
        raise NumberFormatError(_("Format nomor surat tidak sah.")) from exc
    unknown = sorted(fields - set(PLACEHOLDERS))
    if unknown:
        raise NumberFormatError(
            _(
                "Format nomor surat memakai isian yang tidak dikenal: %(unknown)s. "
                "Isian yang boleh: %(known)s."
            )
            % {
                "unknown": ", ".join(unknown),
                "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        )
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise NumberFormatError(
            _("Format nomor surat harus memuat %(fields)s.")
            % {"fields": ", ".join("{" + name + "}" for name in missing)}
        )
    try:
        sample = format_number(text, seq=999, day=dt.date(2026, 12, 31))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise NumberFormatError(_("Format nomor surat tidak sah.")) from exc
    if len(sample) > MAX_LENGTH:
        raise NumberFormatError(
            _("Nomor surat terlalu panjang (paling banyak %(max)s karakter).") % {"max": MAX_LENGTH}
        )


def format_number(number_format: str, *, seq: int, day: dt.date) -> str:
    return number_format.strip().format_map(_values(seq, day))
