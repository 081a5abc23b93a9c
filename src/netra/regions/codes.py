"""Kemendagri region codes as people type them: "3201", "32.01", " 32-01 ", "32 01"."""

import re

from django.utils.translation import gettext as _

# Digits per segment: province, regency/city, district, village.
SEGMENT_WIDTHS = (2, 2, 2, 4)
_DIGIT_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}
_SEPARATORS = re.compile(r"[\s.\-/_]+")
_DIGITS = re.compile(r"[0-9]+")


class InvalidRegionCode(ValueError):
    pass


def normalize_region_code(raw: str) -> str:
    """Return the dotted form ("32.01") or raise `InvalidRegionCode` with a message for people."""
    text = str(raw or "").strip()
    digits = _SEPARATORS.sub("", text)
    if not digits or not _DIGITS.fullmatch(digits) or len(digits) not in _DIGIT_LENGTHS:
        raise InvalidRegionCode(
            _(
                "Kode wilayah %(code)r tidak valid: gunakan 2, 4, 6 atau 10 angka, "
                "misalnya 32, 32.01, 32.01.01 atau 32.01.01.2001."
            )
            % {"code": text}
        )
    parts, start = [], 0
    for width in SEGMENT_WIDTHS[: _DIGIT_LENGTHS[len(digits)]]:
        parts.append(digits[start : start + width])
        start += width
    return ".".join(parts)


def ancestor_codes(code: str) -> list[str]:
    """Dotted codes of the ancestors of a dotted code, province first ("32.01.01" -> 32, 32.01)."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def code_covers(ancestor: str, code: str) -> bool:
    """True when `code` is `ancestor` itself or lies under it."""
    return code == ancestor or code.startswith(ancestor + ".")
