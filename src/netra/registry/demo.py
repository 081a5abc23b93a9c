"""Demo registry: a few agencies in Jawa Barat and Jambi, their units and some hundreds of people.

Deterministic from `seed`; made-up people (no real NIPs or NIKs). Teachers and health workers
are well represented because they are most of the functional staff found in violation (seed
003). People go through the bulk import service, so the demo is audited like a real import and
re-running it changes nothing. Assumes regions 32 and 15 are loaded (with their districts).
"""

import datetime as dt
import random

from django.db import transaction
from django.utils.translation import gettext as _

from netra.registry import services
from netra.registry.choices import AgencyKind, EmployeeType, FunctionalGroup, Gender, PositionType
from netra.registry.demo_names import (
    FAMILY,
    FEMALE_GIVEN,
    HEALTH_TITLES,
    MALE_GIVEN,
    MUHAMMAD_PREFIXES,
    OFFICE_TITLES,
    TEACHER_TITLES,
)

# (code, name, kind, region code, PPK office)
AGENCIES = [
    ("3201", "Pemerintah Kabupaten Bogor", AgencyKind.REGENCY, "32.01", "Bupati Bogor"),
    ("3271", "Pemerintah Kota Bogor", AgencyKind.REGENCY, "32.71", "Wali Kota Bogor"),
    ("1503", "Pemerintah Kabupaten Sarolangun", AgencyKind.REGENCY, "15.03", "Bupati Sarolangun"),
    ("32", "Pemerintah Provinsi Jawa Barat", AgencyKind.PROVINCE, "32", "Gubernur Jawa Barat"),
    ("KEMENAG", "Kementerian Agama", AgencyKind.CENTRAL, None, "Menteri Agama"),
]
# Regional governments: offices plus, per district, a school, a health centre and the
# district office. The province runs senior high schools; the ministry madrasahs.
REGIONAL_OFFICES = ["Sekretariat Daerah", "Dinas Pendidikan", "Dinas Kesehatan"]
DISTRICTS_PER_AGENCY = 4

TEACHER_POSITIONS = [
    "Guru Ahli Pertama",
    "Guru Ahli Muda",
    "Guru Ahli Madya",
    "Guru Kelas",
    "Guru Mata Pelajaran Matematika",
    "Guru Pendidikan Agama Islam",
]
HEALTH_POSITIONS = [
    "Perawat Terampil",
    "Perawat Ahli Pertama",
    "Bidan Ahli Muda",
    "Bidan Terampil",
    "Dokter Ahli Pertama",
    "Apoteker Ahli Pertama",
    "Nutrisionis Terampil",
    "Sanitarian Terampil",
]
OFFICE_POSITIONS = [
    ("Camat", PositionType.STRUCTURAL),
    ("Sekretaris Camat", PositionType.STRUCTURAL),
    ("Kepala Seksi Pemerintahan", PositionType.STRUCTURAL),
    ("Kepala Bidang Pembinaan SD", PositionType.STRUCTURAL),
    ("Analis Kebijakan Ahli Muda", PositionType.FUNCTIONAL),
    ("Pranata Komputer Ahli Pertama", PositionType.FUNCTIONAL),
    ("Pengadministrasi Perkantoran", PositionType.EXECUTOR),
    ("Pengelola Keuangan", PositionType.EXECUTOR),
]


class DemoRegionsMissing(services.RegistryError):
    pass


def _regions(codes: list[str]) -> dict:
    from netra.regions.models import Region

    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        raise DemoRegionsMissing(
            _("Data wilayah belum dimuat (%(codes)s): jalankan `netra load-reference` dahulu.")
            % {"codes": ", ".join(missing)}
        )
    return found


def _districts(region, count: int) -> list:
    return list(region.children.order_by("code")[:count])


