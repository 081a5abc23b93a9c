"""Every write of the public reporting side, each with its audit event in the same transaction.

Reporter identity never enters an audit payload, a log line or a task argument: tasks get the
report's public_id and decrypt what they need themselves.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from netra.accounts.scopes import user_scope
from netra.audit.services import audit_record
from netra.faults import fault_point
from netra.intake import crypto, evidence, guidance, tracking, validation
from netra.intake.access import (
    access_key_digest,
    access_key_fallback_digests,
    access_key_new,
    digests_match,
)
from netra.intake.capabilities import RELEASE_QUARANTINE, REVEAL_REPORTER
from netra.intake.choices import (
    EventKind,
    MessageDirection,
    PublicStatus,
    ReportAction,
    ReporterMode,
    ReportSource,
)
from netra.intake.models import (
    Evidence,
    IdempotencyKey,
    Report,
    ReportEvent,
    ReportLink,
    ReportMessage,
)

IDENTITY_FIELDS = ("name", "email", "phone", "id_number", "address", "witnesses")


class IdempotencyConflict(Exception):
    """The same Idempotency-Key was used before with a different request."""


# --- helpers ------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _fingerprint(data: dict, staged: list) -> str:
    def plain(value):
        if hasattr(value, "_meta"):
            return getattr(value, "code", None) or getattr(value, "slug", None) or value.pk
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in sorted(value.items())}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    body = {"data": plain({k: v for k, v in data.items() if k != "language"})}
    body["files"] = sorted(item.sha256 for item in staged)
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _event(report: Report, kind: str, *, code: str = "", text_id: str = "", text_en: str = ""):
    return ReportEvent.objects.create(
        report=report, kind=kind, code=code, text_id=text_id, text_en=text_en
    )


def _both(message) -> tuple[str, str]:
    """A lazy message rendered in Indonesian and English (timeline rows store both)."""
    with override("id"):
        text_id = str(message)
    with override("en"):
        text_en = str(message)
    return text_id, text_en


def _notify_reporter(report: Report, what: str) -> None:
    if not report.has_contact:
        return
    from netra.intake.tasks import reporter_notify

    public_id = str(report.public_id)
    transaction.on_commit(lambda: reporter_notify.delay(public_id, what))


def _new_tracking_number(year: int) -> str:
    for _attempt in range(20):
        number = tracking.tracking_number_new(year)
        if not Report.objects.filter(tracking_number=number).exists():
            return number
    raise RuntimeError("could not find a free tracking number")


def identity_from(data: dict) -> dict:
    reporter = data.get("reporter") or {}
    identity = {k: (reporter.get(k) or "").strip() for k in IDENTITY_FIELDS if k != "witnesses"}
    identity["witnesses"] = (data.get("witnesses") or "").strip()
    if data.get("reporter_mode") == ReporterMode.ANONYMOUS:
        # Anonymous means nothing about the reporter is kept, whatever was typed before the
        # choice (contact included): news reaches them only through the status page.
        identity = {k: "" for k in IDENTITY_FIELDS if k != "witnesses"} | {
            "witnesses": identity["witnesses"]
        }
    return identity


def metadata_removal_wanted(data: dict) -> bool:
    """An anonymous reporter's photos lose their location and device data unless they chose
    to keep it (`strip_metadata` False); other reporters' originals are kept whole."""
    if data.get("reporter_mode") != ReporterMode.ANONYMOUS:
        return False
    return data.get("strip_metadata") is not False


# --- submission ---------------------------------------------------------------------------


