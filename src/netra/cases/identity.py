"""Who is the person a report names? Ranked registry candidates, each with why it matched.

Reporters rarely know a NIP (DOMAIN.md §2.1: SBT turns them away without one). They write what
they saw: "Pak Djoko, guru SDN 3 Cibinong". Candidates are narrowed with indexed queries only
(exact NIP/NIK; name key, spelling-variant key prefix and trigram search through
`registry.selectors.person_search`, nationally and within the reported region), then scored in
Python with rapidfuzz. The officer confirms one or records "not in registry".

Identity resolution searches the whole registry (the person may work anywhere), so it is open
only to the roles of `cases.capabilities.RESOLVE_IDENTITY`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from netra.accounts.scopes import user_scope
from netra.cases import capabilities
from netra.regions.codes import InvalidRegionCode, code_covers, normalize_region_code
from netra.registry.choices import FunctionalGroup
from netra.registry.identifiers import clean_digits
from netra.registry.models import Person
from netra.registry.names import fold, name_key, name_variants_key, split_name
from netra.registry.selectors import person_get_by_nik, person_get_by_nip, person_search

# How many people each name query may bring in before scoring (bounded, indexed).
NAME_POOL = 60

# Forms of address reporters put before a name; not titles, so `split_name` keeps them.
_ADDRESS_WORDS = frozenset(
    [
        "pak",
        "bapak",
        "bpk",
        "bu",
        "ibu",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "mas",
        "mbak",
        "bang",
        "kak",
        "om",
        "tante",
    ]
)
# Workplace abbreviations written in reports, expanded before comparing with unit names.
_ABBREVIATIONS = {
    "sdn": "sd negeri",
    "smpn": "smp negeri",
    "sman": "sma negeri",
    "smkn": "smk negeri",
    "min": "mi negeri",
    "mtsn": "mts negeri",
    "man": "ma negeri",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "kab": "kabupaten",
    "kemenag": "kementerian agama",
    "disdik": "dinas pendidikan",
    "dinkes": "dinas kesehatan",
    "rsud": "rumah sakit umum daerah",
    "setda": "sekretariat daerah",
    "bkpsdm": "badan kepegawaian dan pengembangan sumber daya manusia",
}
# Words that hint at a functional group (DESIGN.md §11: guru, tenaga kesehatan).
_GROUP_HINTS = {
    FunctionalGroup.TEACHER: frozenset(
        ["guru", "pengajar", "kepsek", "sd", "smp", "sma", "smk", "mi", "mts", "ma"]
    ),
    FunctionalGroup.HEALTH: frozenset(
        ["bidan", "perawat", "dokter", "nakes", "puskesmas", "apoteker", "sanitarian", "rsud"]
    ),
}

REASON_LABELS = {
    "nip_exact": _("NIP/NI PPPK sama persis"),
    "nik_exact": _("NIK sama persis"),
    "name_exact": _("Nama sama (tanpa gelar)"),
    "name_variant": _("Nama sama dengan ejaan lain"),
    "name_similar": _("Nama mirip"),
    "same_unit": _("Unit kerja cocok dengan tempat kerja yang disebut"),
    "same_agency": _("Instansi cocok dengan tempat kerja yang disebut"),
    "same_region": _("Wilayah sama"),
    "related_region": _("Wilayah induk atau bagian dari wilayah yang disebut"),
    "position": _("Jabatan cocok"),
    "functional_group": _("Kelompok jabatan cocok (guru/tenaga kesehatan)"),
}
_POINTS = {
    "nip_exact": 100,
    "nik_exact": 90,
    "name_exact": 40,
    "name_variant": 34,
    "name_similar": 28,  # scaled by similarity
    "same_unit": 25,  # scaled by similarity
    "same_agency": 18,  # scaled by similarity
    "same_region": 10,
    "related_region": 6,
    "position": 8,
    "functional_group": 5,
}
NAME_SIMILAR_MIN = 80
WORKPLACE_MIN = 70
POSITION_MIN = 70


@dataclass(frozen=True)
class ReportedPerson:
    """What the reporter wrote about the person (all optional; a name or a number is needed)."""

    name: str = ""
    workplace: str = ""
    position: str = ""
    region_code: str | None = None
    nip: str = ""
    nik: str = ""


@dataclass(frozen=True)
class Reason:
    code: str
    points: float
    detail: str = ""

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self.code])

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "points": self.points,
            "detail": self.detail,
        }


@dataclass
class Candidate:
    person: Person
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(min(100.0, sum(r.points for r in self.reasons)), 1)

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]


def _plain_key(written: str) -> str:
    words = name_key(split_name(written).plain).split()
    while len(words) > 1 and words[0] in _ADDRESS_WORDS:
        words.pop(0)
    return " ".join(words)


def _expand(text: str) -> str:
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())


def _check_resolver(user) -> None:
    scope = user_scope(user)
    if not (scope.is_superuser or scope.roles & capabilities.RESOLVE_IDENTITY):
        raise PermissionDenied("identity resolution is for Bawaslu and task-force officers")


def _pool(reported: ReportedPerson, key: str, within: QuerySet[Person] | None) -> dict[int, Person]:
    people: dict[int, Person] = {}
    base = (Person.objects if within is None else within).select_related("agency", "unit", "region")

    def add(found) -> None:
        for person in found:
            if person is not None:
                people.setdefault(person.pk, person)

    def add_by_number(found) -> None:
        # The number lookups search the whole registry; keep only people inside `within`.
        found = [person for person in found if person is not None]
        if within is not None and found:
            found = list(base.filter(pk__in=[person.pk for person in found]))
        add(found)

    nip = clean_digits(reported.nip)
    if len(nip) == 18:
        add_by_number([person_get_by_nip(nip)])
    add_by_number(person_get_by_nik(reported.nik or ""))
    if key:
        region = _region(reported.region_code)
        if region:
            # Inside the reported province first, so a common name there is not crowded out.
            province = region.split(".")[0]
            local = base.filter(region__code__startswith=province)
            add(person_search(key, queryset=local, limit=NAME_POOL))
        add(person_search(key, queryset=base, limit=NAME_POOL))
    return people


def _region(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_region_code(code)
    except InvalidRegionCode:
        return None


def _score(person: Person, reported: ReportedPerson, key: str) -> Candidate:
    candidate = Candidate(person)
    reasons = candidate.reasons

    def add(code: str, scale: float = 1.0, detail: str = "") -> None:
        reasons.append(Reason(code, round(_POINTS[code] * scale, 1), detail))

    nip = clean_digits(reported.nip)
    if nip and person.nip == nip:
        add("nip_exact")
    nik = clean_digits(reported.nik)
    if nik and person.nik == nik:
        add("nik_exact")

    if key:
        if person.name_key == key:
            add("name_exact", detail=person.name_plain)
        elif person.name_variants_key == name_variants_key(key):
            add("name_variant", detail=person.name_plain)
        else:
            ratio = fuzz.token_set_ratio(name_variants_key(key), person.name_variants_key)
            if ratio >= NAME_SIMILAR_MIN:
                add("name_similar", ratio / 100, f"{person.name_plain} ({ratio:.0f}%)")

    workplace = _expand(reported.workplace)
    if workplace:
        unit_ratio = _similarity(workplace, person.unit.name) if person.unit else 0
        agency_ratio = _similarity(workplace, person.agency.name) if person.agency else 0
        if unit_ratio >= WORKPLACE_MIN:
            add("same_unit", unit_ratio / 100, f"{person.unit.name} ({unit_ratio:.0f}%)")
        if agency_ratio >= WORKPLACE_MIN:
            add("same_agency", agency_ratio / 100, f"{person.agency.name} ({agency_ratio:.0f}%)")

    region = _region(reported.region_code)
    person_region = person.region.code if person.region_id else None
    if region and person_region:
        if region == person_region:
            add("same_region", detail=person_region)
        elif code_covers(region, person_region) or code_covers(person_region, region):
            add("related_region", detail=person_region)

    position = fold(reported.position)
    if position and person.position:
        ratio = fuzz.token_set_ratio(position, fold(person.position))
        if ratio >= POSITION_MIN:
            add("position", ratio / 100, person.position)

    hint_words = set(fold(f"{reported.position} {reported.workplace}").split())
    for group, words in _GROUP_HINTS.items():
        if person.functional_group == group and hint_words & words:
            add("functional_group", detail=str(group.label))
    return candidate


def _similarity(written: str, name: str) -> float:
    target = _expand(name)
    # token_set_ratio forgives extra words ("SDN 3 Cibinong Bogor"); partial for abbreviations.
    return max(fuzz.token_set_ratio(written, target), fuzz.partial_ratio(written, target) * 0.9)


def identity_candidates(
    *, user, reported: ReportedPerson, limit: int = 10, min_score: float = 20.0
) -> list[Candidate]:
    """Registry people who may be the person in `reported`, best first, with reasons.

    Raises PermissionDenied unless `user` is a Bawaslu or task-force officer (or admin).
    Returns [] when the report gives neither a usable name nor a NIP/NIK.
    """
    _check_resolver(user)
    return identity_rank(reported, limit=limit, min_score=min_score)


def identity_rank(
    reported: ReportedPerson,
    *,
    within: QuerySet[Person] | None = None,
    limit: int = 10,
    min_score: float = 20.0,
) -> list[Candidate]:
    """The ranking behind `identity_candidates`, limited to the people in `within`.

    No role check: the caller decides who may search and passes a scoped queryset (an
    attendance import searches only the organising agency's staff, for example).
    """
    key = _plain_key(reported.name)
    pool = _pool(reported, key, within)
    scored = [_score(person, reported, key) for person in pool.values()]
    ranked = sorted(
        (c for c in scored if c.score >= min_score),
        key=lambda c: (-c.score, c.person.name_key, c.person.pk),
    )
    return ranked[:limit]