@transaction.atomic
def build_demo_registry(*, actor=None, seed: int = 42, people: int = 360) -> dict:
    """Create (or refresh) the demo agencies, units and people; returns counts."""
    rng = random.Random(seed)
    regions = _regions([a[3] for a in AGENCIES if a[3]])
    agencies = {}
    for code, name, kind, region_code, ppk in AGENCIES:
        agencies[code] = services.agency_upsert(
            actor=actor,
            code=code,
            name=name,
            kind=kind,
            region=regions.get(region_code),
            ppk_title=ppk,
        )

    # units: (agency code, unit name, kind of staff, region code)
    units: list[tuple[str, str, str, str]] = []
    for code in ("3201", "3271", "1503"):
        region = regions[dict((a[0], a[3]) for a in AGENCIES)[code]]
        for office in REGIONAL_OFFICES:
            units.append((code, office, "office", region.code))
        for number, district in enumerate(_districts(region, DISTRICTS_PER_AGENCY), start=1):
            units.append((code, f"SD Negeri {number} {district.name}", "teacher", district.code))
            units.append((code, f"Puskesmas {district.name}", "health", district.code))
            units.append((code, f"Kecamatan {district.name}", "office", district.code))
    units.append(("32", "SMA Negeri 1 Cibinong", "teacher", "32.01"))
    units.append(("32", "Dinas Kesehatan Provinsi Jawa Barat", "health", "32"))
    units.append(("32", "Badan Kepegawaian Daerah Provinsi Jawa Barat", "office", "32"))
    units.append(("KEMENAG", "MTs Negeri 1 Bogor", "teacher", "32.01"))
    units.append(("KEMENAG", "Kantor Kementerian Agama Kabupaten Sarolangun", "office", "15.03"))
    all_regions = _regions(sorted({u[3] for u in units}))
    for code, name, _kind, region_code in units:
        services.work_unit_upsert(
            actor=actor, agency=agencies[code], name=name, region=all_regions[region_code]
        )

    nik_districts = _nik_districts(all_regions.values())
    rows = _people_rows(rng, units, agencies, nik_districts, people)
    summary = services.registry_import_rows(actor=actor, rows=rows, source=f"demo:seed={seed}")
    non_asn = _non_asn_staff(rng, actor, units, agencies, nik_districts, max(3, people // 20))
    return {
        "agencies": len(agencies),
        "units": len(units),
        "people": len(rows) + non_asn,
        "non_asn_created": non_asn,
        "import": summary.as_dict(),
    }


def _non_asn_staff(
    rng: random.Random, actor, units, agencies, nik_districts: dict[str, str], count: int
) -> int:
    """Honorary staff (non-ASN) have no NIP, so they cannot go through the NIP-keyed import:
    they are added one by one with a made-up NIK (their identifier), skipped when a person of
    that name is already in the unit."""
    from netra.registry.models import Person, WorkUnit
    from netra.registry.names import fold

    created = 0
    for _i in range(count):
        code, unit_name, kind, region_code = rng.choice(units)
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(0, 25 * 365))
        district = nik_districts.get(region_code, "")
        prefix = district.replace(".", "") if district.count(".") == 2 else "320101"
        day = birth.day + (40 if gender == Gender.FEMALE else 0)
        nik = f"{prefix}{day:02d}{birth:%m%y}{rng.randrange(1, 9999):04d}"
        given = rng.choice(FEMALE_GIVEN if gender == Gender.FEMALE else MALE_GIVEN)
        name = f"{given} {rng.choice(FAMILY)}"
        unit = WorkUnit.objects.get(agency=agencies[code], name_key=fold(unit_name))
        if Person.objects.filter(unit=unit, name_key=fold(name)).exists():
            continue
        services.person_upsert(
            actor=actor,
            employee_type=EmployeeType.NON_ASN,
            name=name,
            nik=nik,
            birth_date=birth,
            gender=gender,
            position="Guru Honorer" if kind == "teacher" else "Tenaga Honorer",
            functional_group=FunctionalGroup.TEACHER if kind == "teacher" else FunctionalGroup.NONE,
            agency=agencies[code],
            unit=unit,
            region=unit.region,
        )
        created += 1
    return created


def _nik_districts(regions) -> dict[str, str]:
    """A district code per unit region, for made-up NIK prefixes (where people registered)."""
    from netra.regions.choices import RegionLevel
    from netra.regions.models import Region

    result = {}
    for region in regions:
        if region.level == RegionLevel.DISTRICT:
            result[region.code] = region.code
        else:
            first = (
                Region.objects.filter(
                    code__startswith=region.code + ".", level=RegionLevel.DISTRICT
                )
                .order_by("code")
                .values_list("code", flat=True)
                .first()
            )
            result[region.code] = first or region.code
    return result


def _people_rows(
    rng: random.Random, units, agencies, nik_districts: dict[str, str], count: int
) -> list[dict[str, str]]:
    teaching = [u for u in units if u[2] == "teacher"]
    health = [u for u in units if u[2] == "health"]
    office = [u for u in units if u[2] == "office"]
    rows, taken = [], set()
    for _i in range(count):
        roll = rng.random()
        group = "teacher" if roll < 0.4 else ("health" if roll < 0.65 else "office")
        unit = rng.choice({"teacher": teaching, "health": health, "office": office}[group])
        gender = (
            Gender.FEMALE if rng.random() < (0.65 if group != "office" else 0.45) else Gender.MALE
        )
        employee_type = EmployeeType.PPPK if rng.random() < 0.22 else EmployeeType.PNS
        birth = dt.date(1964, 1, 1) + dt.timedelta(days=rng.randrange(0, 36 * 365))
        nip = _unique_nip(rng, birth, gender, employee_type, taken)
        name, position, position_type = _person(rng, group, gender)
        district = nik_districts[unit[3]]
        nik = ""
        if rng.random() < 0.8 and district.count(".") == 2:
            day = birth.day + (40 if gender == Gender.FEMALE else 0)
            nik = f"{district.replace('.', '')}{day:02d}{birth:%m%y}{rng.randrange(1, 9999):04d}"
        rows.append(
            {
                "nip": nip,
                "name": name,
                "nik": nik,
                "employee_type": employee_type,
                "position": position,
                "position_type": position_type,
                "functional_group": _group(group, position_type),
                "agency_code": unit[0],
                "agency_name": agencies[unit[0]].name,
                "unit": unit[1],
                "region_code": unit[3],
                "status": "active" if rng.random() < 0.97 else "retired",
            }
        )
    return rows


def _group(group: str, position_type: str) -> str:
    if group == "teacher":
        return FunctionalGroup.TEACHER
    if group == "health":
        return FunctionalGroup.HEALTH
    if position_type == PositionType.FUNCTIONAL:
        return FunctionalGroup.OTHER_FUNCTIONAL
    return FunctionalGroup.NONE


def _unique_nip(rng, birth: dt.date, gender: str, employee_type: str, taken: set) -> str:
    digit = "1" if gender == Gender.MALE else "2"
    if employee_type == EmployeeType.PPPK:
        head = (
            f"{birth:%Y%m%d}{rng.choice([2021, 2022, 2023, 2024, 2025])}{rng.choice(['21', '24'])}"
        )
    else:
        year = min(birth.year + rng.randint(22, 32), 2024)
        head = f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}"
    sequence = 1
    while f"{head}{digit}{sequence:03d}" in taken:
        sequence += 1
    nip = f"{head}{digit}{sequence:03d}"
    taken.add(nip)
    return nip


