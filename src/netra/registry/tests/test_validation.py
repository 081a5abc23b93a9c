"""The one person check (`validation.person_validate`) and the three writers that ask it: the
service, the admin form and the import. Each caller test fails if that caller stops asking."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection

from netra.registry import validation
from netra.registry.choices import EmployeeType, Gender
from netra.registry.forms import PersonAdminForm
from netra.registry.models import Person
from netra.registry.nik import regions_not_loaded_checker
from netra.registry.services import RegistryError, person_upsert, registry_import
from netra.registry.tests.factories import (
    AgencyFactory,
    WorkUnitFactory,
    make_nik,
    make_nip,
    make_nipppk,
)
from netra.registry.validation import person_validate

TODAY = dt.date(2025, 6, 1)
BIRTH = dt.date(1986, 9, 26)
NIP = make_nip(BIRTH, appointed=(2015, 5), gender=Gender.MALE)
NIPPPK = make_nipppk(dt.date(1990, 9, 13), year=2025, code="24", gender=Gender.FEMALE)
NIK = make_nik("320101", BIRTH, gender=Gender.MALE)


def check(**overrides):
    values = {
        "employee_type": EmployeeType.PNS,
        "name": "Dr. Ahmad Fauzi, S.Pd.",
        "nip": NIP,
        "today": TODAY,
        "nik_prefix_checker": regions_not_loaded_checker,
    }
    values.update(overrides)
    return person_validate(**values)


def codes(result, level=validation.ERROR):
    return {(i.field, i.code) for i in result.issues if i.level == level}


# --- the rules -------------------------------------------------------------------------------


def test_valid_pns_takes_birth_date_and_gender_from_the_nip():
    result = check(nip="19860926 201505 1 001")
    assert result.valid and result.issues == []
    assert (result.nip, result.birth_date, result.gender) == (NIP, BIRTH, Gender.MALE)
    assert result.name_parts.plain == "Ahmad Fauzi"


@pytest.mark.parametrize("employee_type", [EmployeeType.PNS, EmployeeType.PPPK])
def test_asn_need_a_number(employee_type):
    result = check(employee_type=employee_type, nip="")
    assert codes(result) == {("nip", "nip_required")}
    assert result.field_errors()["nip"] == ["PNS dan PPPK wajib memiliki NIP / NI PPPK."]


def test_the_type_decides_the_layout():
    # A NI PPPK's digits 13-14 are a code: as a PNS NIP the month is impossible.
    assert ("nip", "appointment_month_invalid") in codes(check(nip=NIPPPK))
    assert check(employee_type=EmployeeType.PPPK, nip=NIPPPK).valid


def test_without_a_type_a_valid_ni_pppk_is_read_as_pppk_with_a_warning():
    result = check(employee_type=None, nip=NIPPPK)
    assert result.valid and result.employee_type == EmployeeType.PPPK
    assert codes(result, validation.WARNING) == {("employee_type", "employee_type_inferred")}
    assert check(employee_type="", nip=NIP).employee_type == EmployeeType.PNS


def test_non_asn_need_a_nik_and_a_plain_number_of_at_most_18_digits():
    result = check(employee_type=EmployeeType.NON_ASN, nip="")
    assert codes(result) == {("nik", "nik_required")}
    assert check(employee_type=EmployeeType.NON_ASN, nip="", nik=NIK).valid
    too_long = check(employee_type=EmployeeType.NON_ASN, nip="1" * 19, nik=NIK)
    assert codes(too_long) == {("nip", "nip_non_asn")}
    letters = check(employee_type=EmployeeType.NON_ASN, nip="HON-12", nik=NIK)
    assert codes(letters) == {("nip", "nip_non_asn")}


def test_bad_nik_is_an_error_and_a_disagreeing_nik_a_warning():
    assert ("nik", "length") in codes(check(nik="3201"))
    female_nik = make_nik("320101", BIRTH, gender=Gender.FEMALE)
    result = check(nik=female_nik)
    assert result.valid
    assert ("nik", "gender_mismatch") in codes(result, validation.WARNING)
    assert result.nik == female_nik


def test_birth_date_and_gender_against_the_nip():
    result = check(birth_date=dt.date(1986, 9, 27), gender=Gender.FEMALE)
    assert result.valid
    assert codes(result, validation.WARNING) == {
        ("birth_date", "birth_date_differs"),
        ("gender", "gender_differs"),
    }
    # what was given is kept
    assert (result.birth_date, result.gender) == (dt.date(1986, 9, 27), Gender.FEMALE)
    message = next(i.message for i in result.warnings if i.field == "birth_date")
    assert "27-09-1986" in message and "26-09-1986" in message  # no ISO dates in prose
    future = check(
        employee_type=EmployeeType.NON_ASN, nip="", nik=NIK, birth_date=TODAY.replace(year=2030)
    )
    assert ("birth_date", "birth_date_future") in codes(future)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employee_type", "pegawai tetap"),
        ("gender", "X"),
        ("position_type", "kepala"),
        ("functional_group", "pilot"),
        ("status", "cuti"),
    ],
)
def test_unknown_choice_names_the_accepted_values(field, value):
    result = check(**{field: value})
    assert (field, f"{field}_unknown") in codes(result)
    assert repr(value) in result.field_errors()[field][0]


def test_name_is_required_and_bounded():
    assert codes(check(name="  ")) == {("name", "name_required")}
    assert codes(check(name="A" * 201)) == {("name", "name_too_long")}


@pytest.mark.django_db
def test_unit_must_belong_to_the_agency():
    one, other = AgencyFactory(), AgencyFactory()
    unit = WorkUnitFactory(agency=other)
    assert codes(check(agency=one, unit=unit)) == {("unit", "unit_other_agency")}
    assert check(agency=other, unit=unit).valid


def test_messages_follow_the_language():
    from django.utils import translation

    with translation.override("en"):
        message = check(nip="").field_errors()["nip"][0]
    assert message != "PNS dan PPPK wajib memiliki NIP / NI PPPK."
    assert "NIP" in message


# --- every writer asks it --------------------------------------------------------------------


@pytest.fixture
def spy():
    with mock.patch.object(
        validation, "person_validate", wraps=validation.person_validate
    ) as wrapped:
        yield wrapped


@pytest.mark.django_db
def test_the_service_asks_the_validator(spy):
    with pytest.raises(RegistryError) as refused:
        person_upsert(actor=None, employee_type=EmployeeType.NON_ASN, name="Rudi Hartono")
    assert spy.call_count == 1
    assert refused.value.fields == {"nik": [str(refused.value)]}
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_admin_form_asks_the_validator(spy):
    form = PersonAdminForm(
        data={
            "employee_type": EmployeeType.NON_ASN,
            "name": "Rudi Hartono",
            "functional_group": "none",
            "status": "active",
        }
    )
    assert not form.is_valid()
    assert spy.call_count == 1
    assert form.errors["nik"] == [
        "Pegawai non-ASN wajib memiliki NIK (16 angka): tanpa NIP, NIK-lah pengenalnya."
    ]


@pytest.mark.django_db
def test_the_import_asks_the_validator_per_row(spy, tmp_path):
    import csv

    source = tmp_path / "honorer.csv"
    source.write_text(
        f"nip,name,employee_type\n1234,Rudi Hartono,honorer\n{NIP},Ahmad Fauzi,PNS\n",
        encoding="utf-8",
    )
    # The batched path asks it for every row.
    summary = registry_import(actor=None, path=source, set_based=False)
    assert spy.call_count == 2
    assert (summary.created, summary.rejected) == (1, 1)
    with open(tmp_path / "honorer.errors.csv", encoding="utf-8") as handle:
        report = list(csv.DictReader(handle))
    assert [(r["row"], r["column"], r["level"]) for r in report] == [("2", "nik", "error")]
    # the same words as the service and the form
    assert report[0]["message"].startswith("Pegawai non-ASN wajib memiliki NIK")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="set-based import")
def test_the_set_based_import_asks_the_validator_for_rows_sql_cannot_prove(spy, tmp_path):
    # A plain valid PNS row is proved valid by the SQL screen; the honorer row is not, and
    # goes to the one validator, which refuses it with its own message.
    source = tmp_path / "honorer.csv"
    source.write_text(
        f"nip,name,employee_type\n1234,Rudi Hartono,honorer\n{NIP},Ahmad Fauzi,PNS\n",
        encoding="utf-8",
    )
    summary = registry_import(actor=None, path=source, set_based=True)
    assert spy.call_count == 1
    assert (summary.created, summary.rejected) == (1, 1)
