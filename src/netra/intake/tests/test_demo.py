import pytest

from netra.intake.demo import build_demo_reports
from netra.intake.models import Evidence, Report
from netra.intake.services import report_access

pytestmark = pytest.mark.django_db


def test_demo_reports_are_realistic_and_idempotent(
    intake_reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = build_demo_reports(seed=42)
    assert Report.objects.count() == 5 and Evidence.objects.count() == 3
    assert {r.region.code[:5] for r in Report.objects.all()} == {"32.01", "15.03"}
    assert len(set(Report.objects.values_list("public_status", flat=True))) == 5
    number, key = result["keys"][0]
    assert report_access(number, key) is not None
    again = build_demo_reports(seed=42)
    assert Report.objects.count() == 5 and again["keys"] == result["keys"]
