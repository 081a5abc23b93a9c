"""How the audit trail reads the intake app's events (discovered by `netra.audit.apps`).

A report's events, and those about its evidence, are readable by whoever sees the report
(`selectors.report_list_for`: the report's region). Payloads carry no reporter identity.
"""

from netra.audit.describe import choices_labeller, register_values
from netra.audit.scoping import register_names, register_scope, uuids
from netra.intake.choices import PublicStatus, ReporterMode, ReportSource
from netra.intake.models import Evidence, Report


def _visible_reports(user):
    from netra.intake.selectors import report_list_for

    return report_list_for(user)


def _report_names(ids) -> dict[str, str]:
    rows = Report.objects.filter(public_id__in=uuids(ids)).values_list(
        "public_id", "tracking_number"
    )
    return {str(pid): number for pid, number in rows}


def _evidence_names(ids) -> dict[str, str]:
    rows = Evidence.objects.filter(public_id__in=uuids(ids)).values_list(
        "public_id", "report__tracking_number"
    )
    return {str(pid): number for pid, number in rows}


register_scope(Report, _visible_reports)
register_scope(Evidence, lambda user: Evidence.objects.filter(report__in=_visible_reports(user)))
register_names(Report, _report_names)
register_names(Evidence, _evidence_names)

_STATUS = choices_labeller(PublicStatus)
register_values("old", _STATUS, actions=("intake.status_set",))
register_values("new", _STATUS, actions=("intake.status_set",))
register_values("source", choices_labeller(ReportSource), actions=("intake.report_submitted",))
register_values(
    "reporter_mode", choices_labeller(ReporterMode), actions=("intake.report_submitted",)
)
