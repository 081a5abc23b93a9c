"""NIP (PNS) and NI PPPK: 18 digits, no checksum (DOMAIN.md §4.1, §4.2).

NIP:     YYYYMMDD (birth) YYYYMM (TMT CPNS) G (1 male, 2 female) NNN (sequence)
NI PPPK: YYYYMMDD (birth) YYYY (year of appointment) CC (a code, NOT a month) G NNN

Both validators are pure: they take what people type (`19860926 201505 1 001`) and return a
result with the normalised digits, the parsed fields, and errors/warnings. They never raise.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from netra.registry import constants
from netra.registry.choices import Gender
from netra.registry.identifiers import Issue, age_on, clean_digits, is_ascii_digits, make_date
from netra.registry.nik import NikResult, parse_nik

NIP_LENGTH = 18
KIND_NIP = "nip"
KIND_NIPPPK = "nipppk"
_GENDER_DIGITS = {"1": Gender.MALE, "2": Gender.FEMALE}


@dataclass
class NipResult:
    kind: str
    value: str
    normalised: str = ""
    birth_date: dt.date | None = None
    # NIP: first day of the TMT CPNS month; NI PPPK: only the year is known.
    appointment_year: int | None = None
    appointment_month: int | None = None
    pppk_code: str | None = None
    gender: str | None = None
    sequence: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def formatted(self) -> str:
        """The written grouping: `19860926 201505 1 001` / `19900913 2025 24 2 014`."""
        d = self.normalised
        if len(d) != NIP_LENGTH:
            return d
        if self.kind == KIND_NIPPPK:
            return f"{d[:8]} {d[8:12]} {d[12:14]} {d[14]} {d[15:]}"
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"

    def as_dict(self) -> dict:
        data = {
            "kind": self.kind,
            "valid": self.valid,
            "value": self.value,
            "normalised": self.normalised,
            "formatted": self.formatted if self.valid else None,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "appointment_year": self.appointment_year,
            "gender": self.gender,
            "sequence": self.sequence,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
        }
        if self.kind == KIND_NIP:
            data["appointment_month"] = self.appointment_month
        else:
            data["pppk_code"] = self.pppk_code
        return data


def _check_shape(result: NipResult, label: str) -> str | None:
    digits = clean_digits(result.value)
    result.normalised = digits
    if not digits:
        result.errors.append(Issue("empty", _("%(label)s kosong.") % {"label": label}))
        return None
    if not is_ascii_digits(digits):
        result.errors.append(
            Issue(
                "non_digit",
                _("%(label)s hanya boleh berisi angka (spasi, titik dan tanda hubung boleh).")
                % {"label": label},
            )
        )
        return None
    if len(digits) != NIP_LENGTH:
        result.errors.append(
            Issue(
                "length",
                _("%(label)s harus 18 angka, yang diisi %(n)d angka.")
                % {"label": label, "n": len(digits)},
            )
        )
        return None
    return digits


def _check_birth(result: NipResult, digits: str, today: dt.date) -> None:
    birth = make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    if birth is None or birth.year < constants.MIN_BIRTH_YEAR:
        result.errors.append(
            Issue(
                "birth_date_invalid",
                _("Angka 1-8 (%(part)s) bukan tanggal lahir yang mungkin (format TTTTBBHH).")
                % {"part": digits[:8]},
            )
        )
        return
    if birth > today:
        result.errors.append(
            Issue("birth_date_future", _("Tanggal lahir pada angka 1-8 ada di masa depan."))
        )
        return
    result.birth_date = birth


def _check_gender_and_sequence(result: NipResult, digits: str) -> None:
    gender = _GENDER_DIGITS.get(digits[14])
    if gender is None:
        result.errors.append(
            Issue(
                "gender_invalid",
                _(
                    "Angka ke-15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), "
                    "bukan %(d)s."
                )
                % {"d": digits[14]},
            )
        )
    else:
        result.gender = gender
    sequence = int(digits[15:])
    if sequence == 0:
        result.errors.append(Issue("sequence_zero", _("Nomor urut (angka 16-18) tidak boleh 000.")))
    else:
        result.sequence = sequence


def _check_appointment_age(result: NipResult, appointed: dt.date, today: dt.date) -> None:
    birth = result.birth_date
    if birth is None:
        return
    if appointed < birth.replace(day=1):
        result.errors.append(
            Issue(
                "appointment_before_birth",
                _("Tanggal pengangkatan lebih awal dari tanggal lahir."),
            )
        )
        return
    # For a year-only appointment the latest day of that year is the kindest reading.
    age = age_on(birth, appointed)
    if age < constants.MIN_APPOINTMENT_AGE:
        result.errors.append(
            Issue(
                "appointment_too_young",
                _("Umur saat pengangkatan %(age)d tahun, di bawah batas %(min)d tahun.")
                % {"age": age, "min": constants.MIN_APPOINTMENT_AGE},
            )
        )
    elif age > constants.UNUSUAL_APPOINTMENT_AGE:
        result.warnings.append(
            Issue(
                "appointment_age_unusual",
                _("Umur saat pengangkatan %(age)d tahun, tidak lazim: periksa secara manual.")
                % {"age": age},
            )
        )
    if appointed > today:
        result.warnings.append(
            Issue(
                "appointment_future",
                _("Tanggal pengangkatan ada di masa depan: periksa secara manual."),
            )
        )


def parse_nip(value: object, *, today: dt.date | None = None) -> NipResult:
    """Validate a PNS NIP (positions 9-14 are the TMT CPNS year and month)."""
    today = today or dt.date.today()
    result = NipResult(kind=KIND_NIP, value=str(value if value is not None else ""))
    digits = _check_shape(result, _("NIP"))
    if digits is None:
        return result
    _check_birth(result, digits, today)
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        result.errors.append(
            Issue(
                "appointment_month_invalid",
                _(
                    "Bulan TMT CPNS (angka 13-14) harus 01-12, bukan %(m)s. Jika ini NI PPPK, "
                    "periksa sebagai NI PPPK."
                )
                % {"m": digits[12:14]},
            )
        )
    elif year < constants.MIN_BIRTH_YEAR:
        result.errors.append(
            Issue("appointment_year_invalid", _("Tahun TMT CPNS (angka 9-12) tidak mungkin."))
        )
    else:
        result.appointment_year, result.appointment_month = year, month
        _check_appointment_age(result, dt.date(year, month, 1), today)
    _check_gender_and_sequence(result, digits)
    return result


def parse_nipppk(value: object, *, today: dt.date | None = None) -> NipResult:
    """Validate a NI PPPK (positions 9-12 the appointment year, 13-14 a code, not a month).

    The code list is not confirmed (DOMAIN.md §4.2: "24" part-time is single-source, "21"
    full-time unconfirmed), so any two digits are accepted and returned as `pppk_code`.
    """
    today = today or dt.date.today()
    result = NipResult(kind=KIND_NIPPPK, value=str(value if value is not None else ""))
    digits = _check_shape(result, _("NI PPPK"))
    if digits is None:
        return result
    _check_birth(result, digits, today)
    year = int(digits[8:12])
    result.pppk_code = digits[12:14]
    if year < constants.MIN_BIRTH_YEAR or year > today.year + 1:
        result.errors.append(
            Issue(
                "appointment_year_invalid",
                _("Tahun pengangkatan PPPK (angka 9-12) tidak mungkin: %(y)s.") % {"y": year},
            )
        )
    else:
        result.appointment_year = year
        if year < constants.FIRST_PPPK_YEAR:
            result.warnings.append(
                Issue(
                    "appointment_before_pppk",
                    _(
                        "Tahun pengangkatan %(y)s lebih awal dari PPPK pertama (%(first)s): "
                        "periksa secara manual."
                    )
                    % {"y": year, "first": constants.FIRST_PPPK_YEAR},
                )
            )
        if result.birth_date is not None and year < result.birth_date.year:
            result.errors.append(
                Issue(
                    "appointment_before_birth",
                    _("Tahun pengangkatan lebih awal dari tahun lahir."),
                )
            )
        else:
            # Only the year is known: judge it by the last day of that year (and of this year).
            _check_appointment_age(result, dt.date(year, 12, 31), dt.date(today.year, 12, 31))
    _check_gender_and_sequence(result, digits)
    return result


def parse_asn_number(value: object, employee_type: str, *, today: dt.date | None = None):
    """NIP for PNS, NI PPPK for PPPK (the layouts differ in positions 9-14)."""
    if employee_type == "PPPK":
        return parse_nipppk(value, today=today)
    return parse_nip(value, today=today)


def parse_any_asn_number(value: object, *, today: dt.date | None = None) -> NipResult:
    """A number whose employee type is not known: the NIP reading, unless it is invalid and
    the NI PPPK reading is valid (positions 13-14 of a NI PPPK are a code, not a month)."""
    nip = parse_nip(value, today=today)
    if nip.valid:
        return nip
    pppk = parse_nipppk(value, today=today)
    return pppk if pppk.valid else nip


def cross_check(nip: "NipResult | str", nik: "NikResult | str") -> list[Issue]:
    """Warnings when a NIP (or NI PPPK) and a NIK disagree on gender or birth date.

    The NIK holds only a two-digit year, so the birth dates are compared as day, month and
    the last two digits of the year. Unparseable inputs give no warnings (their own
    validators report them).
    """
    nip_result = parse_any_asn_number(nip) if isinstance(nip, str) else nip
    nik_result = parse_nik(nik, check_region=False) if isinstance(nik, str) else nik
    warnings: list[Issue] = []
    if nip_result.gender and nik_result.gender and nip_result.gender != nik_result.gender:
        warnings.append(
            Issue(
                "gender_mismatch",
                _("Jenis kelamin pada NIP dan NIK berbeda."),
            )
        )
    nb, kb = nip_result.birth_date, nik_result.birth_date
    if nb and kb and (nb.day, nb.month, nb.year % 100) != (kb.day, kb.month, kb.year % 100):
        warnings.append(
            Issue(
                "birth_date_mismatch",
                _("Tanggal lahir pada NIP (%(nip)s) dan NIK (%(nik)s) berbeda.")
                % {"nip": nb.strftime("%d-%m-%Y"), "nik": kb.strftime("%d-%m-%y")},
            )
        )
    return warnings
