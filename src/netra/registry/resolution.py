"""Who is the person a report names? Ranked registry candidates, each with why it matched.

Reporters rarely know a NIP (DOMAIN.md §2.1). They write what they saw: "Pak Djoko, guru SDN 3
Cibinong". The resolver works in two steps:

1. **Candidates**, from indexed paths in union, so that a plausible person is never missed:
   exact NIP / NIK; the name index of `registry.name_index` (every pair of name tokens, in any
   order, each token also as its near neighbours in the token vocabulary, so one typo per word is
   forgiven; rarer single tokens too), weighted so that whole pairs count most; with initials or
   a region hint, extra pools of the best matches that agree with them. A query with a single
   usable word looks in the reported region first, then everywhere. On PostgreSQL the pools and
   the columns ranking needs come from one statement (`_pg_name_rows`).
2. **Ranking** in Python with rapidfuzz: how well the name matches (token by token, order-free,
   initials, joined compounds), plus the hints (workplace unit and agency, region, position,
   functional group). Hints add points; they never remove anyone.

Both sides of the name comparison use `registry.normalization`, the one definition of the rules.

The resolver has no role check: the caller decides who may search (cases allow only
`cases.capabilities.RESOLVE_IDENTITY`) and may pass a scoped queryset in `within`.
"""

import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from netra.regions.codes import InvalidRegionCode, code_covers, normalize_region_code
from netra.registry.choices import FunctionalGroup
from netra.registry.identifiers import clean_digits
from netra.registry.models import NameToken, Person, PersonNameKey
from netra.registry.names import fold, name_key
from netra.registry.normalization import (
    BATAK_CLANS,
    NormalName,
    normalize_name,
    pair_key,
)

