"""The pledge templates loader: validated, all or nothing, idempotent, audited, versioned."""

import datetime as dt

import pytest

from netra.audit.models import AuditEvent
from netra.prevention.choices import PledgeScope
from netra.prevention.models import PledgeTemplate
from netra.prevention.services import DATA_FILE, PledgeDataError, prevention_load_reference

pytestmark = pytest.mark.django_db

ROW = """
[[pledge]]
code = "ikrar-uji"
version = {version}
scope = "national"
title_id = "Ikrar uji"
points = [{{ id = "{point}", en = "Test point" }}, {{ id = "Butir dua" }}]
source = "https://example.org/ikrar"
valid_from = {valid_from}
note = "{note}"
"""


def _row(version=1, point="Butir satu", valid_from="2024-01-01", note=""):
    return ROW.format(version=version, point=point, valid_from=valid_from, note=note)


def _write(tmp_path, text, name="pledges.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_events():
    return AuditEvent.objects.filter(action="prevention.reference_loaded")


def test_loads_standard_and_regional_templates():
    counts = prevention_load_reference()
    assert counts == {"source": 2, "created": 2, "updated": 0, "unchanged": 0}
    standard = PledgeTemplate.objects.get(code="ikrar-netralitas-asn", version=1)
    assert standard.scope == PledgeScope.NATIONAL and standard.region_code == ""
    assert len(standard.points) == 4 and standard.closing_id
    assert standard.unverified is True
    assert all(point["id"] and point["en"] for point in standard.points)
    regional = PledgeTemplate.objects.get(code="ikrar-netralitas-sarolangun", version=1)
    assert regional.scope == PledgeScope.REGIONAL and regional.region_code == "15.03"
    assert len(regional.points) == 5
    assert regional.points[4]["id"].startswith("Siap melakukan pencegahan, pengawasan")
    assert regional.valid_from == dt.date(2020, 11, 16)
    assert _load_events().count() == 1


def test_second_run_writes_nothing_and_records_no_event():
    prevention_load_reference()
    loaded_at = dict(PledgeTemplate.objects.values_list("code", "loaded_at"))
    counts = prevention_load_reference()
    assert counts == {"source": 2, "created": 0, "updated": 0, "unchanged": 2}
    assert dict(PledgeTemplate.objects.values_list("code", "loaded_at")) == loaded_at
    assert _load_events().count() == 1


def test_event_records_actor_and_counts(make_staff):
    actor = make_staff(role=None)
    prevention_load_reference(actor=actor)
    event = _load_events().get()
    assert event.payload["counts"]["created"] == 2
    assert "ikrar-netralitas-asn v1" in event.payload["changed"]


def test_interface_language_picks_translation():
    from django.utils import translation

    prevention_load_reference()
    template = PledgeTemplate.objects.get(code="ikrar-netralitas-sarolangun")
    with translation.override("en"):
        assert template.point_texts[4] == "To be ready to prevent, supervise and act on violations."
        assert template.title.startswith("Neutrality Pledge")
    with translation.override("id"):
        assert template.point_texts[4].startswith("Siap melakukan")
        assert template.title.startswith("Ikrar Netralitas")


def test_malformed_file_refused(tmp_path):
    path = _write(tmp_path, "[[pledge]\ncode = ")
    with pytest.raises(PledgeDataError, match="pledges.toml"):
        prevention_load_reference(path=path)
    with pytest.raises(PledgeDataError, match="file not found"):
        prevention_load_reference(path=tmp_path / "missing.toml")
    assert not PledgeTemplate.objects.exists()
    assert not _load_events().exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title_id = "Ikrar uji"', "", "title_id is required"),
        ('source = "https://example.org/ikrar"', "", "source is required"),
        ("version = 2", "version = 0", "version must be"),
        ('scope = "national"', 'scope = "regional"', "needs a region_code"),
    ],
)
def test_bad_second_row_refused_with_nothing_stored(tmp_path, old, new, message):
    path = _write(tmp_path, _row() + _row(version=2).replace(old, new, 1))
    with pytest.raises(PledgeDataError, match=message) as exc:
        prevention_load_reference(path=path)
    assert "pledge #2 (ikrar-uji)" in str(exc.value)
    assert not PledgeTemplate.objects.exists()
    assert not _load_events().exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("valid_from = 2024-01-01", 'valid_from = "kemarin"', "valid_from must be a date"),
        ('{ id = "Butir dua" }', '{ en = "no Indonesian" }', "point 2 needs"),
        ("points = [", "points = [] #", "points must be a non-empty list"),
        ('scope = "national"', 'scope = "national"\nregion_code = "15.03"', "no region_code"),
        ('scope = "national"', 'scope = "province"', "scope must be one of"),
        ('scope = "national"', 'election_kind = "local"', "election_kind must be one of"),
    ],
)
def test_invalid_values_refused(tmp_path, old, new, message):
    path = _write(tmp_path, _row().replace(old, new, 1))
    with pytest.raises(PledgeDataError, match=message):
        prevention_load_reference(path=path)
    assert not PledgeTemplate.objects.exists()


def test_duplicate_code_version_refused(tmp_path):
    path = _write(tmp_path, _row() + _row())
    with pytest.raises(PledgeDataError, match="duplicate code/version"):
        prevention_load_reference(path=path)
    assert not PledgeTemplate.objects.exists()


def test_new_version_kept_beside_old(tmp_path):
    prevention_load_reference(path=_write(tmp_path, _row()))
    counts = prevention_load_reference(
        path=_write(tmp_path, _row() + _row(version=2, point="Butir baru", valid_from="2025-01-01"))
    )
    assert counts == {"source": 2, "created": 1, "updated": 0, "unchanged": 1}
    rows = PledgeTemplate.objects.filter(code="ikrar-uji")
    versions = {t.version: t.points[0]["id"] for t in rows}
    assert versions == {1: "Butir satu", 2: "Butir baru"}
    assert _load_events().count() == 2


def test_changed_text_of_loaded_version_refused(tmp_path):
    prevention_load_reference(path=_write(tmp_path, _row()))
    with pytest.raises(PledgeDataError, match="add it as a new version"):
        prevention_load_reference(path=_write(tmp_path, _row(point="Butir diubah")))
    assert PledgeTemplate.objects.get(code="ikrar-uji").points[0]["id"] == "Butir satu"
    assert _load_events().count() == 1


def test_metadata_of_loaded_version_updated(tmp_path):
    prevention_load_reference(path=_write(tmp_path, _row()))
    counts = prevention_load_reference(path=_write(tmp_path, _row(note="Diperiksa ulang")))
    assert counts["updated"] == 1
    assert PledgeTemplate.objects.get(code="ikrar-uji").note == "Diperiksa ulang"
    assert _load_events().count() == 2


def test_shipped_file_is_the_default():
    assert DATA_FILE.name == "pledge_templates.toml" and DATA_FILE.exists()
