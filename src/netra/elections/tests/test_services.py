"""Loading elections.toml: idempotent, audited, works with an empty or partial region table."""

import datetime as dt
import re
import tomllib
from collections import Counter

import pytest

from netra.audit.models import AuditEvent
from netra.elections.models import Election, ElectionStage
from netra.elections.services import DATA_FILE, ElectionDataError, elections_load_reference
from netra.regions.choices import RegionLevel
from netra.regions.models import Region

pytestmark = pytest.mark.django_db


def test_load_without_regions_links_nothing_and_reports_missing(db):
    result = elections_load_reference()
    assert result["elections_created"] == 3
    assert Election.objects.count() == 3
    assert ElectionStage.objects.count() == 24
    report = result["regions"]["pilkada-2020"]
    assert report == {"linked": 0, "expected": 270, "missing": report["missing"]}
    assert len(report["missing"]) == 270  # every listed province, regency and city
    assert result["regions"]["pilkada-2024"]["linked"] == 0
    assert AuditEvent.objects.filter(action="elections.reference_loaded").count() == 1


def test_second_load_changes_nothing(elections_loaded):
    again = elections_load_reference()
    assert again["elections_created"] == again["elections_updated"] == 0
    assert again["stages_created"] == again["stages_updated"] == again["stages_deleted"] == 0
    assert again["region_links_changed"] == 0


def test_pilkada_2024_rule_is_evaluated_against_the_region_table(elections_with_regions):
    # Given the sample (six provinces, DKI Jakarta among them) loaded before the elections
    election = Election.objects.get(slug="pilkada-2024")
    provinces = Region.objects.filter(level=RegionLevel.PROVINCE).exclude(code="34")
    regencies = Region.objects.filter(level=RegionLevel.REGENCY).exclude(code__startswith="31.")
    linked = set(election.regions.values_list("code", flat=True))
    # Then every province (DKI's governor is elected) and every regency/city outside DKI is in
    assert linked == set(provinces.values_list("code", flat=True)) | set(
        regencies.values_list("code", flat=True)
    )
    assert "31" in linked and not any(code.startswith("31.") for code in linked)
    assert election.regions_expected == 545 and election.regions_complete


def test_pilkada_2020_links_what_exists_in_a_partial_region_table(elections_with_regions):
    # Given the six-province sample loaded before the elections
    election = Election.objects.get(slug="pilkada-2020")
    linked = set(election.regions.values_list("code", flat=True))
    # Then the listed regions inside the sample are linked and the rest are reported missing
    assert {"15", "15.72", "35.78", "32.76", "64.72"} <= linked  # Jambi, Sungai Penuh, ...
    assert {"53.04", "64.03"} <= linked  # Belu, Berau
    assert "32.01" not in linked  # Kabupaten Bogor had no 2020 election
    assert "31" not in linked and not any(code.startswith("31.") for code in linked)
    assert election.regions_complete and election.regions_expected == 270
    assert "15" not in election.regions_missing and "13" in election.regions_missing
    assert len(linked) + len(election.regions_missing) == 270


def _pilkada_2020_spec() -> dict:
    with DATA_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return next(row for row in data["election"] if row["slug"] == "pilkada-2020")["regions"]


def test_pilkada_2020_data_file_lists_9_provinces_224_regencies_37_cities():
    # Kemendagri codes: a regency/city code is "PP.NN"; cities are numbered from 71 up.
    spec = _pilkada_2020_spec()
    provinces, regencies = spec["provinces"], spec["regencies"]
    assert all(re.fullmatch(r"\d{2}", code) for code in provinces)
    assert all(re.fullmatch(r"\d{2}\.\d{2}", code) for code in regencies)
    assert len(set(provinces)) == len(provinces) == 9
    assert len(set(regencies)) == len(regencies)
    kota = [code for code in regencies if int(code.split(".")[1]) >= 71]
    kabupaten = [code for code in regencies if int(code.split(".")[1]) < 71]
    assert (len(kabupaten), len(kota)) == (224, 37)
    assert "73.71" in kota  # Makassar's repeated 2018 election is one of the 270
    assert spec["expected"] == len(provinces) + len(regencies) == 270
    assert spec["complete"] is True


def test_pilkada_2020_links_all_270_against_the_full_region_table(db):
    # Given every province, regency and district of the Kemendagri 2025 edition (no villages)
    from netra.regions.services import regions_load_reference

    regions_load_reference(include_villages=False)
    # When the elections are loaded
    report = elections_load_reference()["regions"]["pilkada-2020"]
    # Then every listed code resolves: 9 provinces, 224 kabupaten and 37 kota
    assert report == {"linked": 270, "expected": 270, "missing": []}
    election = Election.objects.get(slug="pilkada-2020")
    levels = Counter(election.regions.values_list("level", flat=True))
    assert levels == {RegionLevel.PROVINCE: 9, RegionLevel.REGENCY: 261}
    kinds = Counter(
        election.regions.filter(level=RegionLevel.REGENCY).values_list("kind", flat=True)
    )
    assert kinds == {"kabupaten": 224, "kota": 37}
    assert election.regions_missing == []


def test_reload_after_regions_arrive_links_them(elections_loaded, regions_sample):
    # Given elections loaded on an empty region table, then regions loaded
    result = elections_load_reference()
    # Then the reload links them
    assert result["region_links_changed"] == 2
    assert Election.objects.get(slug="pilkada-2024").regions.exists()


def test_malformed_file_stores_nothing(db, tmp_path):
    path = tmp_path / "elections.toml"
    path.write_text(
        '[[election]]\nslug = "x"\nname_id = "X"\nkind = "regional"\nvote_date = 2020-01-01\n'
        '[[election.stage]]\nkind = "campaign"\nstart = 2020-02-01\nend = 2020-01-01\n'
    )
    with pytest.raises(ElectionDataError, match="end is before start"):
        elections_load_reference(data_file=path)
    assert not Election.objects.exists()
    path.write_text("not = [toml")
    with pytest.raises(ElectionDataError):
        elections_load_reference(data_file=path)


def test_stage_removed_from_the_file_is_removed(elections_loaded, tmp_path):
    from netra.elections.services import DATA_FILE

    text = DATA_FILE.read_text().replace('kind = "ballot_number_draw"', 'kind = "voting_day"', 0)
    marker = '[[election.stage]]\nkind = "ballot_number_draw"\nstart = 2024-09-23'
    assert marker in text
    path = tmp_path / "elections.toml"
    path.write_text(
        text.replace(
            marker,
            '[[election.stage]]\nkind = "ballot_number_draw"\nrace = "x"\nstart = 2024-09-23',
        )
    )
    result = elections_load_reference(data_file=path)
    assert result["stages_deleted"] == 1 and result["stages_created"] == 1
    assert ElectionStage.objects.filter(race="x", start_date=dt.date(2024, 9, 23)).exists()
