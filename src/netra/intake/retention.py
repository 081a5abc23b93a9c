"""Retention on the intake side (ADR 0014): emptying a report, erasing the reporter's identity,
and removing evidence files once no row names them.

`cases/retention.py` decides what is due (a report's fate follows its cases) and calls these.
`report_purge` and `report_identity_erase` run inside the caller's transaction (they lock the
report). Files are removed only after the rows are gone and committed, through a journal:

1. `purge_journal_write(names)` before the transaction: a file under `evidence/purging/`
   naming the store files (`<sha>`, `display/<sha>`) the purge is about to orphan, fsynced;
2. the transaction deletes the evidence rows and commits;
3. `purge_journals_finish()` removes, under the evidence store's exclusive lock, every named
   file that no evidence row and no promotion journal names (the same content sent in another
   report, or being stored right now, keeps its file), then the journal.

A crash between 2 and 3 leaves the journal: the next run finishes it first. A rollback leaves a
journal whose files rows still name, so finishing it removes nothing. The lock file and the
promotion journals are the evidence store's (`intake/evidence.py`), read here by path so a
promotion and this removal never interleave.
"""

import contextlib
import fcntl
import json
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from netra.intake import evidence
from netra.intake.choices import EventKind
from netra.intake.models import (
    Evidence,
    IdempotencyKey,
    Report,
    ReportEvent,
    ReportLink,
    ReportMessage,
)

logger = logging.getLogger(__name__)

PURGED_NOTE = _(
    "Isi laporan ini, bukti dan identitas pelapor telah dihapus sesuai jadwal retensi arsip, "
    "karena laporan tidak diregistrasi."
)
# Fields emptied by a purge; what stays (region, election, act, dates, status, source, mode,
# language) is what the statistics count and contains nothing the reporter wrote.
_EMPTIED_TEXT = (
    "description",
    "place_text",
    "reported_name",
    "reported_workplace",
    "reported_position",
    "reported_nip",
    "reported_nik",
    "reporter_envelope",
)


@dataclass
class ReportPurged:
    """What a report's purge removed: counts only, plus the store names of its files."""

    public_id: str
    tracking_number: str
    evidence: int
    messages: int
    links: int
    files: set[str]


def evidence_names(report_ids) -> set[str]:
    """The store names (`<sha>`, `display/<sha>`) of the evidence rows of these reports."""
    names: set[str] = set()
    for sha, display in Evidence.objects.filter(report_id__in=list(report_ids)).values_list(
        "sha256", "display_sha256"
    ):
        names.add(sha)
        if display:
            names.add("display/" + display)
    return names


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def report_purge(*, report: Report, now) -> ReportPurged | None:
    """Empty `report` (inside the caller's transaction): its text and the reported person's
    details, the sealed reporter identity, links, messages, the public timeline (replaced by
    one line saying why), idempotency receipts and every evidence row; the access key stops
    opening it. The row stays, with `purged_at`, for the statistics and the audit trail. None
    when it was purged already."""
    report = _locked(report)
    if report.purged_at is not None:
        return None
    files = evidence_names([report.pk])
    counts = {
        "evidence": Evidence.objects.filter(report=report).count(),
        "messages": ReportMessage.objects.filter(report=report).count(),
        "links": ReportLink.objects.filter(report=report).count(),
    }
    Evidence.objects.filter(report=report).delete()
    ReportMessage.objects.filter(report=report).delete()
    ReportLink.objects.filter(report=report).delete()
    ReportEvent.objects.filter(report=report).delete()
    IdempotencyKey.objects.filter(report=report).delete()
    for name in _EMPTIED_TEXT:
        setattr(report, name, "")
    report.guidance = {}
    report.has_contact = False
    report.learned_date = None
    # The receipt expires with the content: no access key opens the report any more (a random
    # value no key's HMAC can equal), so the reporter's number and key reveal nothing, not even
    # the outcome, and nothing can be added to an emptied report.
    report.access_key_digest = secrets.token_hex(32)
    report.purged_at = now
    if report.identity_erased_at is None:
        report.identity_erased_at = now
    report.save(
        update_fields=[
            *_EMPTIED_TEXT,
            "guidance",
            "has_contact",
            "learned_date",
            "access_key_digest",
            "purged_at",
            "identity_erased_at",
            "updated_at",
        ]
    )
    with override("id"):
        text_id = str(PURGED_NOTE)
    with override("en"):
        text_en = str(PURGED_NOTE)
    ReportEvent.objects.create(
        report=report,
        kind=EventKind.NOTE,
        code="retention_purged",
        text_id=text_id,
        text_en=text_en,
    )
    return ReportPurged(
        public_id=str(report.public_id),
        tracking_number=report.tracking_number,
        files=files,
        **counts,
    )


