"""The identity-resolution evaluation set: held-out people and noisy queries about them.

`python -m bench.resolution_eval` (re)writes the two files kept in the repository, from a seed:

- `bench/data/resolution_people.csv`: 2,000 held-out people (NIP, name with titles, agency, unit,
  region). Their names use only the words of the generated registry (`registry.demo_names`),
  so they are no easier to find than anyone else's: most have three common words (unique by
  their combination, if at all), the region-hint people two (many namesakes). They are added
  to the benchmark registry beside the generated background.
- `bench/data/resolution_queries.csv`: noisy queries (`kind`, `query`, `agency`, `region`,
  `nip` of the person meant), the kinds in turn so any prefix of the file is balanced:

  typo (one edit in one word), title_missing, title_extra (titles and forms of address added),
  swapped (word order), spelling (old spelling or a variant), initials (a word as its initial),
  region_hint (the name plus the region and the workplace), muhammad (another written form of
  Muhammad), balinese (birth-order and caste words left out), batak (the boru marker, the clan
  only with the given name).

Nothing here reads the database: the files depend only on the seed.
"""

import argparse
import csv
import random
from pathlib import Path

from netra.registry import demo_names as n

DATA = Path(__file__).resolve().parent / "data"
PEOPLE_FILE = DATA / "resolution_people.csv"
QUERIES_FILE = DATA / "resolution_queries.csv"
SEED = 20261203
KINDS = (
    "typo",
    "title_missing",
    "title_extra",
    "swapped",
    "spelling",
    "initials",
    "region_hint",
    "muhammad",
    "balinese",
    "batak",
)
# Where held-out people work (agency code, agency name, unit, district code). Real codes of
# regions loaded by `netra load-reference`; the agencies are created by the benchmark loader.
PLACES = [
    ("3201", "Pemerintah Kabupaten Bogor", "SD Negeri 3 Cibinong", "32.01.01"),
    ("3201", "Pemerintah Kabupaten Bogor", "Puskesmas Cibinong", "32.01.01"),
    ("3273", "Pemerintah Kota Bandung", "Dinas Pendidikan", "32.73.01"),
    ("3578", "Pemerintah Kota Surabaya", "SMP Negeri 12 Surabaya", "35.78.01"),
    ("5171", "Pemerintah Kota Denpasar", "Dinas Kesehatan", "51.71.01"),
    ("5103", "Pemerintah Kabupaten Badung", "SD Negeri 1 Kuta", "51.03.01"),
    ("1275", "Pemerintah Kota Medan", "Dinas Pertanian", "12.75.01"),
    ("1202", "Pemerintah Kabupaten Tapanuli Utara", "Puskesmas Tarutung", "12.02.01"),
    ("7371", "Pemerintah Kota Makassar", "Sekretariat Daerah", "73.71.01"),
    ("1371", "Pemerintah Kota Padang", "SMA Negeri 1 Padang", "13.71.01"),
    ("3374", "Pemerintah Kota Semarang", "Dinas Sosial", "33.74.01"),
    ("1503", "Pemerintah Kabupaten Sarolangun", "Dinas Pertanian", "15.03.01"),
]
ADDRESS = {"L": ["Pak", "Bapak", "Bpk."], "P": ["Bu", "Ibu"]}


def _pick(rng: random.Random, words, avoid: str) -> str:
    """A word of `words` other than those already in `avoid` (no "Budi Budi")."""
    taken = set(avoid.lower().split())
    return rng.choice([w for w in words if w.lower() not in taken] or list(words))


