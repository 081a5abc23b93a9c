"""The resolver on a fixture with known answers, one test per kind of noise in reports."""

import pytest

from netra.registry.choices import AgencyKind
from netra.registry.models import NameToken, PersonNameKey
from netra.registry.name_index import index_people
from netra.registry.normalization import normalize_name
from netra.registry.resolution import ReportedPerson, name_score, resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(regions_sample):
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory, WorkUnitFactory

    PersonFactory.reset_sequence(0)
    bogor = AgencyFactory(
        code="3201",
        name="Pemerintah Kabupaten Bogor",
        kind=AgencyKind.REGENCY,
        region=Region.objects.get(code="32.01"),
    )
    sarolangun = AgencyFactory(
        code="1503",
        name="Pemerintah Kabupaten Sarolangun",
        kind=AgencyKind.REGENCY,
        region=Region.objects.get(code="15.03"),
    )
    school = WorkUnitFactory(agency=bogor, name="SD Negeri 3 Cibinong")
    farming = WorkUnitFactory(agency=sarolangun, name="Dinas Pertanian")
    named = {
        "teguh": ("Mochammad Teguh Fauzi, S.Pd.I", bogor, school),
        "bambang": ("Drs. Bambang Hermawan, M.Si.", sarolangun, farming),
        "joko": ("Joko Suprapto", bogor, school),
        "ridwan": ("Moh. Ridwan Hakim, S.H.", bogor, None),
        "wayan": ("I Wayan Sudarta, S.Pd.", sarolangun, None),
        "rina": ("Rina br. Siregar, A.Md.Keb.", bogor, None),
        "abdurrahman": ("Abdurrahman Wahid Nugroho", sarolangun, None),
        "cahyono_bogor": ("Tjahjono Setiawan", bogor, school),
        "cahyono_sarolangun": ("Tjahjono Setiawan", sarolangun, farming),
        "kartika": ("Kartika Wulandari Permana", bogor, school),
    }
    people = {
        key: PersonFactory(name=name, agency=agency, unit=unit, region=agency.region)
        for key, (name, agency, unit) in named.items()
    }
    for agency in (bogor, sarolangun):
        PersonFactory.create_batch(15, agency=agency, region=agency.region)
    return people


def top(query: str, limit: int = 5, **hints) -> list:
    return [c.person for c in resolve(ReportedPerson(name=query, **hints), limit=limit).candidates]


@pytest.mark.parametrize(
    ("kind", "query", "key"),
    [
        ("typo", "Mochammad Tegih Fauzi", "teguh"),
        ("typo", "Bambang Hermwan", "bambang"),
        ("typo", "Kartika Wulnadari", "kartika"),
        ("title_missing", "Bambang Hermawan", "bambang"),
        ("title_extra", "Dr. H. Joko Suprapto, M.Pd.", "joko"),
        ("title_extra", "Pak Joko Suprapto", "joko"),
        ("swapped", "Fauzi Teguh", "teguh"),
        ("swapped", "Hermawan Bambang", "bambang"),
        ("spelling", "Djoko Soeprapto", "joko"),
        ("spelling", "Cahyono Setiawan", "cahyono_bogor"),
        ("initials", "B. Hermawan", "bambang"),
        ("initials", "M. T. Fauzi", "teguh"),
        ("muhammad", "Muhammad Ridwan Hakim", "ridwan"),
        ("muhammad", "Muh. Ridwan Hakim", "ridwan"),
        ("balinese", "Wayan Sudarta", "wayan"),
        ("balinese", "Pak Sudarta", "wayan"),
        ("batak", "Rina Siregar", "rina"),
        ("arabic", "Abdul Rahman Wahid Nugroho", "abdurrahman"),
        ("missing_word", "Kartika Permana", "kartika"),
    ],
)
def test_each_kind_of_noise_finds_the_person(registry, kind, query, key):
    assert registry[key] in top(query), kind


def test_the_case_page_example(registry):
    result = resolve(ReportedPerson(name="Muhamad Teguh Fauzy"))
    assert result.candidates[0].person == registry["teguh"]
    assert result.candidates[0].reason_codes[0] == "name_variant"
    assert result.confident


def test_a_region_hint_puts_the_right_namesake_first(registry):
    assert top("Tjahjono Setiawan", region_code="15.03")[0] == registry["cahyono_sarolangun"]
    assert top("Tjahjono Setiawan", region_code="32.01")[0] == registry["cahyono_bogor"]


def test_namesakes_without_a_hint_are_not_confident(registry):
    result = resolve(ReportedPerson(name="Tjahjono Setiawan"))
    assert {c.person.pk for c in result.candidates[:2]} == {
        registry["cahyono_bogor"].pk,
        registry["cahyono_sarolangun"].pk,
    }
    assert not result.confident


def test_hints_boost_but_never_exclude(registry):
    # The workplace named is another agency's: the person is still found, only lower.
    found = top("Bambang Hermawan", workplace="SD Negeri 3 Cibinong", region_code="32.01")
    assert registry["bambang"] in found


def test_each_candidate_says_which_words_matched(registry):
    best = resolve(ReportedPerson(name="Fauzi Tegih")).candidates[0]
    assert best.person == registry["teguh"]
    reason = best.reasons[0]
    assert reason.code == "name_similar"
    assert "tegih ≈ teguh" in reason.detail and "fauzi" in reason.detail
    assert reason.label and reason.label != reason.code