def report_identity_erase(*, report: Report, now) -> bool:
    """Erase the reporter's sealed identity and contact details (inside the caller's
    transaction); the report and its evidence stay. False when there was nothing to erase."""
    report = _locked(report)
    if not report.reporter_envelope:
        return False
    report.reporter_envelope = ""
    report.has_contact = False
    report.identity_erased_at = now
    report.save(update_fields=["reporter_envelope", "has_contact", "identity_erased_at"])
    return True


# --- files: removed after the commit, journalled ---------------------------------------------


def _purge_dir() -> Path:
    path = evidence.evidence_root() / "purging"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _store_lock():
    """The evidence store's lock (`<root>/.lock`), taken alone: promotions share it."""
    root = evidence.evidence_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class PurgeBusy(RuntimeError):
    """Another purge run holds the run lock."""


@contextlib.contextmanager
def purge_run_lock():
    """One purge run at a time (beat and an operator's command may overlap): a run finishing
    journals must never meet another run's journal whose transaction has not committed yet.
    Not blocking: raises PurgeBusy. The lock dies with its process."""
    with open(_purge_dir() / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise PurgeBusy("another retention purge is running") from exc
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _path(name: str) -> Path:
    if name.startswith("display/"):
        return evidence.display_path(name.removeprefix("display/"))
    return evidence.original_path(name)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def purge_journal_write(names: set[str]) -> Path | None:
    """Before the transaction that deletes the rows: name the files it will orphan."""
    if not names:
        return None
    folder = _purge_dir()
    journal = folder / f"{uuid.uuid4().hex}.json"
    tmp = journal.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(sorted(names), out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, journal)
    _fsync_dir(folder)
    return journal


def purge_journals_pending() -> int:
    return sum(1 for path in _purge_dir().iterdir() if path.suffix == ".json")


def _named_by_rows(names: set[str]) -> set[str]:
    originals = {n for n in names if not n.startswith("display/")}
    displays = {n.removeprefix("display/") for n in names if n.startswith("display/")}
    found = set(Evidence.objects.filter(sha256__in=originals).values_list("sha256", flat=True))
    found |= {
        "display/" + sha
        for sha in Evidence.objects.filter(display_sha256__in=displays).values_list(
            "display_sha256", flat=True
        )
    }
    return found


def _being_promoted() -> set[str]:
    """Names in the evidence store's promotion journals (any age): files an upload has put
    or is putting in place whose rows may not be committed yet."""
    folder = evidence.staging_dir() / "promoting"
    names: set[str] = set()
    if not folder.is_dir():
        return names
    for journal in folder.iterdir():
        if journal.suffix != ".json":
            continue
        try:
            names.update(json.loads(journal.read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError):
            continue
    return names


def _remove_empty_parents(path: Path, root: Path) -> None:
    for parent in (path.parent, path.parent.parent):
        if parent == root or root not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:
            return


def purge_journals_finish() -> int:
    """Remove the files of every purge journal that no evidence row and no promotion journal
    names, then the journal (after the purge's commit, or on the next run after a crash).
    Call it holding `purge_run_lock`. Returns the number of files removed."""
    removed = 0
    root = evidence.evidence_root()
    with _store_lock():
        journals = sorted(p for p in _purge_dir().iterdir() if p.suffix in (".json", ".tmp"))
        if not journals:
            return 0
        promoting = _being_promoted()
        for journal in journals:
            if journal.suffix == ".tmp":  # written by a run that died before it began
                journal.unlink(missing_ok=True)
                continue
            try:
                names = set(json.loads(journal.read_text(encoding="utf-8")))
            except (FileNotFoundError, ValueError):
                journal.unlink(missing_ok=True)
                continue
            for name in sorted(names - promoting - _named_by_rows(names)):
                path = _path(name)
                if path.is_file():
                    path.unlink()
                    removed += 1
                    _remove_empty_parents(path, root)
            journal.unlink(missing_ok=True)
    if removed:
        logger.info("retention: %s evidence files removed", removed)
    return removed
