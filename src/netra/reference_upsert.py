"""The upsert shared by the small TOML reference loaders (deadline rules, pledge templates).

Rows are keyed by a natural key; an unchanged row is not written, a changed one is validated
with `full_clean` and saved, and one audit event with the counts is recorded only when
something was created or updated. Rows missing from the file are kept. The caller runs it inside
its transaction, so a bad row leaves nothing stored (all or nothing).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from netra.audit.services import audit_record


@dataclass(frozen=True)
class ReferenceRow:
    where: str  # "file.toml: thing #3 (code)", for error messages
    key: tuple  # the natural key, in the order of `key_fields`
    values: dict[str, Any]  # every other field


def reference_upsert(
    *,
    model: type[models.Model],
    key_fields: tuple[str, ...],
    rows: Iterable[ReferenceRow],
    error: type[Exception],
    actor: Any,
    action: str,
    check_update: Callable[[models.Model, ReferenceRow], None] | None = None,
) -> dict[str, int]:
    """Create or update `model` rows from `rows`; raise `error` on a duplicate or invalid row.

    `check_update(existing, row)` may refuse a change by raising `error` (pledge texts, say).
    """
    counts = {"source": 0, "created": 0, "updated": 0, "unchanged": 0}
    existing = {
        tuple(getattr(obj, name) for name in key_fields): obj for obj in model.objects.all()
    }
    seen: set[tuple] = set()
    changed: list[str] = []
    for row in rows:
        if row.key in seen:
            raise error(f"{row.where}: duplicate {'/'.join(key_fields)}")
        seen.add(row.key)
        counts["source"] += 1
        obj = existing.get(row.key)
        if obj is None:
            obj = model(**dict(zip(key_fields, row.key, strict=True)), **row.values)
            counts["created"] += 1
        elif any(getattr(obj, name) != value for name, value in row.values.items()):
            if check_update:
                check_update(obj, row)
            for name, value in row.values.items():
                setattr(obj, name, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise error(f"{row.where}: {exc.messages}") from exc
        obj.save()
        changed.append(str(obj))
    if changed:
        audit_record(
            actor=actor,
            action=action,
            target=(model._meta.label_lower, "reference"),
            payload={"counts": counts, "changed": changed},
        )
    return counts
