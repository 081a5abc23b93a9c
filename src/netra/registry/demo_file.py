"""A generated national registry file in the import format (`netra demo generate`).

Streams rows (constant memory, deterministic by seed) for benchmarks and load tests: agencies
and regions in proportion to the region reference data (a regency's weight is its number of
districts; about a fifth of the staff work for central agencies), employee types, functional
groups (teachers and health workers the largest), names from several naming traditions with
titles, valid NIPs / NI PPPK and NIKs consistent with birth date and gender, and about 1.5 % of
bad rows of several kinds (`BAD_KINDS`, each rejected by the import with the column it names).

NIPs are unique without remembering them: row `i` gets slot `(A * i + B) mod SLOTS`, a
bijection on the slots, and the slot fixes the birth date and the three-digit sequence.
"""

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from netra.registry import demo_names as n

# The import columns this file fills (in this order).
FILE_COLUMNS = (
    "nip",
    "name",
    "nik",
    "employee_type",
    "birth_date",
    "gender",
    "position",
    "position_type",
    "functional_group",
    "agency_code",
    "agency_name",
    "unit",
    "region_code",
    "status",
)
BAD_SHARE = 0.015
# kind -> the column the import names in its report for that row.
BAD_KINDS = {
    "nip_length": "nip",
    "nip_month": "nip",
    "nip_scientific": "nip",
    "nik_day": "nik",
    "name_empty": "name",
    "birth_future": "birth_date",
    "employee_type_unknown": "employee_type",
    "region_unknown": "region_code",
    "duplicate_nip": "nip",
}
CENTRAL_SHARE = 0.2
# Ages and appointment years are judged on this day, so a file stays valid when imported later.
REFERENCE_DAY = dt.date(2025, 6, 30)
PPPK_SHARE = 0.25
# Birth dates 1966-01-01 .. (+ BIRTH_DAYS); with the 999 sequences these are the NIP slots.
BIRTH_START = dt.date(1966, 1, 1)
BIRTH_DAYS = 38 * 365
SLOTS = BIRTH_DAYS * 999
_MULTIPLIER = 2_654_435_761  # prime, not a factor of SLOTS: i -> A*i+B is a bijection

CENTRAL_AGENCIES = [
    ("KEMENAG", "Kementerian Agama"),
    ("KEMENKEU", "Kementerian Keuangan"),
    ("KEMENKES", "Kementerian Kesehatan"),
    ("KEMENDIKDASMEN", "Kementerian Pendidikan Dasar dan Menengah"),
    ("KEMENKUM", "Kementerian Hukum"),
    ("KEMENDAGRI", "Kementerian Dalam Negeri"),
    ("KEMENHUB", "Kementerian Perhubungan"),
    ("KEMENTAN", "Kementerian Pertanian"),
    ("BPS", "Badan Pusat Statistik"),
    ("BKN", "Badan Kepegawaian Negara"),
    ("ATRBPN", "Kementerian Agraria dan Tata Ruang/BPN"),
    ("KEJAKSAAN", "Kejaksaan Republik Indonesia"),
]
# Traditions by province code (the rest: a national mix); weights of (tradition, weight).
_MIX = [("javanese", 40), ("sundanese", 15), ("arabic", 12), ("batak", 6), ("minang", 5)]
_MIX += [("bugis", 5), ("chinese", 3), ("balinese", 2)]
_BY_PROVINCE = {
    "11": [("arabic", 80), ("batak", 10), ("javanese", 10)],
    "12": [("batak", 55), ("javanese", 25), ("arabic", 15), ("chinese", 5)],
    "13": [("minang", 80), ("arabic", 10), ("javanese", 10)],
    "31": [("javanese", 35), ("sundanese", 20), ("arabic", 20), ("chinese", 10), ("batak", 15)],
    "32": [("sundanese", 75), ("javanese", 10), ("arabic", 15)],
    "33": [("javanese", 85), ("arabic", 15)],
    "34": [("javanese", 85), ("arabic", 15)],
    "35": [("javanese", 80), ("arabic", 15), ("chinese", 5)],
    "36": [("sundanese", 60), ("arabic", 30), ("javanese", 10)],
    "51": [("balinese", 85), ("javanese", 15)],
    "73": [("bugis", 75), ("arabic", 20), ("javanese", 5)],
}
TEACHER_POSITIONS = ["Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Guru Kelas"]
HEALTH_POSITIONS = ["Perawat Terampil", "Perawat Ahli Pertama", "Bidan Terampil"]
HEALTH_POSITIONS += ["Bidan Ahli Muda", "Dokter Ahli Pertama", "Apoteker Ahli Pertama"]
OTHER_FUNCTIONAL = ["Analis Kebijakan Ahli Muda", "Pranata Komputer Ahli Pertama", "Auditor"]
STRUCTURAL = ["Camat", "Sekretaris Camat", "Kepala Seksi Pemerintahan", "Kepala Bidang"]
EXECUTORS = ["Pengadministrasi Perkantoran", "Pengelola Keuangan", "Pengemudi", "Arsiparis"]