# How many people the name paths may bring in before ranking (bounded, indexed).
NAME_POOL = 80
# Near neighbours of each query token taken from the vocabulary (the token itself included).
NEIGHBOURS = 6
# A query word no one in the registry carries: its closest vocabulary words down to this
# similarity, at most UNKNOWN_NEIGHBOURS of them.
UNKNOWN_TOKEN_MIN = 0.5
UNKNOWN_NEIGHBOURS = 3
# How much each kind of index key weighs when people are pooled by the keys they carry: both
# words of a pair as written weigh most, a word alone and a neighbour's spelling least. Namesakes
# who share only some words then rank below the person who has them all, instead of in an
# arbitrary order (which, with thousands of namesakes, dropped people from the pool).
KEY_WEIGHTS = {"pair": 4, "near_pair": 3, "single": 2, "near_single": 1}
# The initials and region pools look at most this many of the best name matches: checking a
# name word or a region costs one index probe per person, and common names have tens of
# thousands of namesakes at national scale (bounded latency, at the price of missing a person
# whose namesakes are more numerous than this and tie with them).
HINT_DEPTH = 3000
# A single token shared by more people than this is not used alone to find candidates.
COMMON_TOKEN = 5_000
# Workplace abbreviations written in reports, expanded before comparing with unit names.
ABBREVIATIONS = {
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
GROUP_HINTS = {
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
    "name_reordered": _("Nama sama dengan urutan kata lain"),
    "name_similar": _("Nama mirip"),
    "same_unit": _("Unit kerja cocok dengan tempat kerja yang disebut"),
    "same_agency": _("Instansi cocok dengan tempat kerja yang disebut"),
    "same_region": _("Wilayah sama"),
    "related_region": _("Wilayah induk atau bagian dari wilayah yang disebut"),
    "position": _("Jabatan cocok"),
    "functional_group": _("Kelompok jabatan cocok (guru/tenaga kesehatan)"),
}
POINTS = {
    "nip_exact": 100,
    "nik_exact": 90,
    "name_exact": 40,
    "name_variant": 36,
    "name_reordered": 34,
    "name_similar": 32,  # scaled by the name score
    "same_unit": 25,  # scaled by similarity
    "same_agency": 18,  # scaled by similarity
    "same_region": 10,
    "related_region": 6,
    "position": 8,
    "functional_group": 5,
}
# A name scoring below this is no match at all (the person may still come by NIP/NIK).
NAME_MIN = 0.55
TOKEN_MIN = 0.7
WORKPLACE_MIN = 70
POSITION_MIN = 70
# "Confidently this person": the best score reaches this (a name the same up to spelling, or a
# similar name with a hint that agrees) and leads the next one by the margin.
CONFIDENT_SCORE = 34.0
CONFIDENT_MARGIN = 8.0


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

    def as_dict(self) -> dict:
        return {
            "nip": self.person.nip,
            "name": self.person.name,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass
class Resolution:
    """The ranked candidates and whether the best one is a confident answer.

    `confident` is False when nobody matched, or when the best is weak or hardly ahead of the
    next: the officer must then look, or record "not in registry"."""

    candidates: list[Candidate]
    confident: bool

    def as_dict(self) -> dict:
        return {
            "confident": self.confident,
            "candidates": [c.as_dict() for c in self.candidates],
        }


# --- candidate generation ------------------------------------------------------------------


_vocabulary_cache: dict[str, object] = {"size": None, "tokens": [], "people": {}}


def _neighbours(tokens: list[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Each token with its near neighbours in the vocabulary (one indexed query), and how many
    people carry each token found (0 for a token nobody has)."""
    found: dict[str, list[str]] = {t: [t] for t in tokens}
    people: dict[str, int] = {}
    if connection.vendor == "postgresql":
        # The table name is a constant; the tokens are a bound parameter.
        # Trigrams miss swapped and doubled letters in short words ("fuasi" / "fausi" share
        # two trigrams of ten): those edits are also looked up exactly, in the same statement.
        variants = [(t, v) for t in tokens for v in _edits(t)]
        sql = (
            "SELECT q.t, v.token, v.people FROM unnest(%s::text[]) AS q(t) CROSS JOIN LATERAL ("
            "SELECT token, people FROM registry_nametoken "
            "WHERE token %% q.t ORDER BY similarity(token, q.t) DESC LIMIT %s) v "
            "UNION SELECT e.t, v.token, v.people FROM unnest(%s::text[], %s::text[]) AS e(t, edit) "
            "JOIN registry_nametoken v ON v.token = e.edit"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [tokens, NEIGHBOURS * 2, [t for t, _v in variants], [v for _t, v in variants]],
            )
            rows = cursor.fetchall()
    else:
        vocabulary, counts = _sqlite_vocabulary()
        rows = []
        for token in tokens:
            for match, _score, _i in process.extract(
                token, vocabulary, scorer=Levenshtein.normalized_similarity, limit=NEIGHBOURS * 2
            ):
                rows.append((token, match, counts[match]))
    known = {token for token, near, _count in rows if near == token}
    unknown: dict[str, list[tuple[float, str]]] = {}
    for token, near, count in rows:
        people[near] = count
        if near == token:
            continue
        similarity = _token_similarity(token, near)
        if similarity >= TOKEN_MIN and len(found[token]) < NEIGHBOURS:
            found[token].append(near)
        elif token not in known and similarity >= UNKNOWN_TOKEN_MIN:
            unknown.setdefault(token, []).append((similarity, near))
    # A word nobody in the registry has is a typo (or a spelling no one uses): its closest
    # words count even below TOKEN_MIN ("widdoo" -> "widodo", two edits in six letters).
    for token, nearest in unknown.items():
        for _similarity, near in sorted(nearest, reverse=True)[:UNKNOWN_NEIGHBOURS]:
            if near not in found[token]:
                found[token].append(near)
    return found, people


def _edits(token: str) -> list[str]:
    """The token with one letter dropped or two neighbouring letters swapped (words of four
    letters or more): the typos trigram similarity misses."""
    if len(token) < 4:
        return []
    drops = {token[:i] + token[i + 1 :] for i in range(len(token))}
    swaps = {token[:i] + token[i + 1] + token[i] + token[i + 2 :] for i in range(len(token) - 1)}
    return sorted((drops | swaps) - {token})


def _sqlite_vocabulary() -> tuple[list[str], dict[str, int]]:
    # Without pg_trgm the vocabulary is compared in memory, reloaded when it has changed.
    table = NameToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), SUM(people) FROM {table}")  # noqa: S608
        size = tuple(cursor.fetchone())
        if _vocabulary_cache["size"] != size:
            cursor.execute(f"SELECT token, people FROM {table}")  # noqa: S608
            counts = dict(cursor.fetchall())
            _vocabulary_cache.update(size=size, tokens=list(counts), people=counts)
    return _vocabulary_cache["tokens"], _vocabulary_cache["people"]  # type: ignore[return-value]


def _name_keys(query: NormalName) -> tuple[dict[str, int], list[str]]:
    """The index keys to look up for the query with their weights (`KEY_WEIGHTS`), and every
    single-token key (the fallback)."""
    tokens = list(dict.fromkeys(query.tokens))
    if not tokens:
        return {}, []
    near, people = _neighbours(tokens)
    # Every pair of query words in any spelling near it, and each word alone where it is rare
    # enough to narrow anything (a common word alone would flood the pool).
    keys: dict[str, int] = {}
    for i, a in enumerate(tokens):
        for b in tokens[i + 1 :]:
            for x in near[a]:
                for y in near[b]:
                    if x != y:
                        kind = "pair" if (x, y) == (a, b) else "near_pair"
                        key = pair_key(x, y)
                        keys[key] = max(keys.get(key, 0), KEY_WEIGHTS[kind])
    singles = [f"t:{x}" for t in tokens for x in near[t]]
    for t in tokens:
        for x in near[t]:
            if people.get(x, 0) <= COMMON_TOKEN:
                weight = KEY_WEIGHTS["single" if x == t else "near_single"]
                keys[f"t:{x}"] = max(keys.get(f"t:{x}", 0), weight)
    return keys, singles


def _best_ids(
    keys: list[str] | dict[str, int],
    within: QuerySet[Person] | None,
    province: str | None = None,
    initials: tuple[str, ...] = (),
    spelled: list[str] = (),
    limit: int = NAME_POOL,
):
    """A subquery: the people matching most of `keys` (at most NAME_POOL), optionally only
    those in `province` or with a name word starting with each of `initials` (so that the one
    "Tri M. Purnomo" is not crowded out by a hundred "Tri Purnomo")."""
    weights = keys if isinstance(keys, dict) else dict.fromkeys(keys, 1)
    rows = PersonNameKey.objects.filter(key__in=list(weights))
    if within is not None:
        rows = rows.filter(person__in=within)
    by_weight: dict[int, list[str]] = {}
    for key, weight in weights.items():
        by_weight.setdefault(weight, []).append(key)
    hits = Sum(
        Case(
            *(When(key__in=ks, then=Value(w)) for w, ks in sorted(by_weight.items())),
            default=Value(1),
        )
    )
    if province:
        rows = rows.filter(person__region__code__startswith=province)
    for letter in initials:
        word = PersonNameKey.objects.filter(
            person_id=OuterRef("person_id"), key__startswith=f"t:{letter}"
        ).exclude(key__in=spelled)
        rows = rows.filter(Exists(word))
    return (
        rows.values("person_id")
        .annotate(hits=hits)
        .order_by("-hits", "person_id")
        .values_list("person_id", flat=True)[:limit]
    )


def _pool_ids(pools: list) -> list[int]:
    """The ids of all pools: one UNION ALL query where the engine allows a LIMIT in each part
    (PostgreSQL), else one query per pool. Never `IN (...) OR IN (...)`: that defeats indexes."""
    if len(pools) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return list(dict.fromkeys(pools[0].union(*pools[1:], all=True)))
    return list(dict.fromkeys(pk for pool in pools for pk in pool))


_PG_COLUMNS = (
    "p.id, p.nip, p.nik, p.name_plain, p.name_key, p.position, p.functional_group, "
    "u.name, a.name, r.code"
)


def _pg_name_rows(
    keys: dict[str, int],
    within: QuerySet[Person] | None,
    *,
    initials: tuple[str, ...] = (),
    spelled: list[str] = (),
    region: str | None = None,
    limit: int = NAME_POOL,
) -> list["_Row"]:
    """PostgreSQL: the name pool and the columns ranking needs, in one statement.

    The people carrying most of `keys` (`limit`, best first); with initials also the best among
    those with a name word starting with each initial; with a region hint also the best among
    those in the hint's regency. Namesakes are often thousands at national scale: these extra
    pools keep the person the initials or the region point at from being crowded out, while
    the hint still only ranks (everyone else stays in the first pool)."""
    params: list = [list(keys), list(keys.values())]
    scope = ""
    if within is not None:
        inner, inner_params = within.values("pk").query.sql_with_params()
        scope = f" AND n.person_id IN ({inner})"
        params += list(inner_params)
    params.append(HINT_DEPTH)
    parts = ["(SELECT person_id, hits FROM m ORDER BY hits DESC, person_id LIMIT %s)"]
    params.append(limit)
    if initials:
        # A name word starting with each initial, other than the words the query spells out
        # ("Dwi S. Setiawan": an S-word besides Setiawan).
        words = " AND ".join(
            "EXISTS (SELECT 1 FROM registry_personnamekey w WHERE w.person_id = m.person_id "
            "AND w.key LIKE %s AND NOT w.key = ANY(%s::text[]))"
            for _letter in initials
        )
        parts.append(
            f"(SELECT person_id, hits FROM deep m WHERE {words} "  # noqa: S608 (constant SQL)
            "ORDER BY hits DESC, person_id LIMIT %s)"
        )
        for letter in initials:
            params += [f"t:{letter}%", list(spelled)]
        params.append(limit)
    if region:
        parts.append(
            "(SELECT m.person_id, m.hits FROM deep m JOIN registry_person x ON x.id = m.person_id "
            "WHERE x.region_id IN (SELECT id FROM regions_region WHERE code LIKE %s) "
            "ORDER BY m.hits DESC, m.person_id LIMIT %s)"
        )
        params += [f"{region[:5]}%", limit]
    sql = (
        "WITH m AS MATERIALIZED (SELECT n.person_id, sum(k.weight) AS hits "  # noqa: S608
        "FROM unnest(%s::text[], %s::int[]) AS k(key, weight) "
        f"JOIN registry_personnamekey n ON n.key = k.key{scope} "
        "GROUP BY n.person_id), "
        "deep AS MATERIALIZED (SELECT * FROM m ORDER BY hits DESC, person_id LIMIT %s), "
        f"pool AS ({' UNION '.join(parts)}) "
        f"SELECT {_PG_COLUMNS} FROM pool t JOIN registry_person p ON p.id = t.person_id "
        "LEFT JOIN registry_workunit u ON u.id = p.unit_id "
        "LEFT JOIN registry_agency a ON a.id = p.agency_id "
        "LEFT JOIN regions_region r ON r.id = p.region_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_Row(*values) for values in cursor.fetchall()]


@dataclass(frozen=True)
class _Row:
    """The columns ranking needs, read without building model objects."""

    pk: int
    nip: str | None
    nik: str | None
    name_plain: str
    name_key: str
    position: str
    functional_group: str
    unit_name: str | None
    agency_name: str | None
    region_code: str | None


_FIELDS = (
    "pk",
    "nip",
    "nik",
    "name_plain",
    "name_key",
    "position",
    "functional_group",
    "unit__name",
    "agency__name",
    "region__code",
)


# --- ranking --------------------------------------------------------------------------------


def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def name_score(query: NormalName, person: NormalName) -> tuple[float, list[tuple[str, str]]]:
    """How well `person`'s name matches the query (0..1), and the matched (query, person)
    words. Order-free; initials match a word's first letter; a query may leave words out."""
    free = list(range(len(person.tokens)))
    matched: list[tuple[str, str]] = []
    total = 0.0
    for qi, token in enumerate(query.tokens):
        best, best_j = 0.0, None
        for j in free:
            sim = _token_similarity(token, person.tokens[j])
            if sim > best:
                best, best_j = sim, j
        if best_j is not None and best >= TOKEN_MIN:
            free.remove(best_j)
            total += best
            matched.append((query.written[qi], person.written[best_j]))
    for letter in query.initials:
        j = next((j for j in free if person.tokens[j].startswith(letter)), None)
        if j is None:
            j = next((j for j in free if person.written[j].startswith(letter)), None)
        if j is not None:
            free.remove(j)
            total += 0.85
            matched.append((letter, person.written[j]))
    asked = len(query.tokens) + len(query.initials)
    if not asked or not person.tokens:
        return 0.0, []
    covered = total / asked
    used = (len(person.tokens) - len(free)) / len(person.tokens)
    score = 0.75 * covered + 0.25 * used
    # Compounds written apart or together ("Nur Aini" / "Nuraini"): compare the joined letters.
    if query.tokens:
        joined = fuzz.ratio("".join(sorted(query.tokens)), "".join(sorted(person.tokens))) / 100
        joined = max(joined, fuzz.ratio("".join(query.tokens), "".join(person.tokens)) / 100)
        score = max(score, 0.95 * joined if joined >= 0.85 else 0.0)
    # Weak words (Balinese birth order, caste): agreeing helps a little, contradicting hurts.
    if query.weak and person.weak:
        shared = set(query.weak) & set(person.weak)
        score += 0.03 * len(shared) - 0.05 * len(set(query.weak) - set(person.weak))
    # A Batak clan name alone is shared by a whole clan.
    if len(query.tokens) == 1 and query.tokens[0] in BATAK_CLANS and not query.initials:
        score *= 0.8
    return max(0.0, min(score, 1.0)), matched


def _expand(text: str) -> str:
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(text).split())


def _region(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_region_code(code)
    except InvalidRegionCode:
        return None


def _similarity(written: str, name: str) -> float:
    target = _expand(name)
    # token_set_ratio forgives extra words ("SDN 3 Cibinong Bogor"); partial for abbreviations.
    return max(fuzz.token_set_ratio(written, target), fuzz.partial_ratio(written, target) * 0.9)


@dataclass(frozen=True)
class _Asked:
    """What ranking compares each person with, computed once per query."""

    reported: ReportedPerson
    name: NormalName
    key: str
    nip: str
    nik: str
    workplace: str
    region: str | None
    position: str
    hint_words: frozenset[str]

    @classmethod
    def of(cls, reported: ReportedPerson, name: NormalName) -> "_Asked":
        return cls(
            reported=reported,
            name=name,
            key=name_key(reported_plain(reported.name)),
            nip=clean_digits(reported.nip),
            nik=clean_digits(reported.nik),
            workplace=_expand(reported.workplace),
            region=_region(reported.region_code),
            position=fold(reported.position),
            hint_words=frozenset(fold(f"{reported.position} {reported.workplace}").split()),
        )


def _score(person: _Row, asked: _Asked) -> list[Reason]:
    reasons: list[Reason] = []
    query = asked.name

    def add(code: str, scale: float = 1.0, detail: str = "") -> None:
        reasons.append(Reason(code, round(POINTS[code] * scale, 1), detail))

    if asked.nip and person.nip == asked.nip:
        add("nip_exact")
    if asked.nik and person.nik == asked.nik:
        add("nik_exact")

    if not query.is_empty:
        theirs = normalize_name(person.name_plain)
        if asked.key == person.name_key:
            add("name_exact", detail=person.name_plain)
        elif query.tokens == theirs.tokens and not query.initials:
            add("name_variant", detail=person.name_plain)
        elif sorted(query.tokens) == sorted(theirs.tokens) and not query.initials:
            add("name_reordered", detail=person.name_plain)
        else:
            score, matched = name_score(query, theirs)
            if score >= NAME_MIN:
                words = ", ".join(q if q == p else f"{q} ≈ {p}" for q, p in matched)
                add("name_similar", score, f"{words} ({score * 100:.0f}%)")
    if not reasons:
        return reasons  # hints alone never make a candidate: skip comparing them

    workplace = asked.workplace
    if workplace:
        unit_ratio = _similarity(workplace, person.unit_name) if person.unit_name else 0
        agency_ratio = _similarity(workplace, person.agency_name) if person.agency_name else 0
        if unit_ratio >= WORKPLACE_MIN:
            add("same_unit", unit_ratio / 100, f"{person.unit_name} ({unit_ratio:.0f}%)")
        if agency_ratio >= WORKPLACE_MIN:
            add("same_agency", agency_ratio / 100, f"{person.agency_name} ({agency_ratio:.0f}%)")

    region = asked.region
    if region and person.region_code:
        if region == person.region_code:
            add("same_region", detail=person.region_code)
        elif code_covers(region, person.region_code) or code_covers(person.region_code, region):
            add("related_region", detail=person.region_code)

    if asked.position and person.position:
        ratio = fuzz.token_set_ratio(asked.position, fold(person.position))
        if ratio >= POSITION_MIN:
            add("position", ratio / 100, person.position)

    for group, words in GROUP_HINTS.items():
        if person.functional_group == group and asked.hint_words & words:
            add("functional_group", detail=str(FunctionalGroup(group).label))
    return reasons


def reported_plain(written: str) -> str:
    """The reported name without titles and forms of address ("Pak Ahmad Fauzi, S.Pd")."""
    from netra.registry.names import split_name
    from netra.registry.normalization import strip_address

    return " ".join(strip_address(split_name(written).plain.split()))


def _is_match(reasons: list[Reason]) -> bool:
    return any(r.code.startswith(("name_", "nip_", "nik_")) for r in reasons)


# --- the resolver ---------------------------------------------------------------------------


def resolve(
    reported: ReportedPerson,
    *,
    within: QuerySet[Person] | None = None,
    limit: int = 5,
    min_score: float = 20.0,
) -> Resolution:
    """Registry people who may be `reported`, best first, each with its score and reasons.

    No role check (see the module docstring); `within` limits the search to a scoped queryset.
    Returns an empty, not confident resolution when the report gives neither a usable name nor
    a NIP/NIK. A candidate needs a matching name or number: hints alone never make one.
    """
    query = normalize_name(reported.name)
    region = _region(reported.region_code)
    base = Person.objects.all() if within is None else within
    keys, singles = _name_keys(query)
    match = Q()
    scored: list = []
    asked = _Asked.of(reported, query)
    if keys and connection.vendor == "postgresql":
        rows = _pg_name_rows(
            keys,
            within,
            initials=tuple(dict.fromkeys(query.initials)),
            spelled=singles,
            region=region,
        )
        scored = [(row, _score(row, asked)) for row in rows]
    elif keys:
        # The best by name, and the best among those with the initials given: namesakes never
        # crowd out the person the initials point at.
        # With a region, also the best in the hint's regency: a deeper pool alone left the
        # person out where namesakes number thousands.
        pools = [_best_ids(keys, within)]
        if query.initials:
            letters = tuple(dict.fromkeys(query.initials))
            pools.append(_best_ids(keys, within, initials=letters, spelled=singles))
        if region:
            pools.append(_best_ids(keys, within, region[:5]))
        ids = _pool_ids(pools)
        if ids:
            match = Q(pk__in=ids)
    nip = clean_digits(reported.nip)
    if len(nip) == 18:
        match |= Q(nip=nip)
    nik = clean_digits(reported.nik)
    if len(nik) == 16:
        match |= Q(nik=nik)
    if not match and not singles and not scored:
        return Resolution([], False)
    if match:
        found = {row.pk for row, _reasons in scored}
        scored += [item for item in _rank(base.filter(match), asked) if item[0].pk not in found]
    if singles and not any(r.code.startswith("name_") for _row, rs in scored for r in rs):
        # No name matched through pairs or rare words: the words are all common. Look for them
        # alone, in the reported province first, then anywhere.
        province = region.split(".")[0] if region else None
        found = {row.pk for row, _reasons in scored}
        more = base.filter(pk__in=list(_best_ids(singles, within, province))) if province else None
        if more is not None:
            scored += [item for item in _rank(more, asked) if item[0].pk not in found]
        if len(scored) < limit:
            found = {row.pk for row, _reasons in scored}
            rows = PersonNameKey.objects.filter(key__in=singles)
            if within is not None:
                rows = rows.filter(person__in=within)
            anywhere = base.filter(
                pk__in=list(rows.values_list("person_id", flat=True)[:NAME_POOL])
            )
            scored += [item for item in _rank(anywhere, asked) if item[0].pk not in found]
    best = sorted(
        ((row, reasons) for row, reasons in scored if _is_match(reasons)),
        key=lambda item: (-_total(item[1]), item[0].name_key, item[0].pk),
    )
    best = [item for item in best if _total(item[1]) >= min_score][:limit]
    people = _people([row.pk for row, _reasons in best])
    ranked = [Candidate(people[row.pk], reasons) for row, reasons in best if row.pk in people]
    confident = bool(ranked) and ranked[0].score >= CONFIDENT_SCORE
    if confident and len(ranked) > 1:
        confident = ranked[0].score - ranked[1].score >= CONFIDENT_MARGIN
    return Resolution(ranked, confident)


_PEOPLE_SQL: dict[str, tuple] = {}


def _converters(model) -> list[tuple]:
    """(position, column, converters) of the model's fields whose database values need
    converting, as the SQL compiler would apply them."""
    out = []
    for index, model_field in enumerate(model._meta.concrete_fields):
        column = model_field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column)
        functions += model_field.get_db_converters(connection)
        if functions:
            out.append((index, column, functions))
    return out


def _people(ids: list[int]) -> dict[int, Person]:
    """The chosen candidates as model objects with their agency, unit and region, from one
    plain statement: compiling the equivalent `select_related(...).in_bulk()` cost more than
    running it (about 1 ms of Python per call on an idle machine, ten times that when loaded)."""
    if not ids:
        return {}
    from netra.regions.models import Region
    from netra.registry.models import Agency, WorkUnit

    if connection.vendor not in _PEOPLE_SQL:
        quote = connection.ops.quote_name
        parts = [(Person, "p", None), (Agency, "a", "agency"), (WorkUnit, "u", "unit")]
        parts.append((Region, "r", "region"))
        fields = [
            (m, alias, rel, [f.attname for f in m._meta.concrete_fields], _converters(m))
            for m, alias, rel in parts
        ]
        columns = ", ".join(
            f"{alias}.{quote(f.column)}"
            for model, alias, _rel, _names, _conv in fields
            for f in model._meta.concrete_fields
        )
        sql = (
            f"SELECT {columns} FROM {Person._meta.db_table} p "  # noqa: S608 (model metadata)
            f"LEFT JOIN {Agency._meta.db_table} a ON a.id = p.agency_id "
            f"LEFT JOIN {WorkUnit._meta.db_table} u ON u.id = p.unit_id "
            f"LEFT JOIN {Region._meta.db_table} r ON r.id = p.region_id WHERE p.id IN "
        )
        _PEOPLE_SQL[connection.vendor] = (sql, fields)
    sql, fields = _PEOPLE_SQL[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql + f"({', '.join(['%s'] * len(ids))})", list(ids))
        rows = cursor.fetchall()
    people: dict[int, Person] = {}
    for values in rows:
        start = 0
        person = None
        for model, _alias, relation, names, converters in fields:
            chunk = list(values[start : start + len(names)])
            start += len(names)
            # What the ORM's compiler does to raw values (UUIDs and booleans on SQLite...).
            for index, column, functions in converters:
                for convert in functions:
                    chunk[index] = convert(chunk[index], column, connection)
            if person is None:
                person = model.from_db(connection.alias, names, chunk)
            elif chunk[0] is not None:  # the primary key: NULL when the join found nothing
                setattr(person, relation, model.from_db(connection.alias, names, chunk))
        people[person.pk] = person
    return people


def _rank(people: QuerySet[Person], asked: _Asked) -> list:
    rows = [_Row(*values) for values in people.values_list(*_FIELDS)[: 3 * NAME_POOL + 10]]
    return [(row, _score(row, asked)) for row in rows]


def _total(reasons: list[Reason]) -> float:
    return round(min(100.0, sum(r.points for r in reasons)), 1)


def identity_rank(
    reported: ReportedPerson,
    *,
    within: QuerySet[Person] | None = None,
    limit: int = 10,
    min_score: float = 20.0,
) -> list[Candidate]:
    """The candidates of `resolve`, as a list (attendance imports, the case page)."""
    return resolve(reported, within=within, limit=limit, min_score=min_score).candidates


def timed_resolve(reported: ReportedPerson, **kwargs) -> tuple[Resolution, float]:
    """`resolve` and its wall time in milliseconds (benchmarks, the CLI's --timing)."""
    start = time.perf_counter()
    result = resolve(reported, **kwargs)
    return result, (time.perf_counter() - start) * 1000
