"""Writes to the rules catalog: loading the reviewed data files and changing a rule setting."""

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from django.db import models, transaction

from netra.audit.services import audit_record
from netra.registry.choices import EmployeeType
from netra.rules.choices import (
    CPNS,
    Category,
    MappingSlot,
    PhaseHint,
    RegulationKind,
    SanctionLevel,
    Verdict,
)
from netra.rules.models import (
    ActFormMapping,
    ProhibitedAct,
    RecommendingAuthority,
    RegionalConsequence,
    Regulation,
    RuleSetting,
    Sanction,
    ViolationForm,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


class ReferenceDataError(ValueError):
    """A data file is malformed; nothing is stored."""


class RuleSettingError(ValueError):
    pass


def _read(name: str, data_dir: Path) -> dict:
    path = data_dir / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{name}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"{name}: {exc}") from exc


def _require(row: dict, keys: tuple[str, ...], where: str) -> None:
    missing = [key for key in keys if row.get(key) in (None, "")]
    if missing:
        raise ReferenceDataError(f"{where}: missing {', '.join(missing)}")


def _check_choice(value: Any, choices: type[models.TextChoices], where: str) -> None:
    if value not in choices.values:
        raise ReferenceDataError(f"{where}: {value!r} is not one of {', '.join(choices.values)}")


def _counter() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0}


class _Upserter:
    """Create, update or leave alone rows of one model, keyed by `keys`, counting which it was.

    Existing rows are read once and new rows are inserted in one batch by `flush()`, so a
    load costs a few queries per model plus one UPDATE per changed row.
    """

    def __init__(self, model: type[models.Model], keys: tuple[str, ...] = ("code", "version")):
        self.model, self.keys = model, keys
        self.counts = _counter()
        self.pending: list[models.Model] = []
        # Related objects are assigned from rows already read: skip a query per FK per row.
        self.skip = [field.name for field in model._meta.fields if field.is_relation]
        self.existing = {
            tuple(getattr(obj, key) for key in keys): obj for obj in model.objects.all()
        }

    def __call__(self, lookup: dict, values: dict) -> models.Model:
        key = tuple(lookup[name] for name in self.keys)
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**lookup, **values)
            # Field checks only: the lookup above and the DB constraint guard uniqueness.
            obj.full_clean(exclude=self.skip, validate_unique=False, validate_constraints=False)
            self.pending.append(obj)
            self.existing[key] = obj
            self.counts["created"] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(exclude=self.skip, validate_unique=False, validate_constraints=False)
            obj.save()
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return obj

    def flush(self) -> dict:
        if self.pending:
            self.model.objects.bulk_create(self.pending)
            self.pending = []
        return self.counts


def _versioned_values(row: dict) -> dict:
    return {
        "valid_from": row.get("valid_from"),
        "valid_to": row.get("valid_to"),
        "source": row.get("source", ""),
        "contested": bool(row.get("contested", False)),
        "contested_note": row.get("contested_note", ""),
        "explanation_id": row.get("explanation_id", ""),
        "explanation_en": row.get("explanation_en", ""),
    }


def _check_dates(row: dict, where: str) -> None:
    for key in ("valid_from", "valid_to", "signed_on"):
        value = row.get(key)
        if value is not None and not isinstance(value, dt.date):
            raise ReferenceDataError(f"{where}: {key} must be a date (YYYY-MM-DD)")
    if row.get("valid_from") and row.get("valid_to") and row["valid_to"] < row["valid_from"]:
        raise ReferenceDataError(f"{where}: valid_to is before valid_from")


def _load_regulations(data_dir: Path) -> dict:
    upsert = _Upserter(Regulation)
    for row in _read("regulations.toml", data_dir).get("regulation", []):
        where = f"regulations.toml [{row.get('code', '?')}]"
        _require(row, ("code", "number", "short_name", "title_id", "kind"), where)
        _check_choice(row["kind"], RegulationKind, where)
        _check_dates(row, where)
        values = _versioned_values(row) | {
            "number": row["number"],
            "short_name": row["short_name"],
            "title_id": row["title_id"],
            "title_en": row.get("title_en", ""),
            "kind": row["kind"],
            "signed_on": row.get("signed_on"),
            "repealed_by": row.get("repealed_by", ""),
            "elections": list(row.get("elections", [])),
            "source_url": row.get("source_url", ""),
        }
        upsert({"code": row["code"], "version": row.get("version", 1)}, values)
    return upsert.flush()


