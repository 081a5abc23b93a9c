"""Content-addressed file storage shared by evidence (intake), issued documents, decree files
(sanctions) and prevention files: one write order, one sweep and one check for all of them.

Write order, safe across a crash at any point (issue 15; `Store`):
1. the file is streamed to `<root>/staging/`, hashed and `fsync`ed;
2. inside the transaction that inserts its row, a promotion journal naming the file's final
   place is written and `fsync`ed (`staging/promoting/<uuid>.json`), then the file is moved
   (`os.replace`, directory `fsync`) to a path named after its SHA-256;
3. the row commits; only then is anybody answered;
4. on commit the journal is removed.

So a committed row always names a file already in place. A crash or rollback leaves files
without rows and their journal: `Store.sweep` removes a journal's files that no row names once
the journal is older than the grace period (never a file a younger journal names), and finishes
the promotion of an old staged file whose content a row names but whose final copy is missing
(rows committed by versions that moved files after the commit). A shared/exclusive lock on
`<root>/.lock` keeps promotions and a sweep from interleaving. Every read re-hashes the bytes
(`open_verified`): a stored file that changed is refused, never served; `Store.check` re-hashes
every row's file (`netra files check`).
"""

import contextlib
import fcntl
import hashlib
import importlib
import json
import logging
import os
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import puremagic
from django.conf import settings
from django.db import transaction

from netra.faults import fault_point

CHUNK = 1024 * 1024
logger = logging.getLogger(__name__)


class ContentIntegrityError(Exception):
    """A stored file is missing or its bytes no longer match the recorded SHA-256."""


def staging_dir(root: Path) -> Path:
    path = root / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_verified(path: Path, sha256: str, *, error: type[ContentIntegrityError]):
    """An open binary file, positioned at the start, whose bytes hash to `sha256`."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise error("missing") from exc
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    if digest.hexdigest() != sha256:
        handle.close()
        raise error("mismatch")
    handle.seek(0)
    return handle


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _place(staged: Path, target: Path) -> None:
    """Move a staged (hashed, fsynced) file to its content address. Identical content there
    is replaced too, so a missing or damaged copy is healed and its age starts again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)
    _fsync_dir(target.parent)


@dataclass
class StoredRow:
    """One file a row names, for `Store.check`: `row` identifies the row in messages (ids only,
    never names or reporter data), `name` is the file's name in the store."""

    row: str
    name: str
    sha256: str
    size: int | None = None


@dataclass
class FileProblem:
    store: str
    row: str
    name: str
    problem: str  # "missing", "size" or "mismatch"


def _same(sha256: str) -> tuple[str, ...]:
    return (sha256,)