def report_submit(
    *,
    data: dict,
    files: Iterable = (),
    held: Iterable = (),
    idempotency_key: str | None = None,
    actor=None,
) -> tuple[Report, str]:
    """Store a report with its links and evidence; return it with its access key (shown once).

    Files are staged and hashed before the transaction (they may be large); the rows are
    inserted atomically; the files move into place on commit. A retry with the same
    `idempotency_key` and the same content returns the first report and its key and stores
    nothing; the same key with different content raises IdempotencyConflict.

    Every validity rule of a report (intake/validation.py) is checked first: a report that
    breaks one raises `ReportRefused` with a message per field and stores nothing.

    `held` are files the form already staged (evidence.hold) on an earlier, refused POST.
    An anonymous reporter's photos lose their metadata first (`metadata_removal_wanted`).
    """
    data = validation.report_validated(data)
    held = list(held)
    files = list(files)
    if len(held) + len(files) > evidence.max_files():
        raise evidence.EvidenceRejected(
            _("Terlalu banyak berkas (paling banyak %(n)s).") % {"n": evidence.max_files()},
            code="too_many",
        )
    staged = held + evidence.stage_uploads(files)
    try:
        if metadata_removal_wanted(data):
            evidence.remove_metadata(staged)
        fault_point("evidence.after_stage")
        # Files go in place before the rows commit (evidence.py): an acknowledged report
        # never depends on a move still to be made. A retry with the same key puts its
        # (identical) files in place too, healing what an earlier crash may have lost.
        journal = evidence.promote(staged)
        fault_point("evidence.after_promote")
        try:
            report, key, _created = _report_submit_atomic(
                data=data, staged=staged, idempotency_key=idempotency_key, actor=actor
            )
        except IntegrityError:
            # A concurrent request with the same key committed first: answer as a retry.
            if not idempotency_key:
                raise
            report, key = _replay(idempotency_key, _fingerprint(data, staged))
    except BaseException:
        evidence.discard(staged)
        raise
    transaction.on_commit(lambda: evidence.promotion_done(journal))
    fault_point("evidence.after_commit")
    return report, key


def _replay(idempotency_key: str, fingerprint: str) -> tuple[Report, str]:
    row = IdempotencyKey.objects.select_related("report").filter(key=idempotency_key).first()
    if row is None:
        raise IntegrityError("idempotency key vanished")
    if not digests_match(row.fingerprint, fingerprint):
        raise IdempotencyConflict(idempotency_key)
    if not row.response_envelope:
        raise IdempotencyConflict(idempotency_key)  # expired: the key can no longer be shown
    return row.report, crypto.open_envelope(row.response_envelope)["access_key"]


@transaction.atomic
def _report_submit_atomic(
    *, data: dict, staged: list, idempotency_key: str | None, actor
) -> tuple[Report, str, bool]:
    fingerprint = _fingerprint(data, staged)
    if idempotency_key and IdempotencyKey.objects.filter(key=idempotency_key).exists():
        report, key = _replay(idempotency_key, fingerprint)
        return report, key, False

    today = _today()
    identity = identity_from(data)
    has_contact = bool(identity["email"] or identity["phone"])
    stored_identity = {k: v for k, v in identity.items() if v}
    election = data.get("election")
    region = data["region"]
    window = guidance.reporting_window(
        election_kind=election.kind if election else None,
        learned_on=data.get("learned_date") or data.get("event_date"),
        region_code=region.code,
    )
    links = data.get("links") or []
    snapshot = guidance.guidance_snapshot(
        window=window,
        submitted_on=today,
        reporter_mode=data["reporter_mode"],
        identity=identity,
        reported={
            "name": data.get("reported_name"),
            "nip": data.get("reported_nip"),
            "nik": data.get("reported_nik"),
        },
        event_date=data.get("event_date"),
        place_text=data.get("place_text") or "",
        description=data.get("description") or "",
        evidence_count=len(staged),
        link_count=len(links),
    )
    key = access_key_new()
    report = Report(
        tracking_number=_new_tracking_number(today.year),
        access_key_digest=access_key_digest(key),
        source=data.get("source") or ReportSource.PUBLIC,
        reporter_mode=data["reporter_mode"],
        reporter_envelope=crypto.seal(stored_identity) if stored_identity else "",
        has_contact=has_contact,
        language=data.get("language") or "id",
        act=data.get("act"),
        description=data["description"].strip(),
        event_date=data.get("event_date"),
        learned_date=data.get("learned_date"),
        place_text=(data.get("place_text") or "").strip(),
        region=region,
        election=election,
        reported_name=(data.get("reported_name") or "").strip(),
        reported_workplace=(data.get("reported_workplace") or "").strip(),
        reported_position=(data.get("reported_position") or "").strip(),
        reported_region=data.get("reported_region"),
        reported_nip=data.get("reported_nip") or "",
        reported_nik=data.get("reported_nik") or "",
        guidance=snapshot,
    )
    report.full_clean(exclude=["access_key_digest", "reporter_envelope"])
    report.save()
    ReportLink.objects.bulk_create(
        [ReportLink(report=report, url=url, position=i) for i, url in enumerate(links)]
    )
    _evidence_rows(report, staged)
    text_id, text_en = _both(_("Laporan diterima dan menunggu pemeriksaan petugas."))
    _event(report, EventKind.SUBMITTED, code="submitted", text_id=text_id, text_en=text_en)
    if idempotency_key:
        IdempotencyKey.objects.create(
            key=idempotency_key,
            fingerprint=fingerprint,
            report=report,
            response_envelope=crypto.seal({"access_key": key}),
        )
    audit_record(
        actor=actor,
        action=ReportAction.SUBMITTED,
        target=report,
        payload={
            "tracking_number": report.tracking_number,
            "source": report.source,
            "reporter_mode": report.reporter_mode,
            "has_contact": has_contact,
            "region": region.code,
            "election": election.slug if election else None,
            "act": report.act_id,
            "evidence": [item.sha256 for item in staged],
            "links": len(links),
            "late": snapshot["window"]["late"],
        },
    )
    _notify_reporter(report, "received")
    return report, key, True