def _load_forms(data_dir: Path, filename: str) -> dict:
    upsert = _Upserter(ViolationForm)
    regulations = {r.code: r for r in Regulation.objects.order_by("code", "version")}
    data = _read(filename, data_dir)
    defaults = data.get("defaults", {})
    for position, raw in enumerate(data.get("form", []), start=1):
        row = defaults | raw
        where = f"{filename} [{row.get('code', '?')}]"
        _require(row, ("code", "regulation", "item", "category", "level", "label_id"), where)
        _check_choice(row["category"], Category, where)
        _check_choice(row["level"], SanctionLevel, where)
        _check_choice(row.get("phase_hint", "any"), PhaseHint, where)
        _check_dates(row, where)
        regulation = regulations.get(row["regulation"])
        if regulation is None:
            raise ReferenceDataError(f"{where}: unknown regulation {row['regulation']!r}")
        values = _versioned_values(row) | {
            "regulation": regulation,
            "item": str(row["item"]),
            "position": position,
            "category": row["category"],
            "level": row["level"],
            "level_setting": row.get("level_setting", ""),
            "phase_hint": row.get("phase_hint", PhaseHint.ANY),
            "label_id": row["label_id"],
            "label_en": row.get("label_en", ""),
            "legal_basis": row.get("legal_basis", ""),
            "unconfirmed": bool(row.get("unconfirmed", False)),
        }
        lookup = {"code": row["code"], "version": row.get("version", 1)}
        upsert(lookup, values)
    return upsert.flush()


def _check_list(
    values: list, choices: type[models.TextChoices], where: str, extra: tuple[str, ...] = ()
) -> list:
    if not isinstance(values, list) or not values:
        raise ReferenceDataError(f"{where}: expected a non-empty list")
    for value in values:
        if value not in extra:
            _check_choice(value, choices, where)
    return list(values)


def _load_sanctions(data_dir: Path) -> dict:
    upsert = _Upserter(Sanction)
    regulations = {r.code: r for r in Regulation.objects.order_by("code", "version")}
    for position, row in enumerate(_read("sanctions.toml", data_dir).get("sanction", []), 1):
        where = f"sanctions.toml [{row.get('code', '?')}]"
        _require(row, ("code", "regulation", "employee_types", "levels", "label_id"), where)
        _check_dates(row, where)
        regulation = regulations.get(row["regulation"])
        if regulation is None:
            raise ReferenceDataError(f"{where}: unknown regulation {row['regulation']!r}")
        condition = row.get("condition", "")
        if condition and "=" not in condition:
            raise ReferenceDataError(f"{where}: condition must read 'setting=value'")
        values = _versioned_values(row) | {
            "regulation": regulation,
            "position": position,
            "employee_types": _check_list(row["employee_types"], EmployeeType, where, (CPNS,)),
            "levels": _check_list(row["levels"], SanctionLevel, where),
            "condition": condition,
            "label_id": row["label_id"],
            "label_en": row.get("label_en", ""),
            "legal_basis": row.get("legal_basis", ""),
            "remedy": row.get("remedy", ""),
        }
        lookup = {"code": row["code"], "version": row.get("version", 1)}
        upsert(lookup, values)
    return upsert.flush()


def _load_settings(data_dir: Path) -> dict:
    upsert = _Upserter(RuleSetting)
    for row in _read("settings.toml", data_dir).get("setting", []):
        where = f"settings.toml [{row.get('code', '?')}]"
        _require(row, ("code", "value", "label_id"), where)
        _check_dates(row, where)
        allowed = list(row.get("allowed_values", []))
        if allowed and row["value"] not in allowed:
            raise ReferenceDataError(f"{where}: value {row['value']!r} not in allowed_values")
        values = _versioned_values(row) | {
            "value": str(row["value"]),
            "allowed_values": allowed,
            "label_id": row["label_id"],
            "label_en": row.get("label_en", ""),
        }
        lookup = {"code": row["code"], "version": row.get("version", 1)}
        upsert(lookup, values)
    return upsert.flush()


def _load_authorities(data_dir: Path) -> dict:
    upsert = _Upserter(RecommendingAuthority)
    for row in _read("authorities.toml", data_dir).get("authority", []):
        where = f"authorities.toml [{row.get('code', '?')}]"
        _require(row, ("code", "name_id"), where)
        _check_dates(row, where)
        values = _versioned_values(row) | {
            "name_id": row["name_id"],
            "name_en": row.get("name_en", ""),
            "legal_basis": row.get("legal_basis", ""),
            "pending": bool(row.get("pending", False)),
        }
        lookup = {"code": row["code"], "version": row.get("version", 1)}
        upsert(lookup, values)
    return upsert.flush()


def _load_regional(data_dir: Path) -> dict:
    from netra.regions.models import Region

    upsert = _Upserter(RegionalConsequence)
    missing: list[str] = []
    for row in _read("regional_consequences.toml", data_dir).get("consequence", []):
        where = f"regional_consequences.toml [{row.get('code', '?')}]"
        _require(row, ("code", "region", "label_id"), where)
        _check_dates(row, where)
        region = Region.objects.filter(code=row["region"]).first()
        if region is None:
            missing.append(row["region"])
        values = _versioned_values(row) | {
            "region_code": row["region"],
            "region": region,
            "employee_types": _check_list(row.get("employee_types", []), EmployeeType, where),
            "label_id": row["label_id"],
            "label_en": row.get("label_en", ""),
            "legal_basis": row.get("legal_basis", ""),
            "unconfirmed": bool(row.get("unconfirmed", False)),
        }
        lookup = {"code": row["code"], "version": row.get("version", 1)}
        upsert(lookup, values)
    return upsert.flush() | {"regions_missing": sorted(set(missing))}


