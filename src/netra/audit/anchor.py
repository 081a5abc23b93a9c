"""Checkpoints of the audit chain, kept outside the database it protects.

The hash chain shows an edited or removed event only while something remembers how far the chain
reached: someone who can rewrite the database can also delete the last events and rewind the
head, or rebuild the whole chain with fresh hashes. So every few minutes (beat task
`audit.checkpoint`, `netra audit checkpoint`) the head's `seq` and hash are appended, MACed with a
key of their own (`settings.AUDIT_ANCHOR_KEYS`, newest first), to a file under the var dir
(`settings.AUDIT_CHECKPOINT_FILE`, opened O_APPEND and fsynced). Each line also carries the
previous line's MAC, so a line removed or edited in the middle breaks the file.

A checkpoint is written only after the events since the previous one are verified to extend it,
so a cut chain is never signed over. `netra audit verify` fails when the chain is shorter than the
last checkpoint or an event differs from the hash a checkpoint recorded for it.

What this does not stop: someone who holds the var dir (or the anchor key) as well as the
database, and events written after the last checkpoint. Ship the file off the host (log shipping,
`chattr +a`) to move the first out of reach; the beat interval bounds the second.
"""

import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FORMAT = 1


class AnchorError(Exception):
    """The checkpoint file is damaged, or the chain disagrees with it."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    prev: str
    kid: str
    mac: str
    line: int = 0


def _keys() -> list[tuple[str, bytes]]:
    keys = []
    for secret in settings.AUDIT_ANCHOR_KEYS:
        if secret:
            key = hashlib.sha256(b"netra.audit.anchor-key\x00" + secret.encode()).digest()
            keys.append((hashlib.sha256(b"key-id\x00" + key).hexdigest()[:12], key))
    if not keys:
        raise AnchorError("no AUDIT_ANCHOR_KEYS configured")
    return keys


def _signed_text(seq: int, digest: str, at: str, prev: str) -> bytes:
    return json.dumps([FORMAT, seq, digest, at, prev], separators=(",", ":")).encode()


def _mac(key: bytes, seq: int, digest: str, at: str, prev: str) -> str:
    return hmac.new(key, _signed_text(seq, digest, at, prev), hashlib.sha256).hexdigest()


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def checkpoints_read() -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first, each MAC and link checked."""
    file = path()
    if not file.exists():
        return []
    keys = dict(_keys())
    result: list[Checkpoint] = []
    prev_mac = ""
    with file.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
                point = Checkpoint(
                    seq=int(row["seq"]),
                    hash=str(row["hash"]),
                    at=str(row["at"]),
                    prev=str(row["prev"]),
                    kid=str(row["kid"]),
                    mac=str(row["mac"]),
                    line=number,
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise AnchorError(f"checkpoint file line {number} is unreadable") from exc
            key = keys.get(point.kid)
            if key is None:
                raise AnchorError(f"checkpoint line {number}: no configured anchor key matches")
            expected = _mac(key, point.seq, point.hash, point.at, point.prev)
            if not hmac.compare_digest(expected, point.mac):
                raise AnchorError(f"checkpoint line {number} fails its MAC (edited or forged)")
            if point.prev != prev_mac:
                raise AnchorError(f"checkpoint line {number} does not follow line {number - 1}")
            if result and point.seq < result[-1].seq:
                raise AnchorError(f"checkpoint line {number} goes back in the chain")
            result.append(point)
            prev_mac = point.mac
    return result


def _append(seq: int, digest: str, prev: str) -> Checkpoint:
    kid, key = _keys()[0]
    at = timezone.now().isoformat(timespec="seconds")
    point = Checkpoint(seq, digest, at, prev, kid, _mac(key, seq, digest, at, prev))
    line = json.dumps(
        {"seq": seq, "hash": digest, "at": at, "prev": prev, "kid": kid, "mac": point.mac},
        separators=(",", ":"),
    )
    fd = os.open(path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return point


def checkpoint_write() -> Checkpoint | None:
    """Verify the events since the last checkpoint and append one for the current head.

    Returns None when the head has not moved. Raises AnchorError (and writes nothing) when the
    chain no longer extends the last checkpoint or does not verify up to the head.
    """
    from netra.audit.selectors import audit_chain_walk

    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    # One writer at a time (beat task and a command may meet); the lock file is not the log.
    with open(file.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        points = checkpoints_read()
        last = points[-1] if points else None
        report = audit_chain_walk(start=(last.seq, last.hash) if last else None)
        if not report.intact:
            raise AnchorError(report.reason)
        if last is not None and report.head_seq == last.seq:
            return None
        if report.head_seq == 0:
            return None
        return _append(report.head_seq, report.head_hash, last.mac if last else "")


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool
    checkpoints: int
    last_seq: int | None = None
    broken_seq: int | None = None
    reason: str = ""


def checkpoints_compare(
    points: list[Checkpoint], hashes: dict[int, str], count: int
) -> AnchorCheck:
    """Compare an intact chain (`count` events; `hashes` holds the hash of each checkpointed
    seq) with the checkpoints."""
    if not points:
        return AnchorCheck(True, 0)
    last = points[-1]
    if count < last.seq:
        return AnchorCheck(
            False,
            len(points),
            last.seq,
            count + 1,
            f"chain ends at #{count} but a checkpoint of {last.at} recorded #{last.seq}",
        )
    for point in points:
        if hashes.get(point.seq) != point.hash:
            return AnchorCheck(
                False,
                len(points),
                last.seq,
                point.seq,
                f"event #{point.seq} differs from the checkpoint of {point.at}",
            )
    return AnchorCheck(True, len(points), last.seq)
