import datetime as dt

import pytest

from netra.elections.choices import StageKind
from netra.elections.selectors import (
    UnknownElectionError,
    candidate_determination_date,
    election_for_date,
    election_get,
    election_list,
    election_stage,
)
from netra.regions.models import Region

pytestmark = pytest.mark.django_db


def test_election_get_and_list(elections_loaded):
    assert [e.slug for e in election_list()] == ["pilkada-2020", "pemilu-2024", "pilkada-2024"]
    assert election_get("pemilu-2024").vote_date == dt.date(2024, 2, 14)
    with pytest.raises(UnknownElectionError):
        election_get("pemilu-2029")


@pytest.mark.parametrize(
    "slug,day",
    [
        ("pilkada-2020", dt.date(2020, 9, 23)),
        # Without a race: the earliest determination (the legislative lists, 3 Nov 2023).
        ("pemilu-2024", dt.date(2023, 11, 3)),
        ("pilkada-2024", dt.date(2024, 9, 22)),
    ],
)
def test_candidate_determination_dates(elections_loaded, slug, day):
    assert candidate_determination_date(election_get(slug)) == day


def test_each_race_of_pemilu_2024_has_its_own_determination_date(elections_loaded):
    from netra.elections.selectors import candidate_determination_dates

    election = election_get("pemilu-2024")
    assert candidate_determination_dates(election) == {
        "legislative": dt.date(2023, 11, 3),
        "presidential": dt.date(2023, 11, 13),
    }
    assert candidate_determination_date(election, "presidential") == dt.date(2023, 11, 13)
    assert candidate_determination_date(election, "legislative") == dt.date(2023, 11, 3)


@pytest.mark.parametrize(
    ("slug", "first"),
    [("pilkada-2024", dt.date(2024, 1, 26)), ("pemilu-2024", dt.date(2022, 7, 29))],
)
def test_the_election_period_starts_with_the_kpus_first_stage(elections_loaded, slug, first):
    from netra.elections.selectors import election_period

    assert election_period(election_get(slug))[0] == first
    # Prospective candidates from May to August 2024 are inside Pilkada 2024.
    assert election_for_date(dt.date(2024, 6, 1)).slug == "pilkada-2024"


def test_election_stage(elections_loaded):
    election = election_get("pilkada-2024")
    campaign = election_stage(election, StageKind.CAMPAIGN)
    assert (campaign.start_date, campaign.end_date) == (dt.date(2024, 9, 25), dt.date(2024, 11, 23))
    quiet = election_stage(election, StageKind.QUIET_PERIOD)
    assert (quiet.start_date, quiet.end_date) == (dt.date(2024, 11, 24), dt.date(2024, 11, 26))
    first = election_stage(election_get("pemilu-2024"), StageKind.CANDIDATE_DETERMINATION)
    assert first.race == "legislative" and "PKPU 10/2023" in first.note
    presidential = election_stage(
        election_get("pemilu-2024"), StageKind.CANDIDATE_DETERMINATION, "presidential"
    )
    assert presidential.race == "presidential" and "1632" in presidential.source


def test_election_for_date_without_region(elections_loaded):
    assert election_for_date(dt.date(2024, 10, 1)).slug == "pilkada-2024"
    assert election_for_date(dt.date(2024, 2, 1)).slug == "pemilu-2024"
    assert election_for_date(dt.date(2020, 12, 9)).slug == "pilkada-2020"
    assert election_for_date(dt.date(2022, 1, 1)) is None


def test_election_for_date_with_region(elections_with_regions):
    surabaya = Region.objects.get(code="35.78")
    bogor = Region.objects.get(code="32.01")
    district_in_jakarta = Region.objects.filter(code__startswith="31.71.").first()
    assert election_for_date(dt.date(2020, 10, 1), region=surabaya).slug == "pilkada-2020"
    assert election_for_date(dt.date(2020, 10, 1), region=bogor) is None
    # DKI Jakarta's regencies have no election, but its governor is elected.
    assert (
        election_for_date(dt.date(2024, 10, 1), region=district_in_jakarta).slug == "pilkada-2024"
    )
    # A general election covers every region.
    assert election_for_date(dt.date(2024, 2, 1), region=bogor).slug == "pemilu-2024"