def _person_name(rng: random.Random, kind: str, female: bool) -> str:
    """A held-out name (without titles) suited to the query kind it will be asked with.

    Only words of the registry's own vocabulary (`registry.demo_names`, the lists the generated
    background draws from), so every word, and nearly every pair of words, of a held-out name
    is shared by hundreds or thousands of generated people: a query must combine its words
    (and hints) to single the person out. Most names have three words (the background mostly
    two), which makes most of them unique by their combination; the region-hint kind keeps two
    words, so its person has many namesakes and only the workplace and region can tell them
    apart. Whether a name is unique is measured by the benchmark, not assumed.
    """
    if kind == "muhammad":
        first = rng.choice([p for p in n.MUHAMMAD_PREFIXES if p != "M."])
        given = rng.choice(n.ARABIC_MALE)
        name = f"{first} {given} {_pick(rng, n.ARABIC_SECOND, given)}"
        # Mostly a fourth word (unique by combination); the rest have many namesakes.
        return name if rng.random() < 0.2 else f"{name} {_pick(rng, n.FAMILY, name)}"
    if kind == "balinese":
        order = rng.choice(n.BALINESE_ORDER)
        # Three given words: birth-order and caste words are weak in the index, so the given
        # words alone must tell the held-out Balinese apart (both lists: more combinations).
        words = n.BALINESE_FEMALE + n.BALINESE_MALE
        given = rng.choice(n.BALINESE_FEMALE if female else n.BALINESE_MALE)
        given = f"{given} {_pick(rng, words, given)}"
        given = f"{given} {_pick(rng, words, given)}"
        if rng.random() < 0.25:
            caste = rng.choice(n.BALINESE_CASTE_FEMALE if female else n.BALINESE_CASTE_MALE)
            return f"{caste} {order} {given}"
        return f"{'Ni' if female else 'I'} {order} {given}"
    if kind == "batak":
        words = n.BATAK_GIVEN_FEMALE if female else n.BATAK_GIVEN_MALE
        given = rng.choice(words)
        given = f"{given} {_pick(rng, words + n.FAMILY, given)}"
        return f"{given} {'br. ' if female else ''}{rng.choice(n.BATAK_CLANS)}"
    pools = [
        (n.JAVANESE_FEMALE, n.JAVANESE_MALE, n.JAVANESE_SECOND),
        (n.SUNDANESE_FEMALE, n.SUNDANESE_MALE, n.SUNDANESE_SECOND),
        (n.ARABIC_FEMALE, n.ARABIC_MALE, n.ARABIC_SECOND),
        (n.MINANG_FEMALE, n.MINANG_MALE, n.MINANG_SECOND),
        (n.FEMALE_GIVEN, n.MALE_GIVEN, n.FAMILY),
    ]
    females, males, seconds = rng.choice(pools)
    given = rng.choice(females if female else males)
    second = _pick(rng, seconds, given)
    if kind == "region_hint":
        return f"{given} {second}"
    third = _pick(rng, seconds + n.FAMILY, f"{given} {second}")
    return f"{given} {second} {third}"


def _titled(rng: random.Random, plain: str, female: bool) -> str:
    name = plain
    if rng.random() < 0.3:
        name = f"{'Hj.' if female else 'H.'} {name}"
    elif rng.random() < 0.1:
        name = f"{rng.choice(['Drs.', 'Dr.', 'Ir.'])} {name}"
    titles = rng.choice([n.TEACHER_TITLES, n.HEALTH_TITLES, n.OFFICE_TITLES])
    if rng.random() < 0.8:
        name = f"{name}, {rng.choice(titles)}"
    return name


def _typo(rng: random.Random, plain: str) -> str:
    words = plain.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5]
    i = rng.choice(candidates or [len(words) - 1])
    w = words[i]
    at = rng.randrange(1, len(w) - 1)
    edit = rng.choice(["swap", "drop", "replace", "insert"])
    letters = "aeiourstnkml"
    if edit == "swap":
        w = w[:at] + w[at + 1] + w[at] + w[at + 2 :]
    elif edit == "drop":
        w = w[:at] + w[at + 1 :]
    elif edit == "replace":
        w = w[:at] + rng.choice([c for c in letters if c != w[at]]) + w[at + 1 :]
    else:
        w = w[:at] + rng.choice(letters) + w[at:]
    words[i] = w
    return " ".join(words)


# Modern spelling -> an old or variant one, tried in order until one applies.
_RESPELL = [
    ("u", "oe"),
    ("j", "dj"),
    ("y", "j"),
    ("c", "tj"),
    ("kh", "ch"),
    ("h", "kh"),
    ("i", "y"),
    ("d", "dh"),
    ("s", "sy"),
    ("t", "tt"),
    ("f", "ph"),
]


def _respell(rng: random.Random, plain: str) -> str:
    words = plain.split()
    order = list(range(len(words)))
    rng.shuffle(order)
    for i in order:
        w = words[i]
        low = w.lower()
        for old, new in _RESPELL:
            if old == "i" and low.endswith("i"):
                words[i] = w[:-1] + "y"
                return " ".join(words)
            if old != "i" and old in low[1:]:
                at = low.index(old, 1)
                words[i] = w[:at] + new + w[at + len(old) :]
                return " ".join(words)
    return plain


