"""factory_boy factories: valid NIPs consistent with birth date and gender, realistic names."""

import datetime as dt

import factory

from netra.registry.choices import AgencyKind, EmployeeType, FunctionalGroup, Gender
from netra.registry.demo_names import (
    FAMILY,
    FEMALE_GIVEN,
    MALE_GIVEN,
    OFFICE_TITLES,
    TEACHER_TITLES,
)
from netra.registry.models import Agency, Person, WorkUnit
from netra.registry.names import fold, name_key, name_variants_key, split_name


def make_nip(birth: dt.date, *, appointed: tuple[int, int], gender: str, sequence: int = 1) -> str:
    """A NIP with the layout of DOMAIN.md §4.1 (valid by construction)."""
    digit = "1" if gender == Gender.MALE else "2"
    return f"{birth:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{digit}{sequence:03d}"


def make_nipppk(birth: dt.date, *, year: int, code: str, gender: str, sequence: int = 1) -> str:
    digit = "1" if gender == Gender.MALE else "2"
    return f"{birth:%Y%m%d}{year:04d}{code}{digit}{sequence:03d}"


def make_nik(region6: str, birth: dt.date, *, gender: str, sequence: int = 1) -> str:
    day = birth.day + (40 if gender == Gender.FEMALE else 0)
    return f"{region6}{day:02d}{birth:%m%y}{sequence:04d}"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST{n:04d}")
    name = factory.Sequence(lambda n: f"Kementerian Contoh {n}")
    kind = AgencyKind.CENTRAL
    ppk_title = "Sekretaris Jenderal"


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"SD Negeri {n + 1} Contoh")
    name_key = factory.LazyAttribute(lambda o: fold(o.name))


def _birth(n: int) -> dt.date:
    return dt.date(1965, 1, 1) + dt.timedelta(days=(n * 173) % (30 * 365))


def _gender(n: int) -> str:
    return Gender.FEMALE if n % 2 else Gender.MALE


def _written_name(n: int, gender: str) -> str:
    given = (FEMALE_GIVEN if gender == Gender.FEMALE else MALE_GIVEN)[n % 30]
    family = FAMILY[(n * 7) % len(FAMILY)]
    titles = (TEACHER_TITLES + OFFICE_TITLES)[n % 15]
    before = "Dr. " if n % 11 == 0 else ("Hj. " if gender == Gender.FEMALE and n % 5 == 0 else "")
    return f"{before}{given} {family}, {titles}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        n = factory.Sequence(lambda n: n)

    employee_type = EmployeeType.PNS
    gender = factory.LazyAttribute(lambda o: _gender(o.n))
    birth_date = factory.LazyAttribute(lambda o: _birth(o.n))
    nip = factory.LazyAttribute(
        lambda o: make_nip(
            o.birth_date,
            appointed=(o.birth_date.year + 24 + o.n % 6, o.n % 12 + 1),
            gender=o.gender,
            sequence=o.n % 999 + 1,
        )
    )
    name = factory.LazyAttribute(lambda o: _written_name(o.n, o.gender))
    name_plain = factory.LazyAttribute(lambda o: split_name(o.name).plain)
    name_key = factory.LazyAttribute(lambda o: name_key(o.name_plain))
    name_variants_key = factory.LazyAttribute(lambda o: name_variants_key(o.name_plain))
    position = "Guru Ahli Pertama"
    functional_group = FunctionalGroup.TEACHER
    agency = factory.SubFactory(AgencyFactory)
    unit = None
    region = factory.LazyAttribute(lambda o: o.agency.region if o.agency else None)
