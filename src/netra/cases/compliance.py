"""Did the PPK follow the recommendation? Compare its decision with what was recommended.

The recommendation is the output of `netra.rules.classification.classify` (a level and the
allowed sanction codes); the decision is a sanction code of the rules catalogue with its decree.
Levels are ordered moral < light < moderate < heavy < dismissal (ethics and discipline sanctions
on one ladder, as the SKB 2022 matrix uses them). For a task-force case (no fixed level) the
recommended range is the span of the allowed sanctions' levels.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from netra.cases.choices import Compliance, OfficialOutcome
from netra.registry.choices import PersonStatus
from netra.rules.choices import SanctionLevel
from netra.rules.models import Sanction
from netra.rules.selectors import sanction_list

LEVEL_RANK = {
    SanctionLevel.MORAL: 0,
    SanctionLevel.LIGHT: 1,
    SanctionLevel.MODERATE: 2,
    SanctionLevel.HEAVY: 3,
    SanctionLevel.DISMISSAL: 4,
}
OUTCOME = {
    Compliance.COMPLIANT: OfficialOutcome.SANCTIONED,
    Compliance.LIGHTER: OfficialOutcome.SANCTIONED,
    Compliance.HEAVIER: OfficialOutcome.SANCTIONED,
    Compliance.NOT_IN_CATALOGUE: OfficialOutcome.SANCTIONED,
    Compliance.NO_DECISION: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
    Compliance.OVERDUE: OfficialOutcome.AWAITING_PPK_FOLLOW_UP,
    Compliance.PERSON_LEFT: OfficialOutcome.ALREADY_LEFT,
}
_LEFT = frozenset({PersonStatus.RETIRED, PersonStatus.DISMISSED})


@dataclass(frozen=True)
class Recommendation:
    employee_type: str
    level: str  # SanctionLevel value (task_force: decided by the task force)
    allowed_sanctions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PpkDecision:
    sanction_code: str | None = None
    decree_number: str = ""
    decree_date: dt.date | None = None


@dataclass(frozen=True)
class ComplianceResult:
    compliance: str
    official_outcome: str
    missing: tuple[str, ...] = field(default=())  # decision fields still to record
    decided_levels: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(Compliance(self.compliance).label)


def _result(compliance: str, **extra) -> ComplianceResult:
    return ComplianceResult(compliance, OUTCOME[compliance], **extra)


def _ranks(levels: Iterable[str]) -> list[int]:
    return [LEVEL_RANK[level] for level in levels if level in LEVEL_RANK]


def check_compliance(
    recommendation: Recommendation,
    decision: PpkDecision | None,
    *,
    person_status: str = PersonStatus.ACTIVE,
    overdue: bool = False,
    on: dt.date | None = None,
    catalogue: Mapping[str, Sanction] | None = None,
) -> ComplianceResult:
    """Classify the PPK's decision against the recommendation.

    Without a complete decision (sanction and decree number and date): person already left
    service, else overdue (the caller knows the deadline, if any), else no decision yet; the
    missing fields are listed. `on` (the act date) also checks the sanction was in force then.
    `catalogue` maps sanction codes to rules `Sanction` rows (default: the rules catalogue).
    """
    decision = decision or PpkDecision()
    missing = tuple(
        name
        for name, value in (
            ("sanction_code", decision.sanction_code),
            ("decree_number", (decision.decree_number or "").strip()),
            ("decree_date", decision.decree_date),
        )
        if not value
    )
    if missing:
        if person_status in _LEFT:
            return _result(Compliance.PERSON_LEFT, missing=missing)
        return _result(Compliance.OVERDUE if overdue else Compliance.NO_DECISION, missing=missing)

    if catalogue is None:
        catalogue = {s.code: s for s in sanction_list()}
    sanction = catalogue.get(decision.sanction_code)
    if (
        sanction is None
        or recommendation.employee_type not in sanction.employee_types
        or (on is not None and not sanction.valid_on(on))
    ):
        return _result(Compliance.NOT_IN_CATALOGUE)
    levels = tuple(sanction.levels)
    if decision.sanction_code in recommendation.allowed_sanctions:
        return _result(Compliance.COMPLIANT, decided_levels=levels)

    if recommendation.level in LEVEL_RANK:
        wanted = [LEVEL_RANK[recommendation.level]]
    else:
        allowed = [catalogue[c] for c in recommendation.allowed_sanctions if c in catalogue]
        wanted = _ranks(level for s in allowed for level in s.levels)
    decided = _ranks(levels)
    if not wanted or not decided:
        return _result(Compliance.NOT_IN_CATALOGUE, decided_levels=levels)
    if max(decided) < min(wanted):
        return _result(Compliance.LIGHTER, decided_levels=levels)
    if min(decided) > max(wanted):
        return _result(Compliance.HEAVIER, decided_levels=levels)
    return _result(Compliance.COMPLIANT, decided_levels=levels)


def recommendation_from_classification(classification) -> Recommendation:
    """The recommendation as `rules.classification.classify` states it."""
    return Recommendation(
        employee_type=classification.employee_type,
        level=classification.level,
        allowed_sanctions=tuple(classification.sanction_codes),
    )
