"""Writes to the region table: the idempotent bulk load from the Kepmendagri edition."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from netra.audit.services import audit_record
from netra.regions import lokal_adapter
from netra.regions.choices import RegionLevel
from netra.regions.codes import normalize_region_code
from netra.regions.models import Region
from netra.regions.names import name_key

LEVEL_LABELS = {1: "province", 2: "regency", 3: "district", 4: "village"}
_FIELDS = ("name", "name_key", "level", "kind", "parent_id", "edition")


def _province_codes(provinces: list[str] | None) -> list[str] | None:
    if provinces is None:
        return None
    codes = []
    for raw in provinces:
        code = normalize_region_code(raw)
        if "." in code:
            raise ValueError(_("%(code)r bukan kode provinsi.") % {"code": raw})
        codes.append(code)
    return sorted(set(codes))


@transaction.atomic
def regions_load_reference(
    *,
    actor=None,
    provinces: list[str] | None = None,
    include_villages: bool = True,
) -> dict:
    """Upsert the Kepmendagri regions (all, or only `provinces`), parents before children.

    Rows are compared with what is stored and only new or changed rows are written, with
    `bulk_create(update_conflicts=True)` in batches; parents are resolved level by level. Rows
    missing from the edition are kept (other tables point at them) and counted as `stale`.
    Returns counts per level; records one audit event when something changed.
    """
    province_codes = _province_codes(provinces)
    max_level = RegionLevel.VILLAGE if include_villages else RegionLevel.DISTRICT
    edition = lokal_adapter.EDITION
    batch_size = getattr(settings, "NETRA_IMPORT_BATCH_SIZE", 2000)

    by_level: dict[int, list[lokal_adapter.RegionRecord]] = {}
    for record in lokal_adapter.iter_regions(provinces=province_codes, max_level=max_level):
        by_level.setdefault(record.level, []).append(record)
    if province_codes is not None:
        unknown = sorted(set(province_codes) - {r.code for r in by_level.get(1, [])})
        if unknown:
            raise ValueError(
                _("Kode provinsi tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)}
            )

    counts: dict[str, dict[str, int]] = {}
    parent_ids: dict[str, int] = {}
    for level in range(1, max_level + 1):
        records = by_level.get(level, [])
        stored_rows = Region.objects.filter(level=level).values_list("id", "code", *_FIELDS)
        stored = {}
        for row in stored_rows:
            code = row[1]
            if province_codes is None or code[:2] in province_codes:
                stored[code] = (row[0], row[2:])
        to_write, created, updated = [], 0, 0
        for record in records:
            values = (
                record.name,
                name_key(record.name, level),
                level,
                record.kind,
                parent_ids.get(record.parent_code) if record.parent_code else None,
                edition,
            )
            current = stored.get(record.code)
            if current is not None and current[1] == values:
                continue
            if current is None:
                created += 1
            else:
                updated += 1
            to_write.append(Region(code=record.code, **dict(zip(_FIELDS, values, strict=True))))
        if to_write:
            Region.objects.bulk_create(
                to_write,
                batch_size=batch_size,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=list(_FIELDS),
            )
        source_codes = {r.code for r in records}
        counts[LEVEL_LABELS[level]] = {
            "source": len(records),
            "created": created,
            "updated": updated,
            "unchanged": len(records) - created - updated,
            "stale": len(set(stored) - source_codes),
        }
        if level < max_level:
            # Ids of this level, for the next level's parent column (new rows included).
            parent_ids = dict(
                Region.objects.filter(level=level).values_list("code", "id").iterator()
            )

    changed = any(c["created"] or c["updated"] for c in counts.values())
    result = {
        "edition": edition,
        "decree": lokal_adapter.DECREE,
        "provinces": province_codes or "all",
        "include_villages": include_villages,
        "changed": changed,
        "levels": counts,
    }
    if changed:
        audit_record(
            actor=actor,
            action="regions.load_reference",
            target=("regions.region", edition),
            payload=result,
        )
    return result
