"""The retention policy and its purge job (ADR 0014; RELIABILITY.md T19).

Two rules, periods in settings (environment overrides; 0 turns a rule off):

1. `NETRA_RETENTION_UNREGISTERED_DAYS` (365): a report whose every case ended `not_registered`
   (or was merged into such a case) more than that many days ago is purged: its content,
   evidence rows and files, messages, links, timeline and reporter identity
   (`intake.retention.report_purge`); its cases keep a skeleton (number, region, election,
   state, outcome, dates, state changes) without free-text facts, timeline notes or the link
   to the registry person.
2. `NETRA_RETENTION_REPORTER_IDENTITY_DAYS` (730): a report whose every case is in a final
   state, the last closed more than that many days ago, loses the reporter's sealed identity
   and contact details (`intake.retention.report_identity_erase`); the case record is kept.

Never purged: a case that was registered (it may lead, or led, to a recommendation, a PPK
decision, a remedy or a court ruling: a civil servant's disciplinary record), a report with no
case yet or in a case still open, issued documents, the audit trail.

`retention_purge` is the job (beat `cases.retention_purge`, `netra retention purge`): one
transaction per case family (a `not_registered` case and the duplicates merged into it) with
one `cases.purged` audit event holding opaque ids and counts, evidence files removed after the
commit through a journal (intake/retention.py), one `intake.identity_erased` event per erased
identity, and one `cases.retention_run` event when anything was done. A run with nothing due
writes nothing.
"""

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from netra.audit.services import audit_record
from netra.cases import facts as fact_registry
from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseEvent, CaseReport
from netra.intake import retention as intake_retention
from netra.intake.models import Evidence, Report

logger = logging.getLogger(__name__)
S = CaseState

ACTION_CASE_PURGED = "cases.purged"
ACTION_IDENTITY_ERASED = "intake.identity_erased"
ACTION_RUN = "cases.retention_run"


@dataclass(frozen=True)
class Policy:
    unregistered_days: int
    identity_days: int

    @classmethod
    def from_settings(cls) -> "Policy":
        return cls(
            unregistered_days=max(int(settings.NETRA_RETENTION_UNREGISTERED_DAYS), 0),
            identity_days=max(int(settings.NETRA_RETENTION_REPORTER_IDENTITY_DAYS), 0),
        )


@dataclass
class PurgeSummary:
    """What a run did (or, with `dry_run`, would do): counts only."""

    dry_run: bool
    unregistered_days: int
    identity_days: int
    cases: int = 0
    reports: int = 0
    evidence: int = 0
    messages: int = 0
    links: int = 0
    files_removed: int = 0
    identities: int = 0
    failed: int = 0
    case_ids: list[str] = field(default_factory=list, repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.cases or self.reports or self.files_removed or self.identities)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("case_ids")
        return data


def _cutoff(days: int, now: dt.datetime) -> dt.datetime | None:
    return now - dt.timedelta(days=days) if days > 0 else None


# --- rule 1: reports that never became a case ------------------------------------------------


def unregistered_due(*, now: dt.datetime | None = None, policy: Policy | None = None):
    """The `not_registered` cases (not merged into another) whose content is due for purging:
    closed before the cutoff and not purged yet. Oldest first."""
    policy = policy or Policy.from_settings()
    cutoff = _cutoff(policy.unregistered_days, now or timezone.now())
    if cutoff is None:
        return Case.objects.none()
    return Case.objects.filter(
        state=S.NOT_REGISTERED,
        merged_into__isnull=True,
        purged_at__isnull=True,
        closed_at__isnull=False,
        closed_at__lte=cutoff,
    ).order_by("closed_at", "id")


