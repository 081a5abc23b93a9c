"""What the NIP, NI PPPK and NIK validators share: input cleaning and the issue records."""

import datetime as dt
import re
from dataclasses import dataclass

# What people type between digit groups: spaces (also non-breaking), dots, dashes, slashes.
_SEPARATORS = re.compile(r"[\s.\-/_\u00a0]+")


@dataclass(frozen=True)
class Issue:
    """One finding: a stable `code` for programs and a translated `message` for people."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self.message)}


def clean_digits(value: object) -> str:
    """Drop the separators people type; what remains may still hold non-digits."""
    return _SEPARATORS.sub("", str(value if value is not None else "")).strip()


def is_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts e.g. Arabic-Indic and superscript digits.
    return text.isascii() and text.isdigit()


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years between `birth` and `day` (negative when `day` comes first)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years