def _load_acts(data_dir: Path) -> tuple[dict, dict]:
    upsert_act = _Upserter(ProhibitedAct, ("slug",))
    upsert_mapping = _Upserter(ActFormMapping, ("act_id", "slot"))
    known_forms = set(ViolationForm.objects.values_list("code", flat=True))
    acts: list[tuple[ProhibitedAct, dict]] = []
    for position, row in enumerate(_read("acts.toml", data_dir).get("act", []), start=1):
        where = f"acts.toml [{row.get('slug', '?')}]"
        _require(row, ("slug", "label_id", "explanation_id", "explanation_en"), where)
        verdict = row.get("verdict", Verdict.PROHIBITED)
        _check_choice(verdict, Verdict, where)
        if verdict == Verdict.DEPENDS:
            _require(row, ("depends_on_id", "depends_on_en"), where)
        values = {
            "position": position,
            "label_id": row["label_id"],
            "label_en": row.get("label_en", ""),
            "description_id": row.get("description_id", ""),
            "description_en": row.get("description_en", ""),
            "examples_id": list(row.get("examples_id", [])),
            "examples_en": list(row.get("examples_en", [])),
            "source": row.get("source", ""),
            "verdict": verdict,
            "depends_on_id": row.get("depends_on_id", ""),
            "depends_on_en": row.get("depends_on_en", ""),
            "explanation_id": row["explanation_id"],
            "explanation_en": row["explanation_en"],
            "legal_note_id": row.get("legal_note_id", ""),
            "legal_note_en": row.get("legal_note_en", ""),
        }
        acts.append((upsert_act({"slug": row["slug"]}, values), row))
    upsert_act.flush()
    for act, row in acts:
        where = f"acts.toml [{row['slug']}]"
        for slot in MappingSlot.values:
            if slot not in row:
                raise ReferenceDataError(f'{where}: missing {slot} (use "" for none)')
            form_code = row[slot]
            if form_code and form_code not in known_forms:
                raise ReferenceDataError(f"{where}: unknown form {form_code!r}")
            upsert_mapping(
                {"act_id": act.pk, "slot": slot},
                {"form_code": form_code, "note": row.get("note", "")},
            )
    return upsert_act.counts, upsert_mapping.flush()


@transaction.atomic
def rules_load_reference(*, actor=None, data_dir: Path | None = None) -> dict:
    """Load every file in rules/data (idempotent upsert by code + version) and audit the counts."""
    data_dir = data_dir or DATA_DIR
    result: dict[str, Any] = {"regulations": _load_regulations(data_dir)}
    forms = _counter()
    for filename in ("forms_skb2020.toml", "forms_skb2022.toml"):
        for key, value in _load_forms(data_dir, filename).items():
            forms[key] += value
    result["forms"] = forms
    result["sanctions"] = _load_sanctions(data_dir)
    result["settings"] = _load_settings(data_dir)
    result["authorities"] = _load_authorities(data_dir)
    result["regional_consequences"] = _load_regional(data_dir)
    result["acts"], result["act_mappings"] = _load_acts(data_dir)
    audit_record(
        actor=actor,
        action="rules.reference_loaded",
        target=("rules.catalog", "reference"),
        payload=result,
    )
    return result


@transaction.atomic
def rules_setting_set(
    *,
    actor,
    code: str,
    value: str,
    valid_from: dt.date | None = None,
    note: str = "",
) -> RuleSetting:
    """Record a new version of a rule setting (the old version stays for the record)."""
    current = RuleSetting.objects.select_for_update().filter(code=code).order_by("-version").first()
    if current is None:
        raise RuleSettingError(f"unknown rule setting {code!r}")
    if current.allowed_values and value not in current.allowed_values:
        allowed = ", ".join(current.allowed_values)
        raise RuleSettingError(f"{value!r} is not allowed for {code} (allowed: {allowed})")
    new = RuleSetting(
        code=code,
        version=current.version + 1,
        value=value,
        allowed_values=current.allowed_values,
        valid_from=valid_from,
        label_id=current.label_id,
        label_en=current.label_en,
        source=current.source,
        contested=current.contested,
        contested_note=note or current.contested_note,
    )
    new.full_clean()
    new.save()
    audit_record(
        actor=actor,
        action="rules.setting_changed",
        target=new,
        payload={"code": code, "old": current.value, "new": value, "version": new.version},
    )
    return new