def _evidence_rows(report: Report, staged: list) -> list[Evidence]:
    known = set(report.evidence.values_list("sha256", flat=True)) if report.pk else set()
    rows = []
    for item in staged:
        if item.sha256 in known:
            continue
        known.add(item.sha256)
        rows.append(
            Evidence(
                report=report,
                sha256=item.sha256,
                size=item.size,
                content_type=item.content_type,
                kind=item.kind,
                original_name=item.original_name,
                display_sha256=item.display_sha256,
                display_content_type=item.display_content_type,
                metadata_removal_requested=item.strip_requested,
                metadata_removed=item.metadata_removed,
                check_state=item.check_state,
                check_detail=item.check_detail,
            )
        )
    Evidence.objects.bulk_create(rows)
    return rows


# --- reporter access ----------------------------------------------------------------------


def report_access(tracking_number: object, key: object) -> Report | None:
    """The report that number and key open, or None. Unknown number and wrong key take the
    same path (an indexed lookup by the key's digest, then one by its digests under older
    peppers) and give the same answer."""
    digest = access_key_digest(key)
    try:
        number = tracking.normalise(tracking_number)
    except tracking.InvalidTrackingNumber:
        number = ""
    report = Report.objects.filter(access_key_digest=digest).first()
    if report is None:
        # Made under an older pepper or secret key (rotation): found here, re-HMACed below.
        report = Report.objects.filter(
            access_key_digest__in=access_key_fallback_digests(key)
        ).first()
        if report is not None and digests_match(report.tracking_number, number or "-"):
            Report.objects.filter(pk=report.pk).update(access_key_digest=digest)
            report.access_key_digest = digest
    candidate = report.tracking_number if report else "NTR-00-0000-0000"
    if digests_match(candidate, number or "-") and report is not None:
        return report
    return None


def report_evidence_add(*, report: Report, files: Iterable, actor=None) -> list[Evidence]:
    """More evidence for an existing report (from the reporter, or an officer as `actor`)."""
    files = list(files)
    if not files:
        raise ValidationError({"files": _("Pilih setidaknya satu berkas.")})
    existing = report.evidence.count()
    if existing + len(files) > evidence.max_files():
        raise evidence.EvidenceRejected(
            _("Terlalu banyak berkas (paling banyak %(n)s).") % {"n": evidence.max_files()},
            code="too_many",
        )
    staged = evidence.stage_uploads(files)
    try:
        fault_point("evidence.after_stage")
        journal = evidence.promote(staged)
        fault_point("evidence.after_promote")
        rows = _evidence_add_atomic(report=report, staged=staged, actor=actor)
    except BaseException:
        evidence.discard(staged)
        raise
    transaction.on_commit(lambda: evidence.promotion_done(journal))
    fault_point("evidence.after_commit")
    return rows