def _strip_titles(name: str) -> str:
    from netra.registry.names import split_name

    return split_name(name).plain


def _query(rng: random.Random, kind: str, person: dict) -> dict:
    plain = _strip_titles(person["name"])
    female = person["gender"] == "P"
    words = plain.split()
    agency, region = "", ""
    if kind == "typo":
        query = _typo(rng, plain)
    elif kind == "title_missing":
        query = plain
    elif kind == "title_extra":
        extra = rng.choice(["Dr.", "Drs.", "H.", "Hj." if female else "H."])
        query = f"{rng.choice(ADDRESS[person['gender']])} {extra} {plain}, S.Pd."
    elif kind == "swapped":
        query = " ".join(words[-1:] + words[:-1])
    elif kind == "spelling":
        query = _respell(rng, plain)
    elif kind == "initials":
        i = rng.randrange(len(words) - 1) if len(words) > 2 else 0
        query = " ".join(w[0] + "." if j == i else w for j, w in enumerate(words))
    elif kind == "region_hint":
        query = " ".join(words[-2:]) if len(words) > 2 else plain
        agency, region = person["unit"], person["region_code"]
    elif kind == "muhammad":
        forms = ["Muhammad", "Muhamad", "Mohammad", "Moch.", "Moh.", "Muh.", "M.", "Mochamad"]
        current = words[0].lower().rstrip(".")
        choice = rng.choice([f for f in forms if f.lower().rstrip(".") != current])
        query = " ".join([choice, *words[1:]])
    elif kind == "balinese":
        kept = [w for w in words if w.lower() not in {"i", "ni", "ida", "bagus", "ayu", "anak"}]
        kept = [w for w in kept if w.lower() not in {"agung", "gusti", "cokorda", "istri"}]
        query = " ".join(kept[1:] if rng.random() < 0.5 else kept)
    else:  # batak
        kept = [w for w in words if w.lower() not in {"br.", "br"}]
        query = " ".join([kept[0], kept[-1]]) if rng.random() < 0.5 else " ".join(kept)
        if not female and rng.random() < 0.5:
            query = " ".join([kept[0], kept[-1]])
    return {"kind": kind, "query": query, "agency": agency, "region": region, "nip": person["nip"]}


def held_out_people(count: int = 2000, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    people = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        female = rng.random() < 0.5 and kind != "muhammad"
        plain = _person_name(rng, kind, female)
        agency_code, agency_name, unit, region = rng.choice(PLACES)
        # NIPs in a block the demo generator's slots never reach: born 1960 (before its start).
        birth = f"1960{(i % 12) + 1:02d}{(i % 28) + 1:02d}"
        nip = f"{birth}1990{(i % 12) + 1:02d}{'2' if female else '1'}{i % 1000:03d}"
        people.append(
            {
                "nip": nip,
                "name": _titled(rng, plain, female),
                "gender": "P" if female else "L",
                "agency_code": agency_code,
                "agency_name": agency_name,
                "unit": unit,
                "region_code": region,
                "kind": kind,
            }
        )
    # Unique NIPs by construction of the loop index (sequence and month/day cycles differ).
    assert len({p["nip"] for p in people}) == len(people)
    return people


def noisy_queries(people: list[dict], count: int = 1000, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed + 1)
    by_kind: dict[str, list[dict]] = {}
    for person in people:
        by_kind.setdefault(person["kind"], []).append(person)
    queries = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        person = by_kind[kind][(i // len(KINDS)) % len(by_kind[kind])]
        queries.append(_query(rng, kind, person))
    return queries


def write(people_count: int = 2000, query_count: int = 1000, seed: int = SEED) -> None:
    people = held_out_people(people_count, seed)
    DATA.mkdir(exist_ok=True)
    with PEOPLE_FILE.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(people[0]))
        writer.writeheader()
        writer.writerows(people)
    with QUERIES_FILE.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", "query", "agency", "region", "nip"])
        writer.writeheader()
        writer.writerows(noisy_queries(people, query_count, seed))


def read_people() -> list[dict]:
    with PEOPLE_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_queries(count: int | None = None) -> list[dict]:
    with QUERIES_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:count] if count else rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    write(args.people, args.queries, args.seed)
    print(f"wrote {PEOPLE_FILE} and {QUERIES_FILE}")
