"""Reads of reports. Staff reads go through `scope_filter` (DESIGN.md §5): out of scope is
simply not found. Reporter reads go through `services.report_access` (number + key)."""

import uuid

from django.db.models import QuerySet

from netra.accounts.scopes import scope_filter
from netra.intake.models import Evidence, Report, ReportEvent, ReportMessage


def report_list_for(user) -> QuerySet[Report]:
    qs = Report.objects.select_related("region", "election", "act", "reported_region")
    return scope_filter(qs, user, region_field="region", agency_field=None)


def report_get_for(user, public_id) -> Report | None:
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return report_list_for(user).filter(public_id=public_id).first()


def evidence_get_for(user, report_public_id, evidence_public_id) -> Evidence | None:
    report = report_get_for(user, report_public_id)
    if report is None:
        return None
    try:
        evidence_public_id = uuid.UUID(str(evidence_public_id))
    except ValueError:
        return None
    return report.evidence.select_related("report").filter(public_id=evidence_public_id).first()


def report_timeline(report: Report) -> list[ReportEvent]:
    return list(ReportEvent.objects.filter(report=report).order_by("created_at", "id"))


def report_messages(report: Report) -> list[ReportMessage]:
    return list(ReportMessage.objects.filter(report=report).order_by("created_at", "id"))


def open_correction_request(report: Report) -> ReportMessage | None:
    """The latest officer message with a reply deadline, if the reporter has not answered since."""
    messages = report_messages(report)
    for message in reversed(messages):
        if message.direction == "from_reporter":
            return None
        if message.reply_by is not None:
            return message
    return None


def report_by_public_id(public_id) -> Report | None:
    """Unscoped lookup for the reporter's own session (the session holds the id after the
    reporter proved the key); never used for staff."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        Report.objects.select_related("region", "election", "act")
        .filter(public_id=public_id)
        .first()
    )


def report_evidence_get(report: Report, evidence_public_id) -> Evidence | None:
    """One evidence row of the reporter's own report (their session holds the report)."""
    try:
        evidence_public_id = uuid.UUID(str(evidence_public_id))
    except ValueError:
        return None
    return report.evidence.select_related("report").filter(public_id=evidence_public_id).first()


def receipt_for_form(idempotency_key: str) -> tuple[Report, str] | None:
    """The report a form created and its access key, while the sealed copy of the key is kept
    (INTAKE_IDEMPOTENCY_TTL_HOURS); None once forgotten."""
    from netra.intake import crypto
    from netra.intake.models import IdempotencyKey

    row = IdempotencyKey.objects.select_related("report").filter(key=idempotency_key).first()
    if row is None or not row.response_envelope:
        return None
    try:
        return row.report, crypto.open_envelope(row.response_envelope)["access_key"]
    except (crypto.EnvelopeError, KeyError):
        return None