class RegionsMissing(Exception):
    """The region table is empty: `netra load-reference` first."""


@dataclass(frozen=True)
class _Place:
    agency_code: str
    agency_name: str
    province: str
    regency: str  # dotted regency code ("" for central agencies' head office)
    districts: tuple[tuple[str, str], ...]  # (code, name)


def _places() -> tuple[list[_Place], list[int], list[_Place]]:
    """Regional governments (weight: their districts) and central agencies (a fifth)."""
    from netra.regions.choices import RegionLevel
    from netra.regions.models import Region

    regencies = list(
        Region.objects.filter(level=RegionLevel.REGENCY)
        .order_by("code")
        .values_list("code", "name")
    )
    if not regencies:
        raise RegionsMissing(
            _("Data wilayah belum dimuat: jalankan `netra load-reference` dahulu.")
        )
    districts: dict[str, list[tuple[str, str]]] = {}
    for code, name in (
        Region.objects.filter(level=RegionLevel.DISTRICT)
        .order_by("code")
        .values_list("code", "name")
    ):
        districts.setdefault(code[:5], []).append((code, name))
    provinces = dict(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", "name"))
    places, weights = [], []
    for code, name in regencies:
        own = tuple(districts.get(code, ())) or ((code, name),)
        kind = "Kota" if name.lower().startswith("kota") else "Kabupaten"
        plain = (
            name.split(" ", 1)[1]
            if name.split(" ", 1)[0].lower() in {"kota", "kabupaten", "kab."}
            else name
        )
        places.append(
            _Place(code.replace(".", ""), f"Pemerintah {kind} {plain}", code[:2], code, own)
        )
        weights.append(len(own) * 10)
    # Provinces: a smaller share each (high schools, provincial offices).
    by_province: dict[str, list[_Place]] = {}
    for place in places:
        by_province.setdefault(place.province, []).append(place)
    for code, name in sorted(provinces.items()):
        members = by_province.get(code)
        if not members:
            continue
        own = tuple(d for p in members[:3] for d in p.districts[:2])
        places.append(
            _Place(code, f"Pemerintah Provinsi {name.title()}", code, members[0].regency, own)
        )
        weights.append(sum(len(p.districts) for p in members))
    regional_total = sum(weights)
    central_each = max(
        1, int(regional_total * CENTRAL_SHARE / (1 - CENTRAL_SHARE) / len(CENTRAL_AGENCIES))
    )
    everywhere = [p for p in places if p.regency and len(p.agency_code) == 4]
    for code, name in CENTRAL_AGENCIES:
        # A central agency's staff work in its regional offices: spread over all regencies.
        places.append(_Place(code, name, "", "", ()))
        weights.append(central_each)
    return places, list(_cumulative(weights)), everywhere


def _cumulative(weights: list[int]) -> Iterator[int]:
    total = 0
    for w in weights:
        total += w
        yield total


def _given(rng: random.Random, tradition: str, female: bool) -> str:
    if tradition == "javanese":
        name = rng.choice(n.JAVANESE_FEMALE if female else n.JAVANESE_MALE)
        return name if rng.random() < 0.15 else f"{name} {rng.choice(n.JAVANESE_SECOND)}"
    if tradition == "sundanese":
        given = rng.choice(n.SUNDANESE_FEMALE if female else n.SUNDANESE_MALE)
        return f"{given} {rng.choice(n.SUNDANESE_SECOND)}"
    if tradition == "batak":
        given = rng.choice(n.BATAK_GIVEN_FEMALE if female else n.BATAK_GIVEN_MALE)
        return f"{given} {rng.choice(n.BATAK_CLANS)}"
    if tradition == "balinese":
        order = rng.choice(n.BALINESE_ORDER)
        given = rng.choice(n.BALINESE_FEMALE if female else n.BALINESE_MALE)
        if rng.random() < 0.1:
            caste = rng.choice(n.BALINESE_CASTE_FEMALE if female else n.BALINESE_CASTE_MALE)
            return f"{caste} {order} {given}"
        return f"{'Ni' if female else 'I'} {order} {given}"
    if tradition == "arabic":
        given = rng.choice(n.ARABIC_FEMALE if female else n.ARABIC_MALE)
        if not female and rng.random() < 0.3:
            given = f"{rng.choice(n.MUHAMMAD_PREFIXES)} {given}"
        return f"{given} {rng.choice(n.ARABIC_SECOND)}"
    if tradition == "chinese":
        return f"{rng.choice(n.CHINESE_GIVEN)} {rng.choice(n.CHINESE_SECOND)}"
    if tradition == "minang":
        given = rng.choice(n.MINANG_FEMALE if female else n.MINANG_MALE)
        return f"{given} {rng.choice(n.MINANG_SECOND)}"
    given = rng.choice(n.BUGIS_FEMALE if female else n.BUGIS_MALE)
    return f"{given} {rng.choice(n.BUGIS_SECOND)}"


def _name(rng: random.Random, tradition: str, female: bool, group: str) -> str:
    name = _given(rng, tradition, female)
    if group == "health" and rng.random() < 0.1:
        name = f"dr. {name}"
    elif rng.random() < 0.12:
        name = f"{'Hj.' if female else 'H.'} {name}"
    elif rng.random() < 0.03:
        name = f"{rng.choice(n.PREFIX_TITLE_CHOICES)} {name}"
    degrees = {"teacher": n.TEACHER_TITLES, "health": n.HEALTH_TITLES}.get(group, n.OFFICE_TITLES)
    if rng.random() < 0.6:
        name = f"{name}, {rng.choice(degrees)}"
    return name


@dataclass(frozen=True)
class GeneratedRow:
    values: dict[str, str]
    bad: str | None  # one of BAD_KINDS, or None for a valid row


def generate_rows(
    *, people: int, seed: int, today: dt.date | None = None, places=None
) -> Iterator[GeneratedRow]:
    """`people` rows, deterministic by `seed` (and `today`, which bounds ages)."""
    if people > SLOTS:
        raise ValueError(f"at most {SLOTS} people")
    today = today or REFERENCE_DAY
    places, cumulative, everywhere = places or _places()
    total = cumulative[-1]
    rng = random.Random(seed)
    offset = rng.randrange(SLOTS)
    previous_nip = ""
    for i in range(people):
        slot = (_MULTIPLIER * i + offset) % SLOTS
        birth = BIRTH_START + dt.timedelta(days=slot // 999)
        sequence = slot % 999 + 1
        place = places[_bisect(cumulative, rng.randrange(total))]
        if not place.districts:
            local = rng.choice(everywhere)
            district = rng.choice(local.districts)
        else:
            district = rng.choice(place.districts)
        roll = rng.random()
        group = "teacher" if roll < 0.38 else "health" if roll < 0.55 else "office"
        female = rng.random() < (0.64 if group != "office" else 0.42)
        pppk = rng.random() < PPPK_SHARE
        nip = _nip(rng, birth, female, pppk, sequence, today)
        weights = _BY_PROVINCE.get(district[0][:2], _MIX)
        tradition = rng.choices([t for t, _w in weights], [w for _t, w in weights])[0]
        name = _name(rng, tradition, female, group)
        position, position_type, functional = _position(rng, group)
        unit = _unit(group, place, district)
        day = birth.day + (40 if female else 0)
        nik = f"{district[0].replace('.', '')}{day:02d}{birth:%m%y}{rng.randrange(1, 10000):04d}"
        values = {
            "nip": nip,
            "name": name,
            "nik": nik if rng.random() < 0.85 else "",
            "employee_type": "PPPK" if pppk else "PNS",
            "birth_date": birth.isoformat() if rng.random() < 0.5 else "",
            "gender": ("P" if female else "L") if rng.random() < 0.5 else "",
            "position": position,
            "position_type": position_type,
            "functional_group": functional,
            "agency_code": place.agency_code,
            "agency_name": place.agency_name,
            "unit": unit,
            "region_code": district[0],
            "status": "aktif" if rng.random() < 0.97 else "pensiun",
        }
        bad = None
        if rng.random() < BAD_SHARE:
            bad = rng.choice(list(BAD_KINDS))
            if bad == "duplicate_nip" and not previous_nip:
                bad = "nip_length"
            _spoil(values, bad, previous_nip)
        if bad is None:
            previous_nip = nip
        yield GeneratedRow(values, bad)


def _bisect(cumulative: list[int], value: int) -> int:
    from bisect import bisect_right

    return bisect_right(cumulative, value)


def _nip(rng, birth: dt.date, female: bool, pppk: bool, sequence: int, today: dt.date) -> str:
    gender = "2" if female else "1"
    if pppk:
        year = rng.randint(2019, min(today.year, 2025))
        year = max(year, birth.year + 19)
        if year > today.year:  # too young for PPPK: read as PNS below
            pppk = False
        else:
            return f"{birth:%Y%m%d}{year}{rng.choice(['21', '24'])}{gender}{sequence:03d}"
    earliest = birth.year + 19
    latest = min(birth.year + 45, today.year - 1)
    year = rng.randint(earliest, max(earliest, latest))
    return f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{gender}{sequence:03d}"


def _position(rng, group: str) -> tuple[str, str, str]:
    if group == "teacher":
        return rng.choice(TEACHER_POSITIONS), "fungsional", "guru"
    if group == "health":
        return rng.choice(HEALTH_POSITIONS), "fungsional", "tenaga kesehatan"
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(STRUCTURAL), "struktural", "bukan fungsional"
    if roll < 0.45:
        return rng.choice(OTHER_FUNCTIONAL), "fungsional", "fungsional lain"
    return rng.choice(EXECUTORS), "pelaksana", "bukan fungsional"


def _unit(group: str, place: _Place, district: tuple[str, str]) -> str:
    where = district[1].title()
    if group == "teacher":
        if len(place.agency_code) == 2:
            return f"SMA Negeri 1 {where}"
        if place.agency_code == "KEMENAG":
            return f"MTs Negeri {where}"
        return f"SD Negeri 1 {where}"
    if group == "health":
        return f"Puskesmas {where}" if len(place.agency_code) == 4 else f"Rumah Sakit {where}"
    if len(place.agency_code) == 4:
        return f"Kecamatan {where}"
    return f"Kantor {place.agency_name} {where}"[:200]


def _spoil(values: dict[str, str], bad: str, previous_nip: str) -> None:
    if bad == "nip_length":
        values["nip"] = values["nip"][:-1]
    elif bad == "nip_month":
        values["nip"] = values["nip"][:12] + "13" + values["nip"][14:]
        values["employee_type"] = "PNS"
    elif bad == "nip_scientific":
        values["nip"] = f"{int(values['nip']):.2E}"
    elif bad == "nik_day":
        nik = values["nik"] or "3201010101900001"
        values["nik"] = nik[:6] + "35" + nik[8:]
    elif bad == "name_empty":
        values["name"] = ""
    elif bad == "birth_future":
        values["birth_date"] = "2099-01-01"
    elif bad == "employee_type_unknown":
        values["employee_type"] = "Magang"
    elif bad == "region_unknown":
        values["region_code"] = "99.99"
    elif bad == "duplicate_nip":
        values["nip"] = previous_nip


def write_file(
    *, path: Path, people: int, seed: int, today: dt.date | None = None, progress=None
) -> dict:
    """Write the CSV (UTF-8, comma, header of import column names); returns counts."""
    bad = 0
    step = max(1, min(100_000, people // 100 or 1))
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FILE_COLUMNS)
        for i, row in enumerate(generate_rows(people=people, seed=seed, today=today), start=1):
            writer.writerow([row.values[c] for c in FILE_COLUMNS])
            bad += row.bad is not None
            if progress and i % step == 0:
                progress(step)
    return {"people": people, "bad_rows": bad, "seed": seed, "path": str(path)}


assert math.gcd(_MULTIPLIER, SLOTS) == 1