@transaction.atomic
def _evidence_add_atomic(*, report: Report, staged: list, actor) -> list[Evidence]:
    report = Report.objects.select_for_update().get(pk=report.pk)
    rows = _evidence_rows(report, staged)
    if rows:
        text_id, text_en = _both(_("Bukti tambahan diterima."))
        _event(
            report,
            EventKind.EVIDENCE_ADDED,
            code="evidence_added",
            text_id=text_id,
            text_en=text_en,
        )
        audit_record(
            actor=actor,
            action=ReportAction.EVIDENCE_ADDED,
            target=report,
            payload={"evidence": [row.sha256 for row in rows], "by_reporter": actor is None},
        )
    return rows


def evidence_open(*, actor, evidence_row: Evidence, display: bool = False):
    """Open the stored original (or display copy) after checking its SHA-256; audits the access.

    Raises evidence.EvidenceIntegrityError (and audits that) when the bytes do not match.
    """
    sha = evidence_row.display_sha256 if display else evidence_row.sha256
    if not sha:
        raise evidence.EvidenceIntegrityError("no display copy")
    if not display and not evidence.servable(evidence_row.check_state):
        # The display copy is re-encoded from pixels by us, so it is safe to show.
        raise evidence.EvidenceQuarantined(evidence_row.check_state)
    path = evidence.display_path(sha) if display else evidence.original_path(sha)
    try:
        handle = evidence.open_verified(path, sha)
    except evidence.EvidenceIntegrityError as exc:
        _audit_now(
            actor,
            ReportAction.EVIDENCE_INTEGRITY_FAILED,
            evidence_row,
            {"report": str(evidence_row.report.public_id), "reason": str(exc), "display": display},
        )
        raise
    _audit_now(
        actor,
        ReportAction.EVIDENCE_OPENED,
        evidence_row,
        {"report": str(evidence_row.report.public_id), "sha256": sha, "display": display},
    )
    return handle


@transaction.atomic
def _audit_now(actor, action: str, target, payload: dict) -> None:
    audit_record(actor=actor, action=action, target=target, payload=payload)


def evidence_download_name(evidence_row: Evidence, *, display: bool = False) -> str:
    """`bukti-<n>.<ext>`: n is the file's place among its report's evidence, the extension
    that of the detected type."""
    number = Evidence.objects.filter(
        report_id=evidence_row.report_id, id__lte=evidence_row.id
    ).count()
    content_type = evidence_row.display_content_type if display else evidence_row.content_type
    return evidence.download_name(number, content_type, display=display)


def may_release_evidence(user, report: Report) -> bool:
    """May `user` release `report`'s quarantined evidence (`capabilities.RELEASE_QUARANTINE`,
    in the report's region)? The case page, the API and `evidence_release` all ask here."""
    scope = user_scope(user, roles=RELEASE_QUARANTINE)
    if scope.is_empty:
        return False
    return scope.covers_region(report.region.code)


MAX_RELEASE_REASON = 500


