"""Celery tasks of the intake app: reporter e-mails and housekeeping sweeps."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from netra.intake import crypto, evidence

logger = logging.getLogger(__name__)


@shared_task(name="intake.reporter_notify")
def reporter_notify(report_public_id: str, what: str) -> bool:
    """E-mail the reporter (if they gave an address) in the language they used. The message
    says only that something changed; the content stays behind the number + key."""
    from netra.intake.models import Report

    report = Report.objects.filter(public_id=report_public_id).first()
    if report is None or not report.reporter_envelope:
        return False
    try:
        email = crypto.open_envelope(report.reporter_envelope).get("email", "")
    except crypto.EnvelopeError:
        logger.error("reporter envelope of a report could not be opened")
        return False
    if not email:
        return False
    with override(report.language if report.language in ("id", "en") else "id"):
        subject = {
            "received": _("Laporan Anda diterima"),
            "message": _("Pesan baru tentang laporan Anda"),
            "status": _("Status laporan Anda berubah"),
        }.get(what, _("Kabar tentang laporan Anda"))
        body = _(
            "Nomor laporan: %(number)s\n\nBuka halaman cek status laporan Netra (/lapor/status/) "
            "dan masukkan nomor laporan serta kunci rahasia Anda untuk membaca kabar terbaru.\n"
        ) % {"number": report.tracking_number}
    send_mail(f"[Netra] {subject}", body, settings.DEFAULT_FROM_EMAIL, [email])
    return True


@shared_task(name="intake.sweep_staging")
def evidence_sweep_staging_task() -> int:
    grace = int(getattr(settings, "INTAKE_STAGING_GRACE_SECONDS", 6 * 3600))
    return evidence.sweep_staging(older_than_seconds=grace)


@shared_task(name="intake.evidence_check")
def evidence_check_task(quick: bool = False) -> dict:
    """Re-hash the evidence store (quick: existence and size). A problem is an alert: an
    error log line per file (ids only) and one audit event the auditors see on the trail."""
    from django.db import transaction

    from netra.audit.services import audit_record
    from netra.intake.choices import ReportAction

    checked, problems = evidence.store_check(quick=quick)
    if problems:
        for p in problems[:100]:
            logger.error(
                "evidence check: evidence %s of report %s, %s copy: %s",
                p.evidence,
                p.report,
                p.copy,
                p.problem,
            )
        logger.error("evidence check: %s of %s files failed", len(problems), checked)
        with transaction.atomic():
            audit_record(
                actor=None,
                action=ReportAction.EVIDENCE_CHECK_FAILED,
                payload={
                    "checked": checked,
                    "failed": len(problems),
                    "quick": quick,
                    "first": [vars(p) for p in problems[:20]],
                },
            )
    return {"checked": checked, "failed": len(problems)}


@shared_task(name="intake.evidence_recheck")
def evidence_recheck_task() -> dict:
    from netra.intake.services import evidence_recheck_quarantined

    return evidence_recheck_quarantined()


@shared_task(name="intake.expire_idempotency")
def idempotency_expire_task() -> int:
    from netra.intake.services import idempotency_keys_expire

    hours = int(getattr(settings, "INTAKE_IDEMPOTENCY_TTL_HOURS", 24))
    return idempotency_keys_expire(older_than=dt.timedelta(hours=hours))