def _person(rng: random.Random, group: str, gender: str) -> tuple[str, str, str]:
    given = rng.choice(FEMALE_GIVEN if gender == Gender.FEMALE else MALE_GIVEN)
    if gender == Gender.MALE and rng.random() < 0.15:
        given = f"{rng.choice(MUHAMMAD_PREFIXES)} {given}"
    name = f"{given} {rng.choice(FAMILY)}"
    if group == "teacher":
        position, position_type = rng.choice(TEACHER_POSITIONS), PositionType.FUNCTIONAL
        titles = rng.choice(TEACHER_TITLES)
    elif group == "health":
        position, position_type = rng.choice(HEALTH_POSITIONS), PositionType.FUNCTIONAL
        titles = rng.choice(HEALTH_TITLES)
        if position.startswith("Dokter"):
            name, titles = f"dr. {name}", rng.choice(["", "Sp.A", "M.Kes."])
    else:
        position, position_type = rng.choice(OFFICE_POSITIONS)
        titles = rng.choice(OFFICE_TITLES)
    if rng.random() < 0.12:
        name = f"{'Hj.' if gender == Gender.FEMALE else 'H.'} {name}"
    if rng.random() < 0.04:
        name = f"Dr. {name}"
    return (f"{name}, {titles}" if titles else name), position, position_type