def evidence_release(*, actor, evidence_row: Evidence, reason: str) -> Evidence:
    """An officer checked a quarantined file by other means and releases it (audited).

    `actor` None is the operator's CLI. Raises PermissionDenied for a user the capability does
    not cover, ValidationError on `reason` (missing or too long) or on `evidence` (the file is
    not in quarantine), and evidence.EvidenceIntegrityError (audited) when the stored file is
    missing or no longer matches its SHA-256: only the bytes that were checked are released.
    """
    if actor is not None and not may_release_evidence(actor, evidence_row.report):
        raise PermissionDenied(_("Anda tidak berwenang melepaskan bukti dari karantina."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan pelepasan dari karantina.")})
    if len(reason) > MAX_RELEASE_REASON:
        raise ValidationError(
            {
                "reason": _("Alasan terlalu panjang (paling banyak %(n)s karakter).")
                % {"n": MAX_RELEASE_REASON}
            }
        )
    try:
        evidence.open_verified(
            evidence.original_path(evidence_row.sha256), evidence_row.sha256
        ).close()
    except evidence.EvidenceIntegrityError as exc:
        _audit_now(
            actor,
            ReportAction.EVIDENCE_INTEGRITY_FAILED,
            evidence_row,
            {"report": str(evidence_row.report.public_id), "reason": str(exc), "release": True},
        )
        raise
    return _evidence_release_atomic(actor=actor, evidence_row=evidence_row, reason=reason)


@transaction.atomic
def _evidence_release_atomic(*, actor, evidence_row: Evidence, reason: str) -> Evidence:
    from netra.intake.choices import EvidenceCheck

    row = Evidence.objects.select_for_update().select_related("report").get(pk=evidence_row.pk)
    if row.check_state != EvidenceCheck.QUARANTINED:
        raise ValidationError({"evidence": _("Berkas ini tidak dalam karantina.")})
    old_detail = row.check_detail
    row.check_state = EvidenceCheck.RELEASED
    row.check_detail = reason[:200]
    row.save(update_fields=["check_state", "check_detail"])
    audit_record(
        actor=actor,
        action=ReportAction.EVIDENCE_RELEASED,
        target=row,
        payload={
            "report": str(row.report.public_id),
            "was": old_detail,
            "reason": reason,
            "sha256": row.sha256,
        },
    )
    return row


def evidence_recheck_quarantined(*, limit: int = 500) -> dict:
    """Scan quarantined files again when a scanner is available (the quarantine's way out
    besides an officer's release): clean ones become servable, malware stays blocked."""
    from netra.intake import scanning
    from netra.intake.choices import EvidenceCheck

    counts = {"clean": 0, "infected": 0, "still": 0}
    if not scanning.available():
        return counts
    rows = Evidence.objects.filter(check_state=EvidenceCheck.QUARANTINED).exclude(
        check_detail__startswith="pdf_"
    )[:limit]
    for row in rows:
        result = scanning.scan(evidence.original_path(row.sha256))
        if result.outcome == scanning.CLEAN:
            state = EvidenceCheck.CLEAN
        elif result.outcome == scanning.INFECTED:
            state = EvidenceCheck.INFECTED
        else:
            counts["still"] += 1
            continue
        with transaction.atomic():
            Evidence.objects.filter(pk=row.pk).update(
                check_state=state, check_detail=result.detail[:200]
            )
            audit_record(
                actor=None,
                action=ReportAction.EVIDENCE_RECHECKED,
                target=row,
                payload={"report": str(row.report.public_id), "state": state},
            )
        counts[state] += 1
    return counts


# --- messages, status, timeline -----------------------------------------------------------


@transaction.atomic
def report_message_from_reporter(*, report: Report, body: str) -> ReportMessage:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Tulis pesan Anda.")})
    if len(body) > 5000:
        raise ValidationError({"body": _("Pesan terlalu panjang (paling banyak 5000 karakter).")})
    message = ReportMessage.objects.create(
        report=report, direction=MessageDirection.FROM_REPORTER, body=body
    )
    text_id, text_en = _both(_("Pelapor mengirim pesan."))
    _event(
        report,
        EventKind.MESSAGE_FROM_REPORTER,
        code="message_from_reporter",
        text_id=text_id,
        text_en=text_en,
    )
    audit_record(
        actor=None,
        action=ReportAction.MESSAGE_FROM_REPORTER,
        target=report,
        payload={"message": str(message.public_id), "length": len(body)},
    )
    return message


@transaction.atomic
def report_message_to_reporter(
    *, actor, report: Report, body: str, reply_by: dt.date | None = None
) -> ReportMessage:
    """An officer's message, e.g. a correction request (reply_by: the 3-day deadline)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Tulis pesan untuk pelapor.")})
    if reply_by is not None and reply_by < _today():
        raise ValidationError({"reply_by": _("Batas balasan tidak boleh di masa lalu.")})
    message = ReportMessage.objects.create(
        report=report,
        direction=MessageDirection.TO_REPORTER,
        body=body,
        reply_by=reply_by,
        author=actor,
    )
    text_id, text_en = _both(_("Petugas mengirim pesan kepada pelapor."))
    _event(
        report,
        EventKind.MESSAGE_TO_REPORTER,
        code="message_to_reporter",
        text_id=text_id,
        text_en=text_en,
    )
    audit_record(
        actor=actor,
        action=ReportAction.MESSAGE_TO_REPORTER,
        target=report,
        payload={
            "message": str(message.public_id),
            "reply_by": reply_by.isoformat() if reply_by else None,
        },
    )
    _notify_reporter(report, "message")
    return message


def correction_deadline(start: dt.date | None = None) -> dt.date | None:
    """Default reply_by for a correction request: received + N calendar days (DOMAIN §2.2),
    N from `guidance.correction_days`; None when the rule is not loaded."""
    start = start or _today()
    days = guidance.correction_days(start)
    return start + dt.timedelta(days=days) if days else None


@transaction.atomic
def report_status_set(
    *, actor, report: Report, status: str, public_note: str = "", public_note_en: str = ""
) -> Report:
    """Set the status the reporter sees; the back office drives this from its workflow."""
    if status not in PublicStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    report = Report.objects.select_for_update().get(pk=report.pk)
    old = report.public_status
    if old == status and not public_note:
        return report
    report.public_status = status
    report.save(update_fields=["public_status", "updated_at"])
    label_id, label_en = _both(PublicStatus(status).label)
    text_id = " ".join(filter(None, [f"Status: {label_id}.", public_note.strip()]))
    text_en = " ".join(filter(None, [f"Status: {label_en}.", (public_note_en or "").strip()]))
    _event(
        report, EventKind.STATUS_CHANGED, code=f"status:{status}", text_id=text_id, text_en=text_en
    )
    audit_record(
        actor=actor,
        action=ReportAction.STATUS_SET,
        target=report,
        payload={"old": old, "new": status},
    )
    _notify_reporter(report, "status")
    return report


@transaction.atomic
def report_event_add(
    *, actor, report: Report, text_id: str, text_en: str = "", code: str = ""
) -> ReportEvent:
    """A plain-language note on the public timeline (never internal detail)."""
    if not (text_id or "").strip():
        raise ValidationError({"text_id": _("Isi catatan kosong.")})
    event = _event(
        report, EventKind.NOTE, code=code, text_id=text_id.strip(), text_en=(text_en or "").strip()
    )
    audit_record(
        actor=actor, action=ReportAction.EVENT_ADDED, target=report, payload={"code": code}
    )
    return event


# --- reporter identity --------------------------------------------------------------------


def may_reveal_identity(user, report: Report) -> bool:
    """May `user` open the reporter's identity of `report` (`capabilities.REVEAL_REPORTER`,
    in the report's region)? The case page and `reporter_identity_reveal` both ask here."""
    scope = user_scope(user, roles=REVEAL_REPORTER)
    if scope.is_empty:
        return False
    return scope.covers_region(report.region.code)


def reporter_identity_reveal(*, actor, report: Report) -> dict:
    """Decrypt the reporter's identity for an allowed officer in scope; every call is audited,
    a refusal too (then PermissionDenied)."""
    if not may_reveal_identity(actor, report):
        _audit_now(actor, ReportAction.IDENTITY_REFUSED, report, {})
        raise PermissionDenied(_("Anda tidak berwenang melihat identitas pelapor."))
    return _reveal_atomic(actor=actor, report=report)


@transaction.atomic
def _reveal_atomic(*, actor, report: Report) -> dict:
    identity = crypto.open_envelope(report.reporter_envelope) if report.reporter_envelope else {}
    audit_record(
        actor=actor,
        action=ReportAction.IDENTITY_REVEALED,
        target=report,
        payload={"fields": sorted(identity)},
    )
    return {k: identity.get(k, "") for k in IDENTITY_FIELDS} | {
        "reporter_mode": report.reporter_mode
    }


# --- housekeeping -------------------------------------------------------------------------


@transaction.atomic
def idempotency_keys_expire(*, older_than: dt.timedelta, actor=None) -> int:
    """Forget the sealed access keys of old idempotency rows; later retries get a conflict."""
    cutoff = timezone.now() - older_than
    count = (
        IdempotencyKey.objects.filter(created_at__lt=cutoff)
        .exclude(response_envelope="")
        .update(response_envelope="")
    )
    if count:
        audit_record(actor=actor, action="intake.idempotency_expired", payload={"count": count})
    return count
