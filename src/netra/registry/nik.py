"""NIK (population ID number): 16 digits, no checksum (DOMAIN.md §4.3).

PP KK CC (province, regency/city, district where first registered) DD MM YY (birth; women's
day + 40) NNNN (sequence). The two-digit year is resolved to a century: the person is not
born in the future and, by default, is an adult (ASN are); see `resolve_century`.

The region prefix is checked against the region table through
`netra.regions.selectors.nik_prefix_check` (or a `prefix_checker` passed in, e.g. the bulk
`NikPrefixIndex.check`): an unknown province is an error, an unknown regency or district only a
warning because a NIK keeps the code it was issued with while codes get renumbered.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from netra.registry import constants
from netra.registry.choices import Gender
from netra.registry.identifiers import Issue, age_on, clean_digits, is_ascii_digits, make_date

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
ADULT_AGE = 17  # the age at which Indonesians get a KTP; ASN are older still


@dataclass
class NikResult:
    value: str
    normalised: str = ""
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    province_name: str | None = None
    regency_name: str | None = None
    district_name: str | None = None
    region_status: str | None = None
    birth_date: dt.date | None = None
    gender: str | None = None
    sequence: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def formatted(self) -> str:
        d = self.normalised
        if len(d) != NIK_LENGTH:
            return d
        return f"{d[:2]}.{d[2:4]}.{d[4:6]}.{d[6:12]}.{d[12:]}"

    def as_dict(self) -> dict:
        return {
            "kind": "nik",
            "valid": self.valid,
            "value": self.value,
            "normalised": self.normalised,
            "formatted": self.formatted if self.valid else None,
            "province_code": self.province_code,
            "province_name": self.province_name,
            "regency_code": self.regency_code,
            "regency_name": self.regency_name,
            "district_code": self.district_code,
            "district_name": self.district_name,
            "region_status": self.region_status,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "gender": self.gender,
            "sequence": self.sequence,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
        }


def resolve_century(
    day: int, month: int, yy: int, *, today: dt.date, adult: bool = True
) -> dt.date | None:
    """The birth date for a two-digit year, or None when no century gives a real date.

    Prefer the most recent century that is not in the future and, when `adult`, makes the
    person at least `ADULT_AGE`; otherwise the most recent real date not in the future.
    """
    candidates = [
        d
        for d in (make_date(century + yy, month, day) for century in (2000, 1900))
        if d is not None and d <= today
    ]
    if adult:
        for candidate in candidates:
            if age_on(candidate, today) >= ADULT_AGE:
                return candidate
    return candidates[0] if candidates else None


REGIONS_NOT_LOADED = "regions_not_loaded"


def regions_not_loaded_checker(digits6: str):
    """Used when the region table is empty: the prefix cannot be judged, only flagged."""
    return _PrefixUnchecked(
        status=REGIONS_NOT_LOADED,
        message=_("Data wilayah belum dimuat: kode wilayah NIK tidak dapat diperiksa."),
    )


@dataclass(frozen=True)
class _PrefixUnchecked:
    status: str
    message: str
    province: None = None
    regency: None = None
    district: None = None


def _default_prefix_checker(digits6: str):
    from netra.regions.models import Region
    from netra.regions.selectors import nik_prefix_check

    result = nik_prefix_check(digits6)
    if result.status == "unknown_province" and not Region.objects.exists():
        return regions_not_loaded_checker(digits6)
    return result


def _check_region(result: NikResult, digits: str, checker: Callable) -> None:
    check = checker(digits[:6])
    result.region_status = check.status
    for attr, level in (("province", "province"), ("regency", "regency"), ("district", "district")):
        region = getattr(check, attr, None)
        if region is not None:
            setattr(result, f"{level}_name", region.name)
    if check.status == "ok":
        return
    if check.status in {"unknown_province", "invalid"}:
        result.errors.append(Issue("province_unknown", str(check.message)))
    else:
        result.warnings.append(Issue(check.status, str(check.message)))


def parse_nik(
    value: object,
    *,
    today: dt.date | None = None,
    check_region: bool = True,
    prefix_checker: Callable | None = None,
    adult: bool = True,
) -> NikResult:
    """Validate a NIK as typed (`3201.01.150895.0001`); never raises."""
    today = today or dt.date.today()
    result = NikResult(value=str(value if value is not None else ""))
    digits = clean_digits(result.value)
    result.normalised = digits
    if not digits:
        result.errors.append(Issue("empty", _("NIK kosong.")))
        return result
    if not is_ascii_digits(digits):
        result.errors.append(
            Issue(
                "non_digit",
                _("NIK hanya boleh berisi angka (spasi, titik dan tanda hubung boleh)."),
            )
        )
        return result
    if len(digits) != NIK_LENGTH:
        result.errors.append(
            Issue(
                "length",
                _("NIK harus 16 angka, yang diisi %(n)d angka.") % {"n": len(digits)},
            )
        )
        return result

    result.province_code = digits[:2]
    result.regency_code = f"{digits[:2]}.{digits[2:4]}"
    result.district_code = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"
    if check_region:
        _check_region(result, digits, prefix_checker or _default_prefix_checker)

    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if 1 <= raw_day <= 31:
        gender, day = Gender.MALE, raw_day
    elif FEMALE_DAY_OFFSET + 1 <= raw_day <= FEMALE_DAY_OFFSET + 31:
        gender, day = Gender.FEMALE, raw_day - FEMALE_DAY_OFFSET
    else:
        gender, day = None, None
        result.errors.append(
            Issue(
                "birth_day_invalid",
                _(
                    "Tanggal lahir pada NIK (angka 7-8) harus 01-31 untuk laki-laki atau "
                    "41-71 untuk perempuan, bukan %(d)s."
                )
                % {"d": digits[6:8]},
            )
        )
    result.gender = gender
    if not 1 <= month <= 12:
        result.errors.append(
            Issue(
                "birth_month_invalid",
                _("Bulan lahir pada NIK (angka 9-10) harus 01-12, bukan %(m)s.")
                % {"m": digits[8:10]},
            )
        )
    elif day is not None:
        birth = resolve_century(day, month, yy, today=today, adult=adult)
        if birth is None:
            result.errors.append(
                Issue(
                    "birth_date_invalid",
                    _("Tanggal lahir pada NIK (%(d)02d-%(m)02d-%(y)02d) bukan tanggal yang ada.")
                    % {"d": day, "m": month, "y": yy},
                )
            )
        else:
            result.birth_date = birth
            age = age_on(birth, today)
            if adult and (age < ADULT_AGE or age > constants.MAX_PLAUSIBLE_AGE):
                result.warnings.append(
                    Issue(
                        "age_unusual",
                        _("Umur menurut NIK %(age)d tahun, tidak lazim untuk ASN.") % {"age": age},
                    )
                )
    sequence = int(digits[12:])
    if sequence == 0:
        result.errors.append(
            Issue("sequence_zero", _("Nomor urut NIK (angka 13-16) tidak boleh 0000."))
        )
    else:
        result.sequence = sequence
    return result
