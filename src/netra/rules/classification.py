"""Classify an act: the verdict (prohibited, allowed, or depends on a fact), then which form,
category and level, which sanctions, who recommends.

This is the one place the verdict is decided; the API, the CLI, the case pages and the public
self-check ask it. The verdict is "prohibited" whenever every reading of the facts given
prohibits the act, even when the category (ethics before candidate determination, discipline
after) still depends on the date or the race; `category_depends_on` says so.

The phase (before or after the candidates are determined) is inferred from the election's
candidate-determination date (per race where races differ) but is only a hint the caseworker
may override (DOMAIN.md §8.1). Every judgement the data marks as contested comes back as a
warning, never silently.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from netra.elections.choices import Race
from netra.elections.models import Election
from netra.elections.selectors import (
    UnknownElectionError as ElectionNotFound,
)
from netra.elections.selectors import (
    candidate_determination_date,
    candidate_determination_dates,
    election_get,
    election_period,
)
from netra.refusals import Refusal
from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import (
    CPNS,
    Category,
    DependsOn,
    MappingSlot,
    PhaseHint,
    RegulationKind,
    SanctionLevel,
    Verdict,
)
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
        PhaseHint.CANDIDATE: MappingSlot.SKB2020_CANDIDATE,
    },
}

# Employee types `classify` accepts; a CPNS gets the PNS rows too (PP 94/2021 Pasal 43).
EMPLOYEE_TYPES = (*EmployeeType.values, CPNS)

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
        allowed = ", ".join(EMPLOYEE_TYPES)
        super().__init__(Code.UNKNOWN_EMPLOYEE_TYPE, value=value, allowed=allowed)


class UnknownElectionError(ClassificationError):
    def __init__(self, slug: str):
        super().__init__(Code.UNKNOWN_ELECTION, value=slug)


class InvalidPhaseError(ClassificationError):
    def __init__(self, value: str):
        super().__init__(Code.INVALID_PHASE, value=value, allowed=", ".join(PHASES))


class InvalidRaceError(ClassificationError):
    def __init__(self, value: str):
        super().__init__(Code.INVALID_RACE, value=value, allowed=", ".join(Race.values))


class NoInstrumentError(ClassificationError):
    def __init__(self, slug: str):
        super().__init__(Code.NO_INSTRUMENT, value=slug)


def legal_note_of(form, act) -> str:
    """A classification's staff legal note in the page's language: the form's, then the act's."""
    notes = [form.legal_note if form else "", act.legal_note if act else ""]
    return "\n".join(note for note in notes if note)


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
    verdict: str = Verdict.PROHIBITED
    # The fact the verdict depends on (only for `depends`), and the fact the category still
    # depends on (the race, or the phase when no determination date is known).
    verdict_depends_on: str = ""
    category_depends_on: str = ""
    race: str = ""

    @property
    def verdict_reason(self) -> str:
        """The fact a `depends` verdict turns on, in the reader's language."""
        return self.act.depends_on if self.verdict == Verdict.DEPENDS else ""

    @property
    def explanation(self) -> str:
        """The public explanation: the form's, else the act's."""
        return (self.form.explanation if self.form else "") or self.act.explanation

    @property
    def legal_note(self) -> str:
        """For staff only: the form's and the act's legal notes."""
        return legal_note_of(self.form, self.act)

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
            "verdict": self.verdict,
            "verdict_depends_on": self.verdict_depends_on or None,
            "verdict_reason": self.verdict_reason,
            "category_depends_on": self.category_depends_on or None,
            "explanation": self.explanation,
            "legal_note": self.legal_note,
            "race": self.race or None,
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


def sanctions_for(
    employee_type: str,
    levels: tuple[str, ...],
    day: dt.date,
    *,
    settings: dict[str, str] | None = None,
    sanctions: list[Sanction] | None = None,
) -> list[Sanction]:
    """The sanctions a level carries for an employee type on `day`. A CPNS gets the PNS rows
    (PP 94/2021 Pasal 43) and the CPNS rows (PP 11/2017 Pasal 37). A page asking many
    combinations passes the settings and the sanction list it read once."""
    settings = selectors.setting_values_on(day) if settings is None else settings
    sanctions = selectors.sanction_list() if sanctions is None else sanctions
    types = {employee_type, EmployeeType.PNS.value} if employee_type == CPNS else {employee_type}

    def condition_holds(condition: str) -> bool:
        key, _sep, expected = condition.partition("=")
        return not condition or settings.get(key) == expected

    return [
        sanction
        for sanction in sanctions
        if types & set(sanction.employee_types)
        and set(levels) & set(sanction.levels)
        and sanction.valid_on(day)
        and condition_holds(sanction.condition)
    ]


def _phase_on(day: dt.date, determination: dt.date | None) -> str:
    if determination is None or day < determination:
        return PhaseHint.PROSPECTIVE_CANDIDATE
    return PhaseHint.CANDIDATE


def _legal_basis(
    instrument: Regulation, form: ViolationForm | None, employee_type: str, sanctions
) -> str:
    """The basis a reader is shown. A form of the instrument cites the instrument's item and
    the form's articles; a form taken from a regulation cites its articles. Non-ASN staff are
    bound through their contract (SE MenPANRB 01/2023), so they see the instrument's item and
    the basis of their own sanctions, never the PNS articles."""
    if form is None:
        parts = [instrument.short_name]
    elif form.regulation_id == instrument.pk:
        # A citation, kept with the case and printed on letters: in Indonesian whatever the
        # reader's language, as "Pasal" and "huruf" are ("SKB 2022 butir D4").
        parts = [f"{instrument.short_name} butir {form.item}", form.legal_basis]
    else:
        parts = [form.legal_basis]
    if employee_type == EmployeeType.NON_ASN:
        parts = parts[:1] if form is not None and form.regulation_id == instrument.pk else []
        parts += list(dict.fromkeys(s.legal_basis for s in sanctions if s.legal_basis))
    return "; ".join(part for part in parts if part)


