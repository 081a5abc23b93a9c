"""Classify a prohibited act: which form, category and level, which sanctions, who recommends.

The phase (before or after the candidates are determined) is inferred from the election's
candidate-determination date but is only a hint the caseworker may override (DOMAIN.md §8.1).
Every judgement the data marks as contested comes back as a warning, never silently.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from netra.elections.models import Election
from netra.elections.selectors import (
    UnknownElectionError as ElectionNotFound,
)
from netra.elections.selectors import (
    candidate_determination_date,
    election_get,
    election_period,
)
from netra.refusals import Refusal
from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import Category, MappingSlot, PhaseHint, RegulationKind, SanctionLevel
from netra.rules.errors import ClassificationErrorCode as Code
from netra.rules.errors import ClassificationWarningCode as Warn
from netra.rules.models import ProhibitedAct, Regulation, Sanction, ViolationForm
from netra.web.templatetags.netra_format import format_date

PHASES = (PhaseHint.PROSPECTIVE_CANDIDATE, PhaseHint.CANDIDATE)

# Which act-to-form mapping slot each neutrality instrument uses, per phase.
INSTRUMENT_SLOTS: dict[str, dict[str, str]] = {
    "SKB-2022": {
        PhaseHint.PROSPECTIVE_CANDIDATE: MappingSlot.SKB2022_PROSPECTIVE,
        PhaseHint.CANDIDATE: MappingSlot.SKB2022_CANDIDATE,
    },
    "SKB-2020": {
        PhaseHint.PROSPECTIVE_CANDIDATE: MappingSlot.SKB2020,
        PhaseHint.CANDIDATE: MappingSlot.SKB2020,
    },
}

# The task force may pick any step of the ladder for a catch-all case (SKB 2022 D13).
TASK_FORCE_LEVELS = (SanctionLevel.MORAL, SanctionLevel.MODERATE, SanctionLevel.HEAVY)


class _Shown:
    """A value shown in a message, rendered in the language active when the message is read:
    a date (`format_date`), a label (lower-cased if asked) or a computed text."""

    def __init__(self, value, *, lower: bool = False):
        self.value, self.lower = value, lower

    def __str__(self) -> str:
        value = self.value() if callable(self.value) else self.value
        text = format_date(value) if isinstance(value, dt.date) else str(value)
        return text.lower() if self.lower else text


class ClassificationError(Refusal, ValueError):
    """Bad input to `classify` (`ClassificationErrorCode`)."""


class UnknownActError(ClassificationError):
    def __init__(self, act: str):
        super().__init__(Code.UNKNOWN_ACT, value=act)


class UnknownEmployeeTypeError(ClassificationError):
    def __init__(self, value: str):
        allowed = ", ".join(EmployeeType.values)
        super().__init__(Code.UNKNOWN_EMPLOYEE_TYPE, value=value, allowed=allowed)


class UnknownElectionError(ClassificationError):
    def __init__(self, slug: str):
        super().__init__(Code.UNKNOWN_ELECTION, value=slug)


class InvalidPhaseError(ClassificationError):
    def __init__(self, value: str):
        super().__init__(Code.INVALID_PHASE, value=value, allowed=", ".join(PHASES))


class NoInstrumentError(ClassificationError):
    def __init__(self, slug: str):
        super().__init__(Code.NO_INSTRUMENT, value=slug)


@dataclass(frozen=True)
class ClassificationWarning:
    """A warning: `code` for programs, the message in the reader's language."""

    code: str
    text: Warn
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.text.render(self.params)

    def as_dict(self) -> dict:
        """`message` in the active language, `messages` in both: a case keeps the warning in its
        classification snapshot and shows it later in the reader's language."""
        messages = {}
        for language in ("id", "en"):
            with translation.override(language):
                messages[language] = self.message
        return {"code": self.code, "message": self.message, "messages": messages}