def test_swapped_order_is_said_so(registry):
    best = resolve(ReportedPerson(name="Setiawan Tjahjono")).candidates[0]
    assert best.reason_codes[0] == "name_reordered"


def test_nobody_is_an_explicit_answer(registry):
    result = resolve(ReportedPerson(name="Zzyzx Qwerty"))
    assert result.candidates == [] and result.confident is False
    assert resolve(ReportedPerson()).as_dict() == {"confident": False, "candidates": []}


def test_within_limits_the_search(registry):
    from netra.registry.models import Person

    within = Person.objects.filter(agency=registry["cahyono_sarolangun"].agency)
    found = [
        c.person
        for c in resolve(ReportedPerson(name="Tjahjono Setiawan"), within=within).candidates
    ]
    assert found == [registry["cahyono_sarolangun"]]


def test_a_renamed_person_is_found_by_the_new_name(registry):
    person = registry["joko"]
    before = NameToken.objects.get(token="suprapto").people
    person.name_plain = "Joko Purnomo"
    person.save()
    assert NameToken.objects.get(token="suprapto").people == before - 1
    assert person in top("Joko Purnomo")
    assert not PersonNameKey.objects.filter(person=person, key="t:suprapto").exists()


def test_index_people_rebuilds_the_whole_index(registry):
    PersonNameKey.objects.all().delete()
    NameToken.objects.all().delete()
    assert top("Fauzi Teguh") == []
    count = index_people()
    assert count == PersonNameKey.objects.values("person").distinct().count()
    assert registry["teguh"] in top("Fauzi Teguh")
    assert NameToken.objects.get(token="fausi").people >= 1


def test_name_score_is_order_free_and_forgives_missing_words():
    full = normalize_name("Kartika Wulandari Permana")
    assert name_score(normalize_name("Permana Kartika Wulandari"), full)[0] > 0.99
    assert 0.7 < name_score(normalize_name("Kartika Permana"), full)[0] < 1
    assert name_score(normalize_name("Budi Santoso"), full)[0] < 0.3


@pytest.fixture
def namesakes(regions_sample, monkeypatch):
    """More namesakes than the name pool holds (the pool shrunk to 3 so the test stays small),
    each person asked about written last, so an arbitrary order of ties would leave them out."""
    from netra.registry import resolution
    from netra.registry.tests.factories import PersonFactory

    monkeypatch.setattr(resolution, "NAME_POOL", 3)
    for name in ("Dwi Nugroho", "Enok Permana", "Dwi Setiawan"):
        PersonFactory.create_batch(6, name=name)
    return {
        "widodo": PersonFactory(name="Dwi Widodo Nugroho"),
        "fauzi": PersonFactory(name="Hj. Enok Permana Fauzi, S.Pd."),
        "suryadi": PersonFactory(name="Dwi Suryadi Setiawan, M.Kes."),
    }


@pytest.mark.parametrize(
    ("query", "key"),
    [
        # Two edits in a six-letter word no one has: its closest words still count.
        ("Dwi Widdoo Nugroho", "widodo"),
        # Swapped letters in a short word: trigrams miss it, the exact edit lookup does not.
        ("Enok Permana Fuazi", "fauzi"),
        ("Fuazi Enok Permana", "fauzi"),
        # The initial is of a word besides the ones spelled out (Setiawan starts with S too).
        ("Dwi S. Setiawan", "suryadi"),
    ],
)
def test_namesakes_sharing_some_words_do_not_crowd_out_the_person(namesakes, query, key):
    found = top(query)
    assert found and found[0] == namesakes[key]


def test_typo_edits_are_dropped_and_swapped_letters():
    from netra.registry.resolution import _edits

    assert {"fausi", "fuas", "uasi"} <= set(_edits("fuasi"))
    assert "fuasi" not in _edits("fuasi")
    assert _edits("sri") == []


def test_a_region_hint_finds_the_person_among_more_namesakes_than_the_pool(
    regions_sample, monkeypatch
):
    from netra.regions.models import Region
    from netra.registry import resolution
    from netra.registry.tests.factories import PersonFactory

    monkeypatch.setattr(resolution, "NAME_POOL", 3)
    bogor, sarolangun = Region.objects.get(code="32.01"), Region.objects.get(code="15.03")
    PersonFactory.create_batch(10, name="Imas Hidayat", region=bogor)
    wanted = PersonFactory(name="Imas Hidayat, A.Md.Keb.", region=sarolangun)
    assert top("Imas Hidayat", region_code="15.03")[0] == wanted


def test_candidates_are_whole_model_objects_on_every_database(registry):
    """The chosen people come from one raw statement: their values must be converted as the ORM
    converts them (SQLite stores a UUID as 32 hex digits, a boolean as 0/1)."""
    import uuid

    person = resolve(ReportedPerson(name="Muhamad Teguh Fauzy")).candidates[0].person
    stored = type(person).objects.get(pk=person.pk)
    assert isinstance(person.public_id, uuid.UUID) and person.public_id == stored.public_id
    for field in type(person)._meta.concrete_fields:
        assert getattr(person, field.attname) == getattr(stored, field.attname), field.name
