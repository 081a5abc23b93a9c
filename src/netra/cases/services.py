"""Writes of the cases app. For now: loading the reviewed deadline rules (DESIGN.md §7)."""

import datetime as dt
import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from netra.audit.services import audit_record
from netra.cases.choices import DeadlineScope, DeadlineUnit
from netra.cases.models import DeadlineRule

DATA_FILE = Path(__file__).resolve().parent / "data" / "deadlines.toml"
_TEXT_FIELDS = ("label_id", "label_en", "legal_basis", "source", "note")


class DeadlineDataError(ValueError):
    """The deadlines data file is malformed; nothing is stored."""


def _read(path: Path) -> list[dict]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise DeadlineDataError(f"{path.name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DeadlineDataError(f"{path.name}: {exc}") from exc
    rows = data.get("deadline", [])
    if not isinstance(rows, list):
        raise DeadlineDataError(f"{path.name}: [[deadline]] must be a list of tables")
    return rows


def _values(row: dict, where: str) -> dict:
    for key in ("code", "unit", "label_id"):
        if not str(row.get(key) or "").strip():
            raise DeadlineDataError(f"{where}: {key} is required")
    kind = row.get("election_kind", DeadlineScope.ANY)
    if kind not in DeadlineScope.values:
        raise DeadlineDataError(f"{where}: election_kind must be one of {DeadlineScope.values}")
    if row["unit"] not in DeadlineUnit.values:
        raise DeadlineDataError(f"{where}: unit must be one of {DeadlineUnit.values}")
    days = row.get("days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise DeadlineDataError(f"{where}: days must be a whole number >= 0 or omitted")
    if days is None and not (row.get("setting") or row.get("unverified")):
        raise DeadlineDataError(f"{where}: without days, give a setting or mark it unverified")
    valid_from = row.get("valid_from")
    if valid_from is not None and (
        not isinstance(valid_from, dt.date) or isinstance(valid_from, dt.datetime)
    ):
        raise DeadlineDataError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    version = row.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DeadlineDataError(f"{where}: version must be a whole number >= 1")
    return {
        "unit": row["unit"],
        "days": days,
        "setting_code": str(row.get("setting") or "").strip(),
        "unverified": bool(row.get("unverified", False)),
        "valid_from": valid_from,
        **{key: str(row.get(key) or "").strip() for key in _TEXT_FIELDS},
    }


@transaction.atomic
def cases_load_reference(*, actor=None, path: Path | None = None) -> dict:
    """Upsert `data/deadlines.toml` keyed by (code, election_kind, version); all or nothing.

    Idempotent: unchanged rows are not written, and one audit event with the counts is recorded
    only when something was created or updated. Rows missing from the file are kept.
    """
    path = path or DATA_FILE
    counts = {"source": 0, "created": 0, "updated": 0, "unchanged": 0}
    existing = {(r.code, r.election_kind, r.version): r for r in DeadlineRule.objects.all()}
    seen: set[tuple] = set()
    changed: list[str] = []
    for number, row in enumerate(_read(path), start=1):
        where = f"{path.name}: deadline #{number} ({row.get('code', '?')})"
        values = _values(row, where)
        key = (row["code"], row.get("election_kind", DeadlineScope.ANY), row.get("version", 1))
        if key in seen:
            raise DeadlineDataError(f"{where}: duplicate code/election_kind/version")
        seen.add(key)
        counts["source"] += 1
        rule = existing.get(key)
        if rule is None:
            rule = DeadlineRule(code=key[0], election_kind=key[1], version=key[2], **values)
            counts["created"] += 1
        elif any(getattr(rule, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rule, name, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        try:
            rule.full_clean()
        except ValidationError as exc:
            raise DeadlineDataError(f"{where}: {exc.messages}") from exc
        rule.save()
        changed.append(str(rule))
    if changed:
        audit_record(
            actor=actor,
            action="cases.reference_loaded",
            target=("cases.deadlinerule", "reference"),
            payload={"counts": counts, "changed": changed},
        )
    return counts