@dataclass
class Classification:
    act: ProhibitedAct
    employee_type: str
    act_date: dt.date
    election: Election
    instrument: Regulation
    phase: str
    phase_inferred: bool
    candidate_determination_date: dt.date | None
    form: ViolationForm | None
    category: str | None
    level: str
    sanctions: list[Sanction]
    legal_basis: str
    recommending_authority: Any
    warnings: list[ClassificationWarning] = field(default_factory=list)

    @property
    def warning_codes(self) -> list[str]:
        return [warning.code for warning in self.warnings]

    @property
    def sanction_codes(self) -> list[str]:
        return [sanction.code for sanction in self.sanctions]

    def as_dict(self) -> dict[str, Any]:
        authority = self.recommending_authority
        determination = self.candidate_determination_date
        return {
            "act": self.act.slug,
            "act_label": self.act.label,
            "employee_type": self.employee_type,
            "act_date": self.act_date.isoformat(),
            "election": self.election.slug,
            "instrument": self.instrument.code,
            "phase": self.phase,
            "phase_inferred": self.phase_inferred,
            "candidate_determination_date": determination.isoformat() if determination else None,
            "form": self.form.code if self.form else None,
            "form_label": self.form.label if self.form else None,
            "category": self.category,
            "level": self.level,
            "legal_basis": self.legal_basis,
            "sanctions": [
                {
                    "code": sanction.code,
                    "label": sanction.label,
                    "legal_basis": sanction.legal_basis,
                    "regulation": sanction.regulation.code,
                    "remedy": sanction.remedy,
                }
                for sanction in self.sanctions
            ],
            "recommending_authority": (
                {"code": authority.code, "name": authority.name} if authority else None
            ),
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


def _instrument_for(election: Election) -> Regulation:
    """The neutrality SKB that governs the election: one naming it, else the newest general
    one signed before its vote date."""
    instruments = list(selectors.regulation_list().filter(kind=RegulationKind.JOINT_DECREE))
    for instrument in instruments:
        if election.slug in instrument.elections:
            return instrument
    general = [
        instrument
        for instrument in instruments
        if not instrument.elections
        and instrument.valid_from
        and instrument.valid_from <= election.vote_date
        and instrument.code in INSTRUMENT_SLOTS
    ]
    if not general:
        raise NoInstrumentError(election.slug)
    return max(general, key=lambda instrument: instrument.valid_from)


def _form_on(code: str, day: dt.date) -> ViolationForm | None:
    """The version of a form in force on `day`, else its latest version."""
    versions = list(ViolationForm.objects.select_related("regulation").filter(code=code))
    versions.sort(key=lambda form: form.version, reverse=True)
    for form in versions:
        if form.valid_on(day):
            return form
    return versions[0] if versions else None


def sanctions_for(employee_type: str, levels: tuple[str, ...], day: dt.date) -> list[Sanction]:
    settings = selectors.setting_values_on(day)

    def condition_holds(condition: str) -> bool:
        key, _sep, expected = condition.partition("=")
        return not condition or settings.get(key) == expected

    return [
        sanction
        for sanction in selectors.sanction_list(employee_type=employee_type)
        if set(levels) & set(sanction.levels)
        and sanction.valid_on(day)
        and condition_holds(sanction.condition)
    ]


def classify(
    *,
    act: str,
    employee_type: str,
    act_date: dt.date,
    election: Election | str,
    phase: str | None = None,
) -> Classification:
    """Classify `act` by an employee of `employee_type` on `act_date` in `election`.

    `phase` ("prospective_candidate" or "candidate") overrides the phase inferred from the
    candidate-determination date, as a caseworker may do.
    """
    act_row = selectors.act_get(act) if isinstance(act, str) else None
    if act_row is None:
        raise UnknownActError(str(act))
    if employee_type not in EmployeeType.values:
        raise UnknownEmployeeTypeError(str(employee_type))
    if not isinstance(election, Election):
        try:
            election = election_get(str(election))
        except ElectionNotFound as exc:
            raise UnknownElectionError(str(election)) from exc
    if phase is not None and phase not in PHASES:
        raise InvalidPhaseError(str(phase))
    if not isinstance(act_date, dt.date):
        raise ClassificationError(Code.INVALID_DATE)

    warnings: list[ClassificationWarning] = []

    def warn(code: Warn, message: Warn | None = None, **params) -> None:
        warnings.append(ClassificationWarning(code.value, message or code, params))

    instrument = _instrument_for(election)
    if not instrument.valid_on(act_date):
        warn(Warn.ACT_OUTSIDE_INSTRUMENT, instrument=instrument.short_name)

    first, last = election_period(election)
    if not first <= act_date <= last:
        warn(
            Warn.OUTSIDE_ELECTION_PERIOD,
            election=_Shown(lambda: election.name),
            first=_Shown(first),
            last=_Shown(last),
        )

    determination = candidate_determination_date(election)
    if determination is None:
        inferred = PhaseHint.PROSPECTIVE_CANDIDATE
        warn(Warn.NO_DETERMINATION_DATE)
    else:
        inferred = (
            PhaseHint.PROSPECTIVE_CANDIDATE if act_date < determination else PhaseHint.CANDIDATE
        )
    if phase is None:
        phase, phase_inferred = inferred, True
        if determination:
            warn(Warn.PHASE_INFERRED, Warn.PHASE_INFERRED_ON, date=_Shown(determination))
        else:
            warn(Warn.PHASE_INFERRED)
    else:
        phase_inferred = False
        if phase != inferred:
            warn(Warn.PHASE_OVERRIDDEN)

    slot = INSTRUMENT_SLOTS.get(instrument.code, {}).get(phase)
    form_code = selectors.act_form_code(act_row, slot) if slot else ""
    form = _form_on(form_code, act_date) if form_code else None

    if form is None:
        category, level, legal_basis = None, SanctionLevel.TASK_FORCE, instrument.short_name
        warn(Warn.NO_FORM_TASK_FORCE, instrument=instrument.short_name)
    else:
        category, level = form.category, form.level
        reference = _Shown(lambda form=form: form.reference)
        legal_basis = f"{instrument.short_name} {form.item}; {form.legal_basis}".strip("; ")
        if form.level_setting:
            setting = selectors.setting_value(form.level_setting, act_date)
            if setting is not None and setting.value in SanctionLevel.values:
                level = setting.value
                if setting.value != form.level:
                    warn(
                        Warn.LEVEL_FROM_SETTING,
                        form=reference,
                        now=_Shown(SanctionLevel(setting.value).label, lower=True),
                        usual=_Shown(SanctionLevel(form.level).label, lower=True),
                    )
        if form.contested:
            warn(Warn.CONTESTED_LEVEL, form=reference)
        if form.unconfirmed:
            warn(Warn.UNCONFIRMED_FORM, form=reference)
        if form.phase_hint not in (PhaseHint.ANY, phase):
            hint = PhaseHint(form.phase_hint).label
            warn(Warn.FORM_PHASE_MISMATCH, form=reference, hint=_Shown(hint, lower=True))

    if level == SanctionLevel.DISMISSAL:
        warn(Warn.DISMISSAL_REGARDLESS_OF_PHASE)
    if level == SanctionLevel.TASK_FORCE:
        levels: tuple[str, ...] = TASK_FORCE_LEVELS
        warn(Warn.TASK_FORCE_DECIDES)
    else:
        levels = (level,)

    sanctions = sanctions_for(employee_type, levels, act_date)
    if employee_type == EmployeeType.PPPK and set(levels) & {"moderate", "heavy"}:
        warn(Warn.PPPK_AGENCY_TABLE)
    for sanction in sanctions:
        starts = sanction.regulation.valid_from
        if starts and act_date < starts:
            warn(
                Warn.SANCTION_RULE_POSTDATES_ACT,
                regulation=sanction.regulation.short_name,
                date=_Shown(starts),
            )
            break
    if not sanctions:
        warn(Warn.NO_SANCTION_FOUND)

    authority = selectors.recommending_authority_on(act_date)
    if authority is None:
        warn(Warn.NO_AUTHORITY)

    return Classification(
        act=act_row,
        employee_type=employee_type,
        act_date=act_date,
        election=election,
        instrument=instrument,
        phase=str(phase),
        phase_inferred=phase_inferred,
        candidate_determination_date=determination,
        form=form,
        category=category,
        level=str(level),
        sanctions=sanctions,
        legal_basis=legal_basis,
        recommending_authority=authority,
        warnings=warnings,
    )


__all__ = [
    "Category",
    "Classification",
    "ClassificationError",
    "ClassificationWarning",
    "InvalidPhaseError",
    "UnknownActError",
    "UnknownElectionError",
    "UnknownEmployeeTypeError",
    "classify",
]
