"""Identity resolution on a realistic registry sample: titles, old spellings, namesakes, NIP."""

import pytest
from django.core.exceptions import PermissionDenied

from netra.cases.identity import ReportedPerson, identity_candidates
from netra.registry.choices import AgencyKind, EmployeeType, FunctionalGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(regions_sample):
    """Two regencies and a ministry; namesakes, old spellings and background people."""
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory, WorkUnitFactory

    # Background names come from the factory sequence: start it afresh so that people other
    # tests created earlier cannot shift a generated name onto a namesake here.
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
    kemenag = AgencyFactory(code="KEMENAG", name="Kementerian Agama")
    school = WorkUnitFactory(agency=bogor, name="SD Negeri 3 Cibinong")
    farming = WorkUnitFactory(agency=sarolangun, name="Dinas Pertanian")
    clinic = WorkUnitFactory(agency=bogor, name="Puskesmas Cibinong")
    people = {
        "fauzi_bogor": PersonFactory(
            name="Dr. H. Ahmad Fauzi, S.Pd., M.Pd.",
            agency=bogor,
            unit=school,
            position="Guru Ahli Madya",
            functional_group=FunctionalGroup.TEACHER,
        ),
        "fauzi_sarolangun": PersonFactory(
            name="Ahmad Fauzi, S.P.",
            agency=sarolangun,
            unit=farming,
            position="Penyuluh Pertanian",
            functional_group=FunctionalGroup.OTHER_FUNCTIONAL,
        ),
        "sukarno": PersonFactory(name="Sukarno Hadi, S.Sos.", agency=sarolangun, unit=farming),
        "djoko": PersonFactory(name="Djoko Santoso", agency=bogor, unit=clinic, position="Perawat"),
        "muhammad": PersonFactory(
            name="Moch. Ridwan Hakim, S.H.", agency=kemenag, position="Penghulu"
        ),
        "bidan": PersonFactory(
            name="Siti Aminah, A.Md.Keb.",
            agency=bogor,
            unit=clinic,
            position="Bidan Terampil",
            functional_group=FunctionalGroup.HEALTH,
            employee_type=EmployeeType.PPPK,
        ),
    }
    # Background: people with unrelated names in the same places
    for agency in (bogor, sarolangun, kemenag):
        PersonFactory.create_batch(8, agency=agency)
    return people


@pytest.fixture
def officer(make_staff):
    return make_staff(role="bawaslu_officer", region="32.01")


def names(candidates):
    return [c.person.name for c in candidates]


def test_titles_are_ignored_and_the_workplace_decides_between_namesakes(sample, officer):
    # Given a report naming "ahmad fauzi", a teacher at "SDN 3 Cibinong" in Bogor
    reported = ReportedPerson(
        name="ahmad fauzi", workplace="SDN 3 Cibinong", position="guru", region_code="32.01"
    )
    # When candidates are suggested
    found = identity_candidates(user=officer, reported=reported)
    # Then both namesakes come back, the Bogor teacher first, with the reasons why
    assert names(found)[:2] == [sample["fauzi_bogor"].name, sample["fauzi_sarolangun"].name]
    best = found[0]
    assert {"name_exact", "same_unit", "same_region", "functional_group", "position"} <= set(
        best.reason_codes
    )
    assert best.score > found[1].score
    assert "name_exact" in found[1].reason_codes


def test_the_other_workplace_flips_the_order(sample, officer):
    reported = ReportedPerson(
        name="Pak Ahmad Fauzi", workplace="Dinas Pertanian Kab. Sarolangun", region_code="1503"
    )
    found = identity_candidates(user=officer, reported=reported)
    assert found[0].person == sample["fauzi_sarolangun"]
    assert {"same_unit", "same_agency", "same_region"} <= set(found[0].reason_codes)


def test_a_nip_wins_over_everything(sample, officer):
    target = sample["fauzi_sarolangun"]
    reported = ReportedPerson(
        name="Ahmad Fauzi", workplace="SDN 3 Cibinong", nip=f"{target.nip[:8]} {target.nip[8:]}"
    )
    found = identity_candidates(user=officer, reported=reported)
    assert found[0].person == target and found[0].reason_codes[0] == "nip_exact"
    assert found[0].score == 100


def test_a_nik_is_an_exact_match(sample, officer):
    person = sample["bidan"]
    person.nik = "3201014506900001"
    person.save(update_fields=["nik"])
    found = identity_candidates(user=officer, reported=ReportedPerson(nik=person.nik))
    assert [c.person for c in found] == [person]
    assert found[0].reason_codes == ["nik_exact"]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Soekarno Hadi", "sukarno"),
        ("Joko Santoso", "djoko"),
        ("Muhammad Ridwan Hakim", "muhammad"),
        ("M. Ridwan Hakim", "muhammad"),
        ("Mohamad Ridwan Hakim, S.H.", "muhammad"),
    ],
)
def test_old_spellings_and_muhammad_variants_are_found(sample, officer, written, key):
    found = identity_candidates(user=officer, reported=ReportedPerson(name=written))
    assert found[0].person == sample[key]
    assert found[0].reason_codes[0] in {"name_variant", "name_exact"}


def test_health_workers_are_hinted_by_their_words(sample, officer):
    reported = ReportedPerson(name="Siti Aminah", position="bidan", workplace="puskesmas cibinong")
    best = identity_candidates(user=officer, reported=reported)[0]
    assert best.person == sample["bidan"]
    assert {"functional_group", "same_unit", "position"} <= set(best.reason_codes)
    assert all(r.label for r in best.reasons)


def test_candidates_come_from_the_whole_registry(sample, officer):
    # The Bogor officer still sees a Kemenag (national) and a Sarolangun candidate
    found = identity_candidates(user=officer, reported=ReportedPerson(name="Sukarno Hadi"))
    assert found[0].person == sample["sukarno"]


def test_nothing_to_go_on_returns_nothing(sample, officer):
    assert identity_candidates(user=officer, reported=ReportedPerson()) == []
    assert identity_candidates(user=officer, reported=ReportedPerson(name=" , ")) == []
    bad = ReportedPerson(name="Zzyzx Qwerty", nip="123", region_code="not-a-region")
    assert identity_candidates(user=officer, reported=bad) == []


def test_query_count_is_bounded(sample, officer, django_assert_max_num_queries):
    reported = ReportedPerson(
        name="Ahmad Fauzi", workplace="SDN 3 Cibinong", region_code="32.01", nip="1" * 18
    )
    identity_candidates(user=officer, reported=reported)  # warm the scope cache
    # Vocabulary, name pools, ranking columns, the top candidates; NIP/NIK join the pools.
    with django_assert_max_num_queries(5):
        identity_candidates(user=officer, reported=reported)


@pytest.mark.parametrize("role", ["auditor", "ppk_officer", "agency_hr", None])
def test_only_resolving_officers_may_search(sample, make_staff, role):
    user = make_staff(role=role, region="32.01")
    with pytest.raises(PermissionDenied):
        identity_candidates(user=user, reported=ReportedPerson(name="Ahmad Fauzi"))


def test_task_force_analysts_may_search(sample, make_staff):
    analyst = make_staff(role="satgas_analyst")
    assert identity_candidates(user=analyst, reported=ReportedPerson(name="Ahmad Fauzi"))
