"""The one check of a person record, asked by every writer of people.

`person_validate` is called by the service (`services.person_upsert`), the admin form
(`forms.PersonAdminForm`) and the import (`importer.RowValidator`); none of them has its own
copy of these rules. It checks:

- the number by employee type: PNS need a NIP and PPPK a NI PPPK (`nip.py`); non-ASN may have
  a staff number of at most 18 digits (no structure) and need a NIK; with no type given, the
  number decides (a valid NI PPPK that is no valid NIP is read as PPPK, with a warning);
- the NIK (`nik.py`) and its agreement with the NIP (warnings);
- birth date and gender: taken from the NIP when not given; when given and different from the
  NIP, kept with a warning; a birth date in the future is an error;
- the name (required, at most 200 characters), the enumerated fields (employee type, gender,
  position type, functional group, status), and that a work unit belongs to the agency.

Messages are gettext strings (ADR 0005). Each issue names the Person field it is about, so a
form puts it next to the field and the import report names the column.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from netra.registry.choices import (
    EmployeeType,
    FunctionalGroup,
    Gender,
    PersonStatus,
    PositionType,
)
from netra.registry.identifiers import clean_digits, is_ascii_digits
from netra.registry.names import NameParts, split_name
from netra.registry.nik import parse_nik
from netra.registry.nip import (
    KIND_NIPPPK,
    NIP_LENGTH,
    NipResult,
    cross_check,
    parse_any_asn_number,
    parse_asn_number,
)

ERROR = "error"
WARNING = "warning"
NAME_MAX = 200


@dataclass(frozen=True)
class FieldIssue:
    """One finding about one field: a stable `code`, a translated `message`, and its level."""

    field: str
    code: str
    message: str
    level: str = ERROR


@dataclass
class PersonCheck:
    """The issues found and the values a writer stores (normalised, or derived from the NIP)."""

    issues: list[FieldIssue] = field(default_factory=list)
    employee_type: str = ""
    nip: str | None = None
    nik: str | None = None
    birth_date: dt.date | None = None
    gender: str = ""
    name: str = ""
    name_parts: NameParts | None = None

    @property
    def errors(self) -> list[FieldIssue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[FieldIssue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def field_errors(self) -> dict[str, list[str]]:
        """{field: [messages]} of the errors, for a form or an API body."""
        result: dict[str, list[str]] = {}
        for issue in self.errors:
            result.setdefault(issue.field, []).append(issue.message)
        return result

    def message(self) -> str:
        """All errors in one sentence list (for a refusal that has no form)."""
        return "; ".join(i.message for i in self.errors)

    def _error(self, name: str, code: str, message) -> None:
        self.issues.append(FieldIssue(name, code, str(message)))

    def _warn(self, name: str, code: str, message) -> None:
        self.issues.append(FieldIssue(name, code, str(message), WARNING))


def _date_text(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def choice_issue(name: str, value: object) -> FieldIssue | None:
    """The error for a value of an enumerated field that is not one of its choices (None if the
    value is empty or allowed). The messages name the accepted values."""
    if value in (None, ""):
        return None
    choices, message = _CHOICES[name]
    if value in choices.values:
        return None
    return FieldIssue(name, f"{name}_unknown", str(message()) % {"v": str(value)})


_CHOICES = {
    "employee_type": (
        EmployeeType,
        lambda: _("Jenis pegawai %(v)r tidak dikenal: gunakan PNS, PPPK atau Non-ASN."),
    ),
    "gender": (Gender, lambda: _("Jenis kelamin %(v)r tidak dikenal: gunakan L atau P.")),
    "position_type": (
        PositionType,
        lambda: _(
            "Jenis jabatan %(v)r tidak dikenal: gunakan struktural, fungsional atau pelaksana."
        ),
    ),
    "functional_group": (
        FunctionalGroup,
        lambda: _(
            "Kelompok fungsional %(v)r tidak dikenal: gunakan guru, tenaga kesehatan, "
            "fungsional lain atau bukan fungsional."
        ),
    ),
    "status": (
        PersonStatus,
        lambda: _("Status %(v)r tidak dikenal: gunakan aktif, pensiun atau diberhentikan."),
    ),
}


def person_validate(
    *,
    employee_type: str | None,
    name: str,
    nip: str | None = None,
    nik: str | None = None,
    birth_date: dt.date | None = None,
    gender: str = "",
    position_type: str = "",
    functional_group: str = "",
    status: str = "",
    agency=None,
    unit=None,
    today: dt.date | None = None,
    nik_prefix_checker=None,
) -> PersonCheck:
    """Check a person record; never raises. `check.errors` is the list of field errors.

    `employee_type` None or empty: read from the number. `nik_prefix_checker`: the bulk
    `regions.selectors.NikPrefixIndex().check` for imports (default: one query per NIK).
    """
    today = today or dt.date.today()
    check = PersonCheck()
    for name_, value in (
        ("employee_type", employee_type),
        ("gender", gender),
        ("position_type", position_type),
        ("functional_group", functional_group),
        ("status", status),
    ):
        issue = choice_issue(name_, value)
        if issue:
            check.issues.append(issue)
    type_known = not employee_type or employee_type in EmployeeType.values
    nip_result = _check_number(check, employee_type, nip, today) if type_known else None

    nik_text = str(nik or "").strip()
    if nik_text:
        nik_result = parse_nik(nik_text, today=today, prefix_checker=nik_prefix_checker)
        for issue in nik_result.errors:
            check._error("nik", issue.code, issue.message)
        for issue in nik_result.warnings:
            check._warn("nik", issue.code, issue.message)
        if nik_result.valid:
            check.nik = nik_result.normalised
            if nip_result is not None and nip_result.valid:
                for issue in cross_check(nip_result, nik_result):
                    check._warn("nik", issue.code, issue.message)
    elif check.employee_type == EmployeeType.NON_ASN:
        check._error(
            "nik",
            "nik_required",
            _("Pegawai non-ASN wajib memiliki NIK (16 angka): tanpa NIP, NIK-lah pengenalnya."),
        )

    valid_nip = nip_result if nip_result is not None and nip_result.valid else None
    _check_birth_and_gender(check, valid_nip, birth_date, gender, today)

    check.name = " ".join(str(name or "").split())
    check.name_parts = split_name(check.name)
    if not check.name or not check.name_parts.plain:
        check._error("name", "name_required", _("Nama wajib diisi."))
    elif len(check.name) > NAME_MAX:
        check._error("name", "name_too_long", _("Nama terlalu panjang (lebih dari 200 huruf)."))

    if unit is not None and agency is not None and unit.agency_id != agency.pk:
        check._error("unit", "unit_other_agency", _("Unit kerja bukan bagian dari instansi ini."))
    return check


def _check_number(
    check: PersonCheck, employee_type: str | None, nip: str | None, today: dt.date
) -> NipResult | None:
    """The NIP / NI PPPK (or non-ASN staff number) by type; sets the type and the number."""
    text = str(nip or "").strip()
    check.employee_type = employee_type or EmployeeType.PNS
    if not text:
        if check.employee_type != EmployeeType.NON_ASN:
            check._error("nip", "nip_required", _("PNS dan PPPK wajib memiliki NIP / NI PPPK."))
        return None
    if check.employee_type == EmployeeType.NON_ASN:
        digits = clean_digits(text)
        if not is_ascii_digits(digits) or len(digits) > NIP_LENGTH:
            check._error(
                "nip",
                "nip_non_asn",
                _("Nomor pegawai non-ASN harus berupa angka, paling banyak 18."),
            )
        else:
            check.nip = digits
        return None
    if employee_type:
        result = parse_asn_number(text, employee_type, today=today)
    else:
        result = parse_any_asn_number(text, today=today)
        if result.valid and result.kind == KIND_NIPPPK:
            check.employee_type = EmployeeType.PPPK
            check._warn(
                "employee_type",
                "employee_type_inferred",
                _(
                    "Jenis pegawai kosong; nomor ini bukan NIP yang sah tetapi NI PPPK yang sah "
                    "(angka 13-14 bukan bulan), dibaca sebagai PPPK."
                ),
            )
    for issue in result.errors:
        check._error("nip", issue.code, issue.message)
    for issue in result.warnings:
        check._warn("nip", issue.code, issue.message)
    if result.valid:
        check.nip = result.normalised
    return result


def _check_birth_and_gender(
    check: PersonCheck,
    nip_result: NipResult | None,
    birth_date: dt.date | None,
    gender: str,
    today: dt.date,
) -> None:
    derived_birth = nip_result.birth_date if nip_result else None
    derived_gender = nip_result.gender if nip_result else None
    check.birth_date = birth_date or derived_birth
    if birth_date is not None:
        if birth_date > today:
            check._error("birth_date", "birth_date_future", _("Tanggal lahir ada di masa depan."))
        elif derived_birth and birth_date != derived_birth:
            check._warn(
                "birth_date",
                "birth_date_differs",
                _(
                    "Tanggal lahir %(v)s berbeda dengan NIP (%(nip)s); yang dipakai tanggal "
                    "lahir yang diisi."
                )
                % {"v": _date_text(birth_date), "nip": _date_text(derived_birth)},
            )
    check.gender = gender or derived_gender or ""
    if gender and gender in Gender.values and derived_gender and gender != derived_gender:
        check._warn(
            "gender",
            "gender_differs",
            _("Jenis kelamin berbeda dengan NIP; yang dipakai jenis kelamin yang diisi."),
        )


def contact_issues(email: str, phone: str) -> list[FieldIssue]:
    """Format checks of a person's contact e-mail and phone (registry/contacts.py). A bad value
    is a warning: the person is imported without that contact, never refused for it."""
    from netra.registry.contacts import clean_email, clean_phone

    issues = []
    if clean_email(email) is None:
        issues.append(
            FieldIssue(
                "email",
                "email_invalid",
                # The value is not echoed: reports and pages never show a contact in full.
                _("E-mail tidak valid dan tidak disimpan."),
                WARNING,
            )
        )
    if clean_phone(phone) is None:
        issues.append(
            FieldIssue(
                "phone",
                "phone_invalid",
                _(
                    "Nomor telepon bukan nomor ponsel Indonesia (08… atau +628…) dan "
                    "tidak disimpan."
                ),
                WARNING,
            )
        )
    return issues