@dataclass(frozen=True)
class Store:
    """One content-addressed store under MEDIA_ROOT/<folder>.

    A file's `name` is what rows record (its SHA-256, or e.g. "display/<sha>" for evidence's
    display copies); `path_of(root, name)` is where it lives; `referenced(names)` answers which
    of `names` some committed row names (the sweep never removes those); `rows()` yields every
    row's file for the check; `names_of_content(sha)` the names a file with that content may
    have (for finishing an old promotion found in staging)."""

    label: str
    folder: str
    path_of: Callable[[Path, str], Path]
    referenced: Callable[[set[str]], set[str]]
    rows: Callable[[], Iterable[StoredRow]]
    names_of_content: Callable[[str], tuple[str, ...]] = _same
    # Setting holding the sweep's grace period (seconds; 24 hours when unset) and what else
    # the store's sweep cleans (given the cutoff time; returns files removed).
    grace_setting: str = ""
    extra_sweep: Callable[[float], int] | None = None

    def grace_seconds(self) -> int:
        return int(
            getattr(settings, self.grace_setting, 24 * 3600) if self.grace_setting else 24 * 3600
        )

    def root(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.folder

    def path(self, name: str) -> Path:
        return self.path_of(self.root(), name)

    def staging(self) -> Path:
        return staging_dir(self.root())

    def journal_dir(self) -> Path:
        path = self.staging() / "promoting"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @contextlib.contextmanager
    def lock(self, *, exclusive: bool):
        """Promotions share the lock; a sweep takes it alone, so a file it is about to remove
        cannot be re-placed (or deduplicated against) half-way."""
        root = self.root()
        root.mkdir(parents=True, exist_ok=True)
        with open(root / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # --- write ---------------------------------------------------------------------------

    def promote(self, items: list[tuple[Path, str]]) -> Path | None:
        """Put staged files (path, name) in their final place before their rows commit; returns
        the journal to pass to `promotion_done` once they have (left behind, the sweep reads
        it). A staged file that vanished raises here, before any row can name it."""
        if not items:
            return None
        journal = self.journal_dir() / f"{uuid.uuid4().hex}.json"
        tmp = journal.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump([name for _path, name in items], out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, journal)
        with self.lock(exclusive=False):
            for path, name in items:
                _place(path, self.path(name))
        return journal

    def promotion_done(self, journal: Path | None) -> None:
        """The rows naming the journal's files are committed: forget the journal."""
        if journal is not None:
            journal.unlink(missing_ok=True)

    def promote_until_commit(self, items: list[tuple[Path, str]]) -> None:
        """Inside the transaction that inserts the rows naming `items`, before it commits: put
        the files in place now and forget the journal when the transaction commits (a rollback
        leaves the journal, and the sweep removes the files no row names). Fault points
        `<label>.after_promote` and `<label>.after_commit` (netra/faults.py)."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("promote_until_commit needs the transaction that inserts the rows")
        journal = self.promote(items)
        fault_point(f"{self.label}.after_promote")

        def committed():
            fault_point(f"{self.label}.after_commit")
            self.promotion_done(journal)

        transaction.on_commit(committed)

    # --- sweep ---------------------------------------------------------------------------

    def _sweep_journals(self, cutoff: float) -> int:
        """Remove the files of old journals that no row names (their request never committed)."""
        removed = 0
        with self.lock(exclusive=True):
            old, young_names = [], set()
            for journal in self.journal_dir().iterdir():
                if journal.suffix != ".json":
                    with contextlib.suppress(FileNotFoundError):
                        if journal.stat().st_mtime < cutoff:
                            journal.unlink()
                    continue
                try:
                    names = json.loads(journal.read_text(encoding="utf-8"))
                    mtime = journal.stat().st_mtime
                except (FileNotFoundError, ValueError):
                    journal.unlink(missing_ok=True)
                    continue
                if mtime < cutoff:
                    old.append((journal, names))
                else:
                    young_names.update(names)
            for journal, names in old:
                orphans = set(names) - young_names - self.referenced(set(names))
                for name in orphans:
                    path = self.path(name)
                    if path.is_file():
                        path.unlink()
                        removed += 1
                journal.unlink(missing_ok=True)
        return removed

    def rescue_or_remove(self, path: Path) -> bool:
        """An old staged file: if a row names its content and the final copy is missing or
        damaged, finish its promotion; else remove it. True when it was removed."""
        try:
            sha = sha256_of(path)
        except FileNotFoundError:
            return False
        for name in self.names_of_content(sha):
            if self.referenced({name}):
                target = self.path(name)
                if not target.is_file() or sha256_of(target) != sha:
                    with self.lock(exclusive=False):
                        _place(path, target)
                    logger.error("%s file finished promotion from staging: %s", self.label, name)
                    return False
        path.unlink(missing_ok=True)
        return True

    def sweep(self, *, older_than_seconds: int) -> int:
        """Clean up after crashes and rollbacks, older than the grace period: files of
        promotions that never committed, and loose staged files no row names (a staged copy a
        committed row still needs is moved into place instead), then `extra_sweep`. Returns
        how many files were removed."""
        cutoff = time.time() - older_than_seconds
        removed = self._sweep_journals(cutoff)
        for path in self.staging().iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    removed += self.rescue_or_remove(path)
            except FileNotFoundError:
                continue
        if self.extra_sweep is not None:
            removed += self.extra_sweep(cutoff)
        return removed

    def sweepable(self, *, older_than_seconds: int) -> int:
        """How many journals and loose staged files a sweep would look at (a dry run)."""
        cutoff = time.time() - older_than_seconds
        count = 0
        for folder in (self.staging(), self.journal_dir()):
            for path in folder.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    count += path.is_file() and path.stat().st_mtime < cutoff
        return count

    # --- check ---------------------------------------------------------------------------

    def check(self, *, quick: bool = False) -> tuple[int, list[FileProblem]]:
        """Every row's file exists and hashes to its recorded SHA-256 (`quick`: exists with
        the recorded size, where one is recorded). Returns (files checked, problems)."""
        checked, problems = 0, []
        for item in self.rows():
            checked += 1
            path = self.path(item.name)
            try:
                if quick:
                    size = path.stat().st_size
                    problem = "size" if item.size is not None and size != item.size else ""
                else:
                    problem = "" if sha256_of(path) == item.sha256 else "mismatch"
            except FileNotFoundError:
                problem = "missing"
            if problem:
                problems.append(FileProblem(self.label, item.row, item.name, problem))
        return checked, problems


# The modules that define a store (each as `STORE`): one list, for `netra files` and its tasks.
STORE_MODULES = (
    "netra.intake.evidence",
    "netra.documents.storage",
    "netra.sanctions.storage",
    "netra.prevention.storage",
)


def stores() -> list[Store]:
    return [importlib.import_module(module).STORE for module in STORE_MODULES]


# --- uploads: streamed to staging while hashed, type read from the content -------------------

UPLOAD_CHUNK = 256 * 1024
MAX_NAME = 120
HEAD_BYTES = 1024


@dataclass
class StagedUpload:
    path: Path
    sha256: str
    size: int
    name: str
    content_type: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def clean_file_name(value: object, default: str) -> str:
    """A file name safe to show and to offer as a download name (no path, no control chars)."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    text = text.replace("/", "_").replace("\\", "_").strip().lstrip(".")
    return text[-MAX_NAME:] or default


def sniff_type(head: bytes, allowed: dict[str, bytes]) -> str | None:
    """The MIME type of `head` if it starts with one of `allowed`'s magic bytes and puremagic
    agrees; None otherwise (never the name or the browser's claim)."""
    for mime, magic in allowed.items():
        if head.startswith(magic):
            try:
                found = puremagic.from_string(head, mime=True)
            except (puremagic.PureError, ValueError):
                return None
            return mime if found == mime else None
    return None


def stage_upload(
    uploaded,
    *,
    root: Path,
    allowed: dict[str, bytes],
    max_bytes: int,
    refuse: Callable[[str], Exception],
    default_name: str,
) -> StagedUpload:
    """Copy an upload into `root`/staging while hashing it.

    Raises `refuse(code)` with code "too_large", "empty" or "type"; nothing is kept then.
    """
    fd, name = tempfile.mkstemp(prefix="up-", dir=staging_dir(root))
    path = Path(name)
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        with os.fdopen(fd, "wb") as out:
            for chunk in uploaded.chunks(UPLOAD_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise refuse("too_large")
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise refuse("empty")
        content_type = sniff_type(head, allowed)
        if content_type is None:
            raise refuse("type")
        return StagedUpload(
            path,
            digest.hexdigest(),
            size,
            clean_file_name(getattr(uploaded, "name", ""), default_name),
            content_type,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
