"""Loading the Kepmendagri 2025 edition: counts, full code set, idempotence, audit."""

import csv
from pathlib import Path

import pytest

from netra.audit.models import AuditEvent
from netra.regions.models import Region
from netra.regions.services import regions_load_reference

# The project's shared reference folder sits beside the repository (in CI too); it is reference
# only and never copied in. The comparison is skipped where it is absent.
_REPO_ROOT = Path(__file__).resolve().parents[4]
REFERENCE_CSV = _REPO_ROOT.parent / "shared" / "data" / "wilayah" / "wilayah-2025.csv"


def _reference_csv() -> Path | None:
    return REFERENCE_CSV if REFERENCE_CSV.is_file() else None


@pytest.mark.django_db
def test_full_load_has_the_official_counts_and_is_idempotent():
    # given an empty table / when everything is loaded
    result = regions_load_reference()

    # then the counts are those of Kepmendagri 300.2.2-2138/2025
    levels = result["levels"]
    assert [levels[k]["created"] for k in ("province", "regency", "district", "village")] == [
        38,
        514,
        7285,
        83762,
    ]
    assert Region.objects.count() == 91599
    assert Region.objects.filter(level=4, parent__isnull=True).count() == 0
    village = Region.objects.select_related("parent__parent__parent").get(code="32.01.01.1001")
    assert village.parent.parent.parent.code == "32"

    # and the code set equals the shared reference file when it is available
    path = _reference_csv()
    if path is not None:
        with path.open(newline="", encoding="utf-8") as handle:
            expected = {row["code"] for row in csv.DictReader(handle)}
        assert set(Region.objects.values_list("code", flat=True)) == expected

    # when loaded a second time, nothing changes, and no audit event is added
    events = AuditEvent.objects.count()
    again = regions_load_reference()
    assert again["changed"] is False
    assert all(c["created"] == c["updated"] == 0 for c in again["levels"].values())
    assert again["levels"]["village"]["unchanged"] == 83762
    assert AuditEvent.objects.count() == events


@pytest.mark.skipif(_reference_csv() is None, reason="shared wilayah-2025.csv not present")
def test_reference_csv_counts():
    with _reference_csv().open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 91599


@pytest.mark.django_db
def test_partial_load_records_one_audit_event_with_counts():
    # when two provinces are loaded without villages
    result = regions_load_reference(provinces=["32", " 35 "], include_villages=False)

    # then only their rows exist, and one audit event carries the counts
    assert set(Region.objects.filter(level=1).values_list("code", flat=True)) == {"32", "35"}
    assert not Region.objects.filter(level=4).exists()
    assert result["levels"]["regency"]["created"] == 65  # 27 in Jawa Barat + 38 in Jawa Timur
    event = AuditEvent.objects.get(action="regions.load_reference")
    assert event.payload["levels"]["province"]["created"] == 2
    assert event.payload["provinces"] == ["32", "35"]


@pytest.mark.django_db
def test_changed_rows_are_updated_and_parents_fixed(regions_sample):
    # given a renamed regency and a district detached from its parent
    Region.objects.filter(code="32.01").update(name="Bogor Lama", name_key="bogor lama")
    Region.objects.filter(code="32.01.01").update(parent=None)

    # when loaded again
    result = regions_load_reference(provinces=["32"], include_villages=False)

    # then exactly those rows are written back
    assert result["levels"]["regency"]["updated"] == 1
    assert result["levels"]["district"]["updated"] == 1
    assert result["levels"]["province"]["unchanged"] == 1
    assert Region.objects.get(code="32.01").name == "Kabupaten Bogor"
    assert Region.objects.get(code="32.01.01").parent.code == "32.01"


@pytest.mark.django_db
def test_rows_missing_from_the_edition_are_kept_and_counted_stale(regions_sample):
    Region.objects.create(
        code="32.99", name="Kabupaten Lama", name_key="lama", level=2, kind="kabupaten",
        parent=Region.objects.get(code="32"), edition="2023",
    )  # fmt: skip
    result = regions_load_reference(provinces=["32"], include_villages=False)
    assert result["levels"]["regency"]["stale"] == 1
    assert Region.objects.filter(code="32.99").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [["99"], ["32.01"], ["x"]])
def test_bad_province_codes_are_refused_without_writing(bad):
    with pytest.raises(ValueError):
        regions_load_reference(provinces=bad)
    assert not Region.objects.exists()


def test_regions_sample_fixture_is_small_and_fast(regions_sample):
    assert regions_sample["levels"]["province"]["created"] == 6
    assert Region.objects.filter(level=3).count() == regions_sample["levels"]["district"]["created"]
    assert not Region.objects.filter(level=4).exists()
