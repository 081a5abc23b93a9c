"""Loading the rules data files: idempotent, audited, all-or-nothing."""

import shutil

import pytest

from netra.audit.models import AuditEvent
from netra.rules import selectors
from netra.rules.models import ProhibitedAct, Regulation, RuleSetting, Sanction, ViolationForm
from netra.rules.services import DATA_DIR, ReferenceDataError, rules_load_reference

pytestmark = pytest.mark.django_db


def test_first_load_creates_the_catalog_and_audits_counts():
    result = rules_load_reference()
    assert result["regulations"]["created"] == Regulation.objects.count() >= 15
    # SKB 2022: 20 forms + 3 new versions; SKB 2020: 16 + 7 new versions; forms taken from a
    # regulation's article: 1 of PP 94/2021 and 2 of PP 53/2010.
    assert result["forms"]["created"] == 49
    assert ViolationForm.objects.filter(regulation__code="SKB-2022").count() == 23
    assert ViolationForm.objects.filter(regulation__code="SKB-2020").count() == 23
    assert ViolationForm.objects.filter(regulation__code="PP-94-2021").count() == 1
    assert ViolationForm.objects.filter(regulation__code="PP-53-2010").count() == 2
    assert Sanction.objects.filter(code="PPPK_TERMINATION_HONOURABLE_NOT_OWN_REQUEST").exists()
    event = AuditEvent.objects.get(action="rules.reference_loaded")
    assert event.payload["forms"]["created"] == 49


def test_second_load_changes_nothing(rules_loaded):
    again = rules_load_reference()
    for key in ("regulations", "forms", "sanctions", "settings", "authorities", "acts"):
        assert again[key]["created"] == 0 and again[key]["updated"] == 0, key
    assert AuditEvent.objects.filter(action="rules.reference_loaded").count() == 2


def test_contested_and_unconfirmed_rows_are_flagged(rules_loaded):
    d8 = selectors.form_get("SKB2022-D8")
    assert d8.contested and d8.level == "heavy" and d8.level_setting == "skb2022.d8.level"
    assert selectors.form_get("SKB2022-D13").level == "task_force"
    assert all(selectors.form_get(f"SKB2020-0{n}").unconfirmed for n in (1, 2, 3))
    assert not selectors.form_get("SKB2020-04").unconfirmed


def test_new_version_supersedes_without_editing_in_place(rules_loaded, tmp_path):
    # Given a copy of the data with a version 2 of D8 appended
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "forms_skb2022.toml"
    path.write_text(
        path.read_text()
        + '\n[[form]]\ncode = "SKB2022-D8"\nversion = 2\nitem = "D8"\ncategory = "discipline"\n'
        + 'level = "heavy"\nlevel_setting = "skb2022.d8.level"\nphase_hint = "any"\n'
        + 'label_id = "Versi baru D8"\nvalid_from = 2025-01-01\n'
    )
    # When it is loaded
    result = rules_load_reference(data_dir=data)
    # Then version 1 is kept and selectors return version 2
    assert result["forms"]["created"] == 1
    assert ViolationForm.objects.filter(code="SKB2022-D8").count() == 2
    assert selectors.form_get("SKB2022-D8").version == 2
    assert selectors.form_list().filter(code="SKB2022-D8").count() == 1


def test_malformed_data_stores_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "acts.toml").write_text('[[act]]\nslug = "x"\nlabel_id = "X"\nskb2020 = "NOPE"\n')
    with pytest.raises(ReferenceDataError, match="acts.toml"):
        rules_load_reference(data_dir=data)
    assert Regulation.objects.count() == 0
    assert ProhibitedAct.objects.count() == 0
    assert not AuditEvent.objects.filter(action="rules.reference_loaded").exists()


def test_bad_level_in_data_is_rejected(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "forms_skb2020.toml"
    path.write_text(path.read_text().replace('level = "dismissal"', 'level = "fatal"'))
    with pytest.raises(ReferenceDataError, match="fatal"):
        rules_load_reference(data_dir=data)
    assert ViolationForm.objects.count() == 0


def test_setting_versions_are_kept(rules_loaded):
    from netra.rules.services import rules_setting_set

    rules_setting_set(actor=None, code="skb2022.d8.level", value="moderate")
    assert RuleSetting.objects.filter(code="skb2022.d8.level").count() == 2
    assert selectors.setting_value("skb2022.d8.level").value == "moderate"
    # A reload of the data file does not undo the recorded override.
    rules_load_reference()
    assert selectors.setting_value("skb2022.d8.level").value == "moderate"


def test_regional_consequence_links_the_region_when_present(regions_sample):
    result = rules_load_reference()
    assert result["regional_consequences"]["regions_missing"] == []
    rows = selectors.regional_consequence_list("15.03.01")
    assert {row.code for row in rows} >= {"SAROLANGUN_TPP_WITHHELD"}
    assert rows[0].region.code == "15.03"


def test_regional_consequence_without_regions_reports_missing(db):
    result = rules_load_reference()
    assert result["regional_consequences"]["regions_missing"] == ["15.03"]
