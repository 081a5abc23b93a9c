"""Loading the deadline rules: idempotent, audited, all-or-nothing, clear errors."""

import pytest

from netra.audit.models import AuditEvent
from netra.cases.models import DeadlineRule
from netra.cases.services import DATA_FILE, DeadlineDataError, cases_load_reference

pytestmark = pytest.mark.django_db

GOOD_ROW = """
[[deadline]]
code = "study"
unit = "working"
days = 3
label_id = "Kajian"
"""


def test_first_load_creates_every_rule_and_audits_once():
    result = cases_load_reference()
    assert result["created"] == result["source"] == DeadlineRule.objects.count() == 16
    event = AuditEvent.objects.get(action="cases.reference_loaded")
    assert event.payload["counts"]["created"] == 16


def test_second_load_changes_nothing_and_records_nothing(deadline_rules):
    again = cases_load_reference()
    assert again == {"source": 16, "created": 0, "updated": 0, "unchanged": 16}
    assert AuditEvent.objects.filter(action="cases.reference_loaded").count() == 1


def test_a_changed_row_is_updated_and_audited(deadline_rules, tmp_path):
    path = tmp_path / "deadlines.toml"
    path.write_text(DATA_FILE.read_text().replace("days = 65", "days = 60"))
    result = cases_load_reference(path=path)
    assert result["updated"] == 1
    assert DeadlineRule.objects.get(code="appeal_bpasn_decision").days == 60
    last = AuditEvent.objects.filter(action="cases.reference_loaded").order_by("-seq").first()
    assert last.payload["changed"] == ["appeal_bpasn_decision/any v1"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD_ROW.replace('unit = "working"', 'unit = "fortnight"'), "unit must be one of"),
        (GOOD_ROW.replace("days = 3", "days = -1"), "days must be"),
        (GOOD_ROW.replace("days = 3", 'days = "3"'), "days must be"),
        (GOOD_ROW.replace("days = 3\n", ""), "give a setting or mark it unverified"),
        (GOOD_ROW.replace('label_id = "Kajian"', ""), "label_id is required"),
        (GOOD_ROW + 'election_kind = "local"\n', "election_kind must be"),
        (GOOD_ROW + 'valid_from = "yesterday"\n', "valid_from must be a date"),
        (GOOD_ROW + "version = 0\n", "version must be"),
        (GOOD_ROW + GOOD_ROW, "duplicate"),
        ("[[deadline]\nbroken", "deadlines.toml"),
    ],
)
def test_bad_files_store_nothing(tmp_path, row, message):
    # Given a file whose first row is good and whose later content is bad
    path = tmp_path / "deadlines.toml"
    path.write_text(GOOD_ROW.replace('"study"', '"first"') + row)
    # When it is loaded, then a clear error names the problem and nothing is stored
    with pytest.raises(DeadlineDataError, match=message):
        cases_load_reference(path=path)
    assert DeadlineRule.objects.count() == 0
    assert not AuditEvent.objects.filter(action="cases.reference_loaded").exists()


def test_missing_file(tmp_path):
    with pytest.raises(DeadlineDataError, match="file not found"):
        cases_load_reference(path=tmp_path / "nope.toml")


def test_registered_with_the_reference_loader(regions_sample):
    from netra.demo.reference import REFERENCE_LOADERS, load_reference

    assert ("cases", "netra.cases.services:cases_load_reference") in REFERENCE_LOADERS
    assert load_reference(only=["cases"])["cases"]["created"] == 16
