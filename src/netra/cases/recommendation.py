"""What was recommended: the level and the sanction(s), chosen from the catalogue sanctions valid
for the reported person's employee type on the act's date.

Validity is the rules catalogue's own (`rules.classification.sanctions_for`: employee type, the
sanction row in force on the day, its setting condition); nothing here decides it again. The
recommendation is kept as two case facts, `recommended_level` and `recommended_sanctions`,
written when Bawaslu concludes the study as "recommended" and again when the task force forwards
it to the PPK (`services.case_transition` checks them with `recommendation_check`). The PPK's
decision page shows it (`recommendation_of`) and its picker offers `sanction_groups`.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from netra.rules.choices import SanctionLevel
from netra.rules.classification import sanctions_for
from netra.rules.models import Sanction

LEVEL_FACT = "recommended_level"
SANCTIONS_FACT = "recommended_sanctions"
# The catalogue's ladder (cases/compliance.py orders it the same way).
LEVEL_ORDER = (
    SanctionLevel.MORAL,
    SanctionLevel.LIGHT,
    SanctionLevel.MODERATE,
    SanctionLevel.HEAVY,
    SanctionLevel.DISMISSAL,
)


def employee_type_of(case) -> str:
    """The reported person's employee type (the registry's), else the one the study gave."""
    if case.person_id and case.person.employee_type:
        return case.person.employee_type
    return str((case.classification or {}).get("employee_type") or "")


def act_date_of(case) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str((case.classification or {}).get("act_date") or ""))
    except ValueError:
        return None


def valid_sanctions(case) -> list[Sanction]:
    """Catalogue sanctions valid for the person's employee type on the act's date, in the
    catalogue's order; none until the study has an act date and an employee type."""
    employee_type, day = employee_type_of(case), act_date_of(case)
    if not employee_type or day is None:
        return []
    return sanctions_for(employee_type, tuple(LEVEL_ORDER), day)


def sanction_label(sanction: Sanction, *, with_regulation: bool = True) -> str:
    """The sanction in words in the active language, with the regulation that sets it."""
    if not with_regulation:
        return sanction.label
    return _("%(sanction)s (%(regulation)s)") % {
        "sanction": sanction.label,
        "regulation": sanction.regulation.short_name,
    }


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def sanction_groups(sanctions: list[Sanction]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped by level (`<optgroup>`), labels unique within the list: `[(level
    label, [(code, label), ...]), ...]`, lightest level first. A sanction that answers
    several levels is listed under the lightest one."""
    seen: dict[str, int] = {}
    for sanction in sanctions:
        label = sanction_label(sanction)
        seen[label] = seen.get(label, 0) + 1
    groups: dict[str, list[tuple[str, str]]] = {}
    for sanction in sorted(sanctions, key=lambda s: min(map(_level_rank, s.levels or [""]))):
        levels = sorted(sanction.levels or [], key=_level_rank)
        level = levels[0] if levels else ""
        label = sanction_label(sanction)
        if seen[label] > 1 and sanction.legal_basis:
            label = f"{label}, {sanction.legal_basis}"
        groups.setdefault(level, []).append((sanction.code, label))
    return [
        (str(SanctionLevel(level).label) if level in SanctionLevel.values else "", rows)
        for level, rows in sorted(groups.items(), key=lambda item: _level_rank(item[0]))
    ]


def level_choices(sanctions: list[Sanction]) -> list[tuple[str, str]]:
    """The levels the valid sanctions answer, lightest first, with their labels."""
    levels = {level for s in sanctions for level in (s.levels or []) if level in LEVEL_ORDER}
    return [(level, str(SanctionLevel(level).label)) for level in LEVEL_ORDER if level in levels]


class RecommendationInvalid(ValueError):
    """A stated recommendation outside the valid catalogue; `field` names the bad input."""

    def __init__(self, field: str, code: str):
        self.field, self.code = field, code
        super().__init__(code)


def recommendation_check(case, facts: Mapping) -> dict:
    """The recommendation stated in `facts` (level and sanction codes), checked against the
    valid catalogue: every sanction valid, the level one of theirs. Returns the two facts to
    record; raises `RecommendationInvalid` (field, code). With nothing stated, the study's
    classification is taken (its level and its sanctions that are still valid)."""
    valid = {s.code: s for s in valid_sanctions(case)}
    classification = case.classification or {}
    codes = facts.get(SANCTIONS_FACT)
    taken_from_study = codes is None
    if taken_from_study:
        codes = [s.get("code") for s in classification.get("sanctions", []) if s.get("code")]
        codes = [code for code in codes if code in valid]
    if isinstance(codes, str):
        codes = [codes]
    codes = list(dict.fromkeys(str(code) for code in codes or []))
    if any(code not in valid for code in codes):
        raise RecommendationInvalid(SANCTIONS_FACT, "sanction_not_valid")
    level = facts.get(LEVEL_FACT)
    if level in (None, ""):
        level = classification.get("level") or ""
        chosen_levels = {lvl for code in codes for lvl in valid[code].levels or []}
        if level not in chosen_levels:
            ranked = sorted(chosen_levels, key=_level_rank)
            level = ranked[0] if ranked else ""
    level = str(level)
    if taken_from_study:
        # The study's sanctions may span several levels (a form the task force grades): keep
        # those of the recommended level.
        codes = [code for code in codes if level in (valid[code].levels or [])]
    if codes and level not in LEVEL_ORDER:
        raise RecommendationInvalid(LEVEL_FACT, "level_not_valid")
    if any(level not in (valid[code].levels or []) for code in codes):
        raise RecommendationInvalid(SANCTIONS_FACT, "sanction_level_mismatch")
    return {LEVEL_FACT: level, SANCTIONS_FACT: codes}


@dataclass(frozen=True)
class Recommended:
    """The recommendation in words for a page: the level and the sanctions with regulation."""

    level: str
    level_label: str
    sanctions: tuple[Sanction, ...]
    codes: tuple[str, ...]

    @property
    def sanction_labels(self) -> list[str]:
        return [sanction_label(s) for s in self.sanctions]


def recommendation_of(case) -> Recommended | None:
    """What the case records as recommended (the facts), in words; None when nothing is."""
    facts = case.facts or {}
    codes = tuple(str(code) for code in facts.get(SANCTIONS_FACT) or [])
    level = str(facts.get(LEVEL_FACT) or "")
    if not codes and not level:
        return None
    from netra.rules.selectors import sanction_list

    catalogue = {s.code: s for s in sanction_list()}
    sanctions = tuple(catalogue[code] for code in codes if code in catalogue)
    label = str(SanctionLevel(level).label) if level in SanctionLevel.values else ""
    return Recommended(level=level, level_label=label, sanctions=sanctions, codes=codes)