def classify(
    *,
    act: str,
    employee_type: str,
    act_date: dt.date,
    election: Election | str,
    phase: str | None = None,
    race: str | None = None,
) -> Classification:
    """Classify `act` by an employee of `employee_type` on `act_date` in `election`.

    `phase` ("prospective_candidate" or "candidate") overrides the phase inferred from the
    candidate-determination date, as a caseworker may do. `race` (presidential, legislative,
    regional_head) picks the determination date where the election's races have their own.
    """
    act_row = selectors.act_get(act) if isinstance(act, str) else None
    if act_row is None:
        raise UnknownActError(str(act))
    if employee_type not in EMPLOYEE_TYPES:
        raise UnknownEmployeeTypeError(str(employee_type))
    if not isinstance(election, Election):
        try:
            election = election_get(str(election))
        except ElectionNotFound as exc:
            raise UnknownElectionError(str(election)) from exc
    if phase is not None and phase not in PHASES:
        raise InvalidPhaseError(str(phase))
    if race is not None and race not in Race.values:
        raise InvalidRaceError(str(race))
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

    category_depends_on = ""
    by_race = {key: day for key, day in candidate_determination_dates(election).items() if key}
    if race and race in by_race:
        determination = by_race[race]
    else:
        determination = candidate_determination_date(election)
        if race is None and phase is None:
            phases = {_phase_on(act_date, day) for day in by_race.values()}
            if len(phases) > 1:
                # Determined for one race, not yet for another: the race decides the category.
                category_depends_on = DependsOn.RACE
                for key, day in sorted(by_race.items(), key=lambda item: item[1]):
                    warn(
                        Warn.RACE_DECIDES_PHASE,
                        race=_Shown(Race(key).label),
                        date=_Shown(day),
                    )
    if determination is None:
        warn(Warn.NO_DETERMINATION_DATE)
        if phase is None:
            category_depends_on = DependsOn.PHASE
    inferred = _phase_on(act_date, determination)
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

    verdict = act_row.verdict or Verdict.PROHIBITED
    authority = selectors.recommending_authority_on(act_date)
    if verdict == Verdict.ALLOWED:
        # Allowed acts have no form and no sanction: nothing to send to the task force.
        return Classification(
            act=act_row,
            employee_type=employee_type,
            act_date=act_date,
            election=election,
            instrument=instrument,
            phase=str(phase),
            phase_inferred=phase_inferred,
            candidate_determination_date=determination,
            form=None,
            category=None,
            level="",
            sanctions=[],
            legal_basis="",
            recommending_authority=authority,
            warnings=[w for w in warnings if w.code not in _NOT_FOR_ALLOWED],
            verdict=verdict,
            race=race or "",
        )

    slot = INSTRUMENT_SLOTS.get(instrument.code, {}).get(phase)
    form_code = selectors.act_form_code(act_row, slot) if slot else ""
    form = _form_on(form_code, act_date) if form_code else None

    if form is None:
        category, level = None, SanctionLevel.TASK_FORCE
        warn(Warn.NO_FORM_TASK_FORCE, instrument=instrument.short_name)
    else:
        category, level = form.category, form.level
        reference = _Shown(lambda form=form: form.reference)
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
        if employee_type == EmployeeType.NON_ASN:
            warn(Warn.NON_ASN_CONTRACT)
        else:
            warn(Warn.DISMISSAL_REGARDLESS_OF_PHASE)
    if level == SanctionLevel.TASK_FORCE:
        levels: tuple[str, ...] = TASK_FORCE_LEVELS
        warn(Warn.TASK_FORCE_DECIDES)
    else:
        levels = (level,)

    sanctions = sanctions_for(employee_type, levels, act_date)
    if employee_type == EmployeeType.PPPK and set(levels) & {"moderate", "heavy"}:
        warn(Warn.PPPK_AGENCY_TABLE)
    contract_bound = category == Category.DISCIPLINE or level == SanctionLevel.TASK_FORCE
    if (
        employee_type == EmployeeType.NON_ASN
        and level != SanctionLevel.DISMISSAL
        and contract_bound
    ):
        warn(Warn.NON_ASN_CONTRACT)
    if employee_type == CPNS and set(levels) & {"moderate", "heavy", "dismissal"}:
        warn(Warn.CPNS_DISMISSAL)
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
        legal_basis=_legal_basis(instrument, form, employee_type, sanctions),
        recommending_authority=authority,
        warnings=warnings,
        verdict=verdict,
        verdict_depends_on=DependsOn.FACTS if verdict == Verdict.DEPENDS else "",
        category_depends_on=category_depends_on,
        race=race or "",
    )


# Warnings about sanctions and forms say nothing about an allowed act.
_NOT_FOR_ALLOWED = frozenset({"race_decides_phase"})


__all__ = [
    "Category",
    "Classification",
    "ClassificationError",
    "ClassificationWarning",
    "InvalidPhaseError",
    "InvalidRaceError",
    "UnknownActError",
    "UnknownElectionError",
    "UnknownEmployeeTypeError",
    "classify",
]
