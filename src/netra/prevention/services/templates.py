"""Writes of the prevention app: the pledge templates reference data (DESIGN.md §7)."""

import datetime as dt
import re
import tomllib
from pathlib import Path

from django.db import transaction

from netra.prevention.choices import PledgeElectionKind, PledgeScope
from netra.prevention.models import PledgeTemplate
from netra.reference_upsert import ReferenceRow, reference_upsert

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "pledge_templates.toml"
_TEXT_FIELDS = ("institution", "title_en", "closing_id", "closing_en", "note")
# The pledge itself: once loaded, these never change for a (code, version).
_FROZEN_FIELDS = ("title_id", "points", "closing_id")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){0,2}$")


class PledgeDataError(ValueError):
    """The pledge templates data file is malformed; nothing is stored."""


def _read(path: Path) -> list[dict]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise PledgeDataError(f"{path.name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PledgeDataError(f"{path.name}: {exc}") from exc
    rows = data.get("pledge", [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise PledgeDataError(f"{path.name}: [[pledge]] must be a list of tables")
    return rows


def _points(raw, where: str) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise PledgeDataError(f"{where}: points must be a non-empty list")
    points = []
    for number, point in enumerate(raw, start=1):
        if not isinstance(point, dict) or not str(point.get("id") or "").strip():
            raise PledgeDataError(f"{where}: point {number} needs its Indonesian text (id)")
        unknown = set(point) - {"id", "en"}
        if unknown:
            raise PledgeDataError(f"{where}: point {number} has unknown keys {sorted(unknown)}")
        points.append({"id": str(point["id"]).strip(), "en": str(point.get("en") or "").strip()})
    return points


def _values(row: dict, where: str) -> dict:
    for key in ("code", "title_id", "source", "valid_from"):
        if not str(row.get(key) or "").strip():
            raise PledgeDataError(f"{where}: {key} is required")
    version = row.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PledgeDataError(f"{where}: version must be a whole number >= 1")
    scope = row.get("scope", PledgeScope.NATIONAL)
    if scope not in PledgeScope.values:
        raise PledgeDataError(f"{where}: scope must be one of {PledgeScope.values}")
    region_code = str(row.get("region_code") or "").strip()
    if scope == PledgeScope.REGIONAL and not _REGION_CODE.match(region_code):
        raise PledgeDataError(f"{where}: a regional variant needs a region_code such as 15.03")
    if scope == PledgeScope.NATIONAL and region_code:
        raise PledgeDataError(f"{where}: a national template has no region_code")
    kind = row.get("election_kind", PledgeElectionKind.ANY)
    if kind not in PledgeElectionKind.values:
        raise PledgeDataError(f"{where}: election_kind must be one of {PledgeElectionKind.values}")
    valid_from = row["valid_from"]
    if not isinstance(valid_from, dt.date) or isinstance(valid_from, dt.datetime):
        raise PledgeDataError(f"{where}: valid_from must be a date (YYYY-MM-DD)")
    unverified = row.get("unverified", False)
    if not isinstance(unverified, bool):
        raise PledgeDataError(f"{where}: unverified must be true or false")
    return {
        "scope": scope,
        "region_code": region_code,
        "election_kind": kind,
        "title_id": str(row["title_id"]).strip(),
        "points": _points(row.get("points"), where),
        "source": str(row["source"]).strip(),
        "valid_from": valid_from,
        "unverified": unverified,
        **{key: str(row.get(key) or "").strip() for key in _TEXT_FIELDS},
    }


@transaction.atomic
def prevention_load_reference(*, actor=None, path: Path | None = None) -> dict:
    """Upsert `data/pledge_templates.toml` keyed by (code, version); all or nothing.

    Idempotent: unchanged rows are not written, and one audit event with the counts is recorded
    only when something was created or updated. The pledge text of a loaded version (title,
    points, closing) is never rewritten: a row that changes it is refused and must become a new
    version. Rows missing from the file are kept.
    """
    path = path or DATA_FILE

    def rows():
        for number, row in enumerate(_read(path), start=1):
            where = f"{path.name}: pledge #{number} ({row.get('code', '?')})"
            values = _values(row, where)
            yield ReferenceRow(where, (str(row["code"]).strip(), row.get("version", 1)), values)

    def keep_pledge_text(template: PledgeTemplate, row: ReferenceRow) -> None:
        frozen = [name for name in _FROZEN_FIELDS if getattr(template, name) != row.values[name]]
        if frozen:
            raise PledgeDataError(
                f"{row.where}: the pledge text of a loaded version cannot change "
                f"({', '.join(frozen)}); add it as a new version"
            )

    return reference_upsert(
        model=PledgeTemplate,
        key_fields=("code", "version"),
        rows=rows(),
        error=PledgeDataError,
        actor=actor,
        action="prevention.reference_loaded",
        check_update=keep_pledge_text,
    )