def _family(root: Case) -> tuple[list[int], list[int]] | None:
    """(case ids, report ids) of `root` and the duplicates merged into it, when every report of
    the family is handled in these cases only (else None: something else still needs it)."""
    case_ids, frontier = {root.pk}, [root.pk]
    while frontier:
        children = set(
            Case.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = list(children - case_ids)
        case_ids |= children
    duplicates = case_ids - {root.pk}
    if duplicates and Case.objects.filter(pk__in=duplicates).exclude(state=S.CLOSED).exists():
        return None
    report_ids = set(
        CaseReport.objects.filter(case_id__in=case_ids).values_list("report_id", flat=True)
    )
    elsewhere = CaseReport.objects.filter(report_id__in=report_ids).exclude(case_id__in=case_ids)
    if not report_ids or elsewhere.exists():
        return None
    return sorted(case_ids), sorted(report_ids)


def _case_skeleton(case_id: int, now: dt.datetime) -> None:
    """Keep the case's coded facts (outcome, requirement codes, dates...) and drop its free
    text (reasons, findings), its timeline notes and details and the registry person."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case_id)
    kept = {}
    for key, value in (case.facts or {}).items():
        fact = fact_registry.REGISTRY.get(key)
        if fact is not None and not fact.derived and fact.kind != fact_registry.Kind.TEXT:
            kept[key] = value
    case.facts = kept
    case.person = None
    case.purged_at = now
    case.save(update_fields=["facts", "person", "purged_at", "updated_at"])
    CaseEvent.objects.filter(case_id=case_id).update(note="", details={})


def _purge_family(root: Case, now: dt.datetime, policy: Policy, summary: PurgeSummary) -> None:
    family = _family(root)
    if family is None:
        return
    case_ids, report_ids = family
    journal = intake_retention.purge_journal_write(intake_retention.evidence_names(report_ids))
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=root.pk)
        if locked.purged_at is not None or locked.state != S.NOT_REGISTERED:
            return  # changed since it was selected; the journal's files are still named
        purged = [
            result
            for report in Report.objects.filter(pk__in=report_ids).order_by("pk")
            if (result := intake_retention.report_purge(report=report, now=now)) is not None
        ]
        for case_id in case_ids:
            _case_skeleton(case_id, now)
        counts = {
            "evidence": sum(r.evidence for r in purged),
            "messages": sum(r.messages for r in purged),
            "links": sum(r.links for r in purged),
        }
        audit_record(
            actor=None,
            action=ACTION_CASE_PURGED,
            target=locked,
            payload={
                "rule": "not_registered",
                "days": policy.unregistered_days,
                "reports": [r.tracking_number for r in purged],
                "cases": len(case_ids),
                **counts,
            },
        )
    summary.cases += len(case_ids)
    summary.reports += len(purged)
    summary.evidence += counts["evidence"]
    summary.messages += counts["messages"]
    summary.links += counts["links"]
    summary.case_ids.append(str(locked.public_id))
    if journal is not None:
        summary.files_removed += intake_retention.purge_journals_finish()


# --- rule 2: the reporter's identity after the case ended --------------------------------------


def identity_due(*, now: dt.datetime | None = None, policy: Policy | None = None):
    """Reports holding a sealed reporter identity whose every case is in a final state, the last
    closed before the cutoff. Reports with no case yet are not due."""
    policy = policy or Policy.from_settings()
    cutoff = _cutoff(policy.identity_days, now or timezone.now())
    if cutoff is None:
        return Report.objects.none()
    links = CaseReport.objects.filter(report=OuterRef("pk"))
    still_needed = links.filter(
        ~Q(case__state__in=workflow.TERMINAL_STATES)
        | Q(case__closed_at__isnull=True)
        | Q(case__closed_at__gt=cutoff)
    )
    return (
        Report.objects.filter(purged_at__isnull=True)
        .exclude(reporter_envelope="")
        .filter(Exists(links))
        .exclude(Exists(still_needed))
        .order_by("pk")
    )


def _erase_identity(report: Report, now: dt.datetime, policy: Policy) -> bool:
    with transaction.atomic():
        if not intake_retention.report_identity_erase(report=report, now=now):
            return False
        audit_record(
            actor=None,
            action=ACTION_IDENTITY_ERASED,
            target=report,
            payload={"rule": "case_closed", "days": policy.identity_days},
        )
    return True


# --- the job ---------------------------------------------------------------------------------


def retention_purge(
    *, now: dt.datetime | None = None, dry_run: bool = False, policy: Policy | None = None
) -> PurgeSummary:
    """Apply the retention policy once (see the module docstring). With `dry_run`, count what
    is due and change nothing. Raises `intake.retention.PurgeBusy` when another run is going."""
    now = now or timezone.now()
    policy = policy or Policy.from_settings()
    summary = PurgeSummary(
        dry_run=dry_run,
        unregistered_days=policy.unregistered_days,
        identity_days=policy.identity_days,
    )
    if dry_run:
        _count_due(now, policy, summary)
        return summary
    with intake_retention.purge_run_lock():
        # Files a crashed run committed the removal of but did not delete.
        summary.files_removed += intake_retention.purge_journals_finish()
        # Ids first: each family is purged in its own transaction, outside any open cursor.
        for root_id in list(unregistered_due(now=now, policy=policy).values_list("pk", flat=True)):
            root = Case.objects.get(pk=root_id)
            try:
                _purge_family(root, now, policy, summary)
            except Exception:
                summary.failed += 1
                logger.exception("retention: purging case %s failed", root.public_id)
        for report_id in list(identity_due(now=now, policy=policy).values_list("pk", flat=True)):
            report = Report.objects.get(pk=report_id)
            try:
                summary.identities += _erase_identity(report, now, policy)
            except Exception:
                summary.failed += 1
                logger.exception(
                    "retention: erasing identity of report %s failed", report.public_id
                )
        if summary.changed or summary.failed:
            with transaction.atomic():
                audit_record(actor=None, action=ACTION_RUN, payload=summary.as_dict())
    return summary


def _count_due(now: dt.datetime, policy: Policy, summary: PurgeSummary) -> None:
    purged_reports: set[int] = set()
    for root in unregistered_due(now=now, policy=policy).iterator():
        family = _family(root)
        if family is None:
            continue
        case_ids, report_ids = family
        summary.cases += len(case_ids)
        summary.reports += len(report_ids)
        summary.evidence += Evidence.objects.filter(report_id__in=report_ids).count()
        summary.case_ids.append(str(root.public_id))
        purged_reports.update(report_ids)
    # A report purged under rule 1 loses its identity with it: not counted twice.
    due = identity_due(now=now, policy=policy).values_list("pk", flat=True)
    summary.identities = len(set(due) - purged_reports)


def purge_date(case: Case, *, policy: Policy | None = None) -> dt.datetime | None:
    """When `case`'s content becomes due for purging under rule 1 (None: never, or purged)."""
    policy = policy or Policy.from_settings()
    if (
        case.purged_at is not None
        or case.state != S.NOT_REGISTERED
        or case.merged_into_id
        or case.closed_at is None
        or policy.unregistered_days <= 0
    ):
        return None
    return case.closed_at + dt.timedelta(days=policy.unregistered_days)
