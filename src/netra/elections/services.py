"""Writes to the elections app: loading the reviewed election data file."""

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from netra.audit.services import audit_record
from netra.elections.choices import ElectionKind, StageKind
from netra.elections.models import Election, ElectionStage
from netra.regions.choices import RegionLevel
from netra.regions.models import Region

DATA_FILE = Path(__file__).resolve().parent / "data" / "elections.toml"


class ElectionDataError(ValueError):
    """The data file is malformed; nothing is stored."""


def _date(value: Any, where: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ElectionDataError(f"{where}: expected a date (YYYY-MM-DD), got {value!r}")
    return value


def _resolve_regions(spec: dict, where: str) -> tuple[list[Region], list[str]]:
    """Evaluate a region rule against the region table: (regions found, codes not found)."""
    rule = spec.get("rule")
    provinces = Region.objects.filter(level=RegionLevel.PROVINCE)
    regencies = Region.objects.filter(level=RegionLevel.REGENCY)
    if rule == "all_except":
        found = list(provinces.exclude(code__in=spec.get("provinces_except", [])))
        excluded_parents = spec.get("regencies_except_under", [])
        found += [
            region
            for region in regencies
            if not any(region.code.startswith(f"{parent}.") for parent in excluded_parents)
        ]
        return found, []
    if rule == "listed":
        wanted = list(spec.get("provinces", [])) + list(spec.get("regencies", []))
        by_code = {region.code: region for region in Region.objects.filter(code__in=wanted)}
        return list(by_code.values()), sorted(code for code in wanted if code not in by_code)
    raise ElectionDataError(f"{where}: regions.rule must be 'all_except' or 'listed'")


def _load_election(row: dict, counts: dict) -> dict:
    slug = row.get("slug") or ""
    where = f"elections.toml [{slug or '?'}]"
    for key in ("slug", "name_id", "kind", "vote_date"):
        if not row.get(key):
            raise ElectionDataError(f"{where}: missing {key}")
    if row["kind"] not in ElectionKind.values:
        raise ElectionDataError(f"{where}: kind must be one of {', '.join(ElectionKind.values)}")
    spec = row.get("regions") or {}
    values = {
        "name_id": row["name_id"],
        "name_en": row.get("name_en", ""),
        "kind": row["kind"],
        "vote_date": _date(row["vote_date"], where),
        "regulation": row.get("regulation", ""),
        "source": row.get("source", ""),
        "note": row.get("note", ""),
        "regions_expected": int(spec.get("expected", 0)),
        "regions_complete": bool(spec.get("complete", not spec)),
        "regions_note": spec.get("note", ""),
    }
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        election = Election(slug=slug, **values)
        election.full_clean()
        election.save()
        counts["elections_created"] += 1
    elif any(getattr(election, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(election, key, value)
        election.full_clean()
        election.save()
        counts["elections_updated"] += 1

    seen_stages = set()
    for stage in row.get("stage", []):
        kind, race = stage.get("kind"), stage.get("race", "")
        if kind not in StageKind.values:
            raise ElectionDataError(f"{where}: unknown stage kind {kind!r}")
        start = _date(stage.get("start"), f"{where} {kind}")
        end = _date(stage.get("end", start), f"{where} {kind}")
        if end < start:
            raise ElectionDataError(f"{where} {kind}: end is before start")
        seen_stages.add((kind, race))
        stage_values = {
            "start_date": start,
            "end_date": end,
            "source": stage.get("source", ""),
            "note": stage.get("note", ""),
        }
        obj, created = ElectionStage.objects.get_or_create(
            election=election, kind=kind, race=race, defaults=stage_values
        )
        if created:
            counts["stages_created"] += 1
        elif any(getattr(obj, key) != value for key, value in stage_values.items()):
            ElectionStage.objects.filter(pk=obj.pk).update(**stage_values)
            counts["stages_updated"] += 1
    # The file is the truth for stages: drop stages that left it.
    stale = [s.pk for s in election.stages.all() if (s.kind, s.race) not in seen_stages]
    if stale:
        ElectionStage.objects.filter(pk__in=stale).delete()
        counts["stages_deleted"] += len(stale)

    report = {"linked": 0, "expected": values["regions_expected"], "missing": []}
    if spec:
        regions, missing = _resolve_regions(spec, where)
        current = set(election.regions.values_list("pk", flat=True))
        target = {region.pk for region in regions}
        if current != target:
            election.regions.set(regions)
            counts["region_links_changed"] += 1
        if election.regions_missing != missing:
            Election.objects.filter(pk=election.pk).update(regions_missing=missing)
        report = {"linked": len(target), "expected": values["regions_expected"], "missing": missing}
    return report


@transaction.atomic
def elections_load_reference(*, actor=None, data_file: Path | None = None) -> dict:
    """Load elections.toml (idempotent) and link the regions that exist in the region table.

    Works with an empty or partial region table: it links what exists and reports, per election,
    how many regions were linked, how many were expected, and which listed codes were missing.
    """
    path = data_file or DATA_FILE
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ElectionDataError(f"{path.name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ElectionDataError(f"{path.name}: {exc}") from exc
    counts = {
        "elections_created": 0,
        "elections_updated": 0,
        "stages_created": 0,
        "stages_updated": 0,
        "stages_deleted": 0,
        "region_links_changed": 0,
    }
    regions = {
        row.get("slug", "?"): _load_election(row, counts) for row in data.get("election", [])
    }
    result = counts | {"regions": regions}
    audit_record(
        actor=actor,
        action="elections.reference_loaded",
        target=("elections.catalog", "reference"),
        payload=result,
    )
    return result
