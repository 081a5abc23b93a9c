"""Writes: holiday overrides (audited) and the reviewed overrides data file."""

import datetime as dt
import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from netra.audit.services import audit_record
from netra.regions.models import Region
from netra.regions.selectors import region_get
from netra.workdays.choices import OverrideAction
from netra.workdays.models import HolidayOverride

DATA_FILE = Path(__file__).resolve().parent / "data" / "overrides.toml"
_EDITABLE = ("date", "action", "region", "name", "decree", "source")


def _snapshot(override: HolidayOverride) -> dict:
    return {
        "date": override.date.isoformat(),
        "action": override.action,
        "region": override.region.code if override.region_id else None,
        "name": override.name,
        "decree": override.decree,
        "source": override.source,
    }


@transaction.atomic
def holiday_override_add(
    *,
    actor,
    date: dt.date,
    action: str,
    region: Region | None = None,
    name: str,
    decree: str,
    source: str = "",
) -> HolidayOverride:
    """Declare a date non-working (`add`) or working (`remove`), nationally or for a region."""
    override = HolidayOverride(
        date=date,
        action=action,
        region=region,
        name=name,
        decree=decree,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    override.full_clean()
    override.save()
    audit_record(
        actor=actor,
        action="workdays.override_add",
        target=("workdays.holidayoverride", override.public_id),
        payload=_snapshot(override),
    )
    return override


@transaction.atomic
def holiday_override_update(*, actor, override: HolidayOverride, **changes) -> HolidayOverride:
    """Change fields of an override (date, action, region, name, decree, source)."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    before = _snapshot(HolidayOverride.objects.select_related("region").get(pk=override.pk))
    for field, value in changes.items():
        setattr(override, field, value)
    override.full_clean()
    override.save()
    after = _snapshot(override)
    if after != before:
        audit_record(
            actor=actor,
            action="workdays.override_update",
            target=("workdays.holidayoverride", override.public_id),
            payload={"before": before, "after": after},
        )
    return override


@transaction.atomic
def holiday_override_remove(*, actor, override: HolidayOverride) -> None:
    snapshot = _snapshot(override)
    public_id = override.public_id
    override.delete()
    audit_record(
        actor=actor,
        action="workdays.override_remove",
        target=("workdays.holidayoverride", public_id),
        payload=snapshot,
    )


def _read_rows(path: Path) -> list[dict]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    rows = data.get("override", [])
    for number, row in enumerate(rows, start=1):
        if not isinstance(row.get("date"), dt.date) or isinstance(row.get("date"), dt.datetime):
            raise ValueError(f"{path.name}: override #{number}: date must be a TOML date")
        if row.get("action") not in OverrideAction.values:
            raise ValueError(f"{path.name}: override #{number}: action must be add or remove")
        for key in ("name", "decree"):
            if not str(row.get(key, "")).strip():
                raise ValueError(f"{path.name}: override #{number}: {key} is required")
    return rows


@transaction.atomic
def workdays_load_reference(*, actor=None, path: Path | None = None) -> dict:
    """Upsert the reviewed overrides in `data/overrides.toml`, keyed by (date, region).

    Idempotent: unchanged rows are not written and no audit event is recorded when nothing
    changed. Overrides added by hand are never deleted.
    """
    path = path or DATA_FILE
    counts = {"source": 0, "created": 0, "updated": 0, "unchanged": 0}
    for number, row in enumerate(_read_rows(path), start=1):
        counts["source"] += 1
        region = None
        if row.get("region"):
            region = region_get(str(row["region"]))
            if region is None:
                raise ValueError(
                    f"{path.name}: override #{number}: unknown region {row['region']!r} "
                    "(load the regions first)"
                )
        wanted = {
            "action": row["action"],
            "name": row["name"].strip(),
            "decree": row["decree"].strip(),
            "source": row.get("source", "").strip(),
        }
        current = HolidayOverride.objects.filter(date=row["date"], region=region).first()
        try:
            if current is None:
                holiday_override_add(actor=actor, date=row["date"], region=region, **wanted)
                counts["created"] += 1
            elif any(getattr(current, k) != v for k, v in wanted.items()):
                holiday_override_update(actor=actor, override=current, **wanted)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        except ValidationError as exc:
            raise ValueError(f"{path.name}: override #{number}: {exc.messages}") from exc
    return counts
