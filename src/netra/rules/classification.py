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
from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import Category, MappingSlot, PhaseHint, RegulationKind, SanctionLevel
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


def _in(language: str, value) -> str:
    """A label, a form's citation or a date as written in `language` (warnings carry both)."""
    with translation.override(language):
        if isinstance(value, dt.date):
            return format_date(value, language)
        return str(value)


def _pick(message_id: str, message_en: str) -> str:
    lang = (translation.get_language() or "id").split("-")[0]
    return message_en if lang == "en" else message_id


class ClassificationError(ValueError):
    """Bad input to `classify`; carries an Indonesian and an English message."""

    code = "invalid"

    def __init__(self, message_id: str, message_en: str):
        self.message_id = message_id
        self.message_en = message_en
        super().__init__(f"{message_id} ({message_en})")

    @property
    def message(self) -> str:
        return _pick(self.message_id, self.message_en)


class UnknownActError(ClassificationError):
    code = "unknown_act"

    def __init__(self, act: str):
        super().__init__(
            f"Perbuatan tidak dikenal: {act!r}. Lihat `netra rules acts`.",
            f"Unknown act: {act!r}. See `netra rules acts`.",
        )


class UnknownEmployeeTypeError(ClassificationError):
    code = "unknown_employee_type"

    def __init__(self, value: str):
        allowed = ", ".join(EmployeeType.values)
        super().__init__(
            f"Jenis pegawai tidak dikenal: {value!r}. Pilihan: {allowed}.",
            f"Unknown employee type: {value!r}. Choose one of: {allowed}.",
        )


class UnknownElectionError(ClassificationError):
    code = "unknown_election"

    def __init__(self, slug: str):
        super().__init__(
            f"Pemilihan tidak dikenal: {slug!r}. Lihat `netra elections list`.",
            f"Unknown election: {slug!r}. See `netra elections list`.",
        )


class InvalidPhaseError(ClassificationError):
    code = "invalid_phase"

    def __init__(self, value: str):
        allowed = ", ".join(PHASES)
        super().__init__(
            f"Tahapan tidak dikenal: {value!r}. Pilihan: {allowed}.",
            f"Unknown phase: {value!r}. Choose one of: {allowed}.",
        )


class NoInstrumentError(ClassificationError):
    code = "no_instrument"


@dataclass(frozen=True)
class ClassificationWarning:
    code: str
    message_id: str
    message_en: str

    @property
    def message(self) -> str:
        return _pick(self.message_id, self.message_en)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


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
        raise NoInstrumentError(
            f"Tidak ada SKB netralitas untuk pemilihan {election.slug!r}.",
            f"No neutrality joint decree covers election {election.slug!r}.",
        )
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
        raise ClassificationError(
            "Tanggal perbuatan harus berupa tanggal.", "The act date must be a date."
        )

    warnings: list[ClassificationWarning] = []

    def warn(code: str, message_id: str, message_en: str) -> None:
        warnings.append(ClassificationWarning(code, message_id, message_en))

    instrument = _instrument_for(election)
    if not instrument.valid_on(act_date):
        warn(
            "act_outside_instrument",
            f"Tanggal perbuatan di luar masa berlaku {instrument.short_name}; "
            "bentuk pelanggarannya dipakai sebagai acuan.",
            f"The act date is outside the period {instrument.short_name} was in force; "
            "its forms are used as the reference.",
        )

    first, last = election_period(election)
    if not first <= act_date <= last:
        warn(
            "outside_election_period",
            f"Tanggal perbuatan di luar tahapan {_in('id', election.name)} "
            f"({_in('id', first)} s.d. {_in('id', last)}). Netralitas tetap wajib setiap saat.",
            f"The act date is outside the stages of {_in('en', election.name)} "
            f"({_in('en', first)} to {_in('en', last)}). Neutrality is still a standing duty.",
        )

    determination = candidate_determination_date(election)
    if determination is None:
        inferred = PhaseHint.PROSPECTIVE_CANDIDATE
        warn(
            "no_determination_date",
            "Tanggal penetapan calon untuk pemilihan ini belum tercatat.",
            "No candidate-determination date is recorded for this election.",
        )
    else:
        inferred = (
            PhaseHint.PROSPECTIVE_CANDIDATE if act_date < determination else PhaseHint.CANDIDATE
        )
    if phase is None:
        phase, phase_inferred = inferred, True
        on_id = f" ({_in('id', determination)})" if determination else ""
        on_en = f" ({_in('en', determination)})" if determination else ""
        warn(
            "phase_inferred",
            f"Tahapan disimpulkan dari tanggal penetapan calon{on_id}; petugas dapat mengubahnya.",
            f"Phase inferred from the candidate-determination date{on_en}; "
            "the caseworker may override it.",
        )
    else:
        phase_inferred = False
        if phase != inferred:
            warn(
                "phase_overridden",
                "Tahapan ditetapkan petugas, berbeda dengan yang disimpulkan dari tanggal.",
                "Phase set by the caseworker, different from the one inferred from the date.",
            )

    slot = INSTRUMENT_SLOTS.get(instrument.code, {}).get(phase)
    form_code = selectors.act_form_code(act_row, slot) if slot else ""
    form = _form_on(form_code, act_date) if form_code else None

    if form is None:
        category, level, legal_basis = None, SanctionLevel.TASK_FORCE, instrument.short_name
        warn(
            "no_form_task_force",
            f"{instrument.short_name} tidak memuat bentuk pelanggaran untuk perbuatan ini; "
            "Satgas membahas dan memutuskan sanksinya.",
            f"{instrument.short_name} has no violation form for this act; "
            "the task force discusses and decides the sanction.",
        )
    else:
        category, level = form.category, form.level
        legal_basis = f"{instrument.short_name} {form.item}; {form.legal_basis}".strip("; ")
        if form.level_setting:
            setting = selectors.setting_value(form.level_setting, act_date)
            if setting is not None and setting.value in SanctionLevel.values:
                level = setting.value
                if setting.value != form.level:
                    now, usual = SanctionLevel(setting.value).label, form.get_level_display()
                    warn(
                        "level_from_setting",
                        f"Tingkat sanksi {_in('id', form.reference)} mengikuti pengaturan yang "
                        f"berlaku ({_in('id', now).lower()}), bukan tingkat bawaannya "
                        f"({_in('id', usual).lower()}).",
                        f"The sanction level of {_in('en', form.reference)} follows the setting "
                        f"in force ({_in('en', now).lower()}), not its usual level "
                        f"({_in('en', usual).lower()}).",
                    )
        if form.contested:
            warn(
                "contested_level",
                f"Tingkat sanksi {_in('id', form.reference)} masih diperdebatkan; "
                "nilailah kasusnya dengan cermat.",
                f"The sanction level of {_in('en', form.reference)} is contested; "
                "weigh the case with care.",
            )
        if form.unconfirmed:
            warn(
                "unconfirmed_form",
                f"Rumusan {_in('id', form.reference)} perlu dicocokkan dengan teks resmi "
                "peraturannya sebelum dipakai.",
                f"The wording of {_in('en', form.reference)} must be checked against the "
                "official text of the regulation before it is relied on.",
            )
        if form.phase_hint not in (PhaseHint.ANY, phase):
            hint = PhaseHint(form.phase_hint).label
            warn(
                "form_phase_mismatch",
                f"{_in('id', form.reference)} ditujukan untuk tahapan lain "
                f"({_in('id', hint).lower()}).",
                f"{_in('en', form.reference)} is worded for another phase "
                f"({_in('en', hint).lower()}).",
            )

    if level == SanctionLevel.DISMISSAL:
        warn(
            "dismissal_regardless_of_phase",
            "Keanggotaan atau kepengurusan partai politik berujung pemberhentian tidak dengan "
            "hormat pada tahapan apa pun.",
            "Party membership or office leads to dismissal without honour at any stage.",
        )
    if level == SanctionLevel.TASK_FORCE:
        levels: tuple[str, ...] = TASK_FORCE_LEVELS
        warn(
            "task_force_decides",
            "Pelanggaran di luar matriks: jenis sanksi dibahas dan diputuskan oleh Satgas.",
            "Violation outside the matrix: the task force discusses and decides the sanction.",
        )
    else:
        levels = (level,)

    sanctions = sanctions_for(employee_type, levels, act_date)
    if employee_type == EmployeeType.PPPK and set(levels) & {"moderate", "heavy"}:
        warn(
            "pppk_agency_table",
            "Untuk PPPK, tingkat sedang/berat dipetakan melalui tabel disiplin instansi "
            "(PP 49/2018 Pasal 52), bukan PP 94/2021.",
            "For PPPK, moderate/heavy levels map through the agency's discipline table "
            "(PP 49/2018 Pasal 52), not PP 94/2021.",
        )
    for sanction in sanctions:
        starts = sanction.regulation.valid_from
        if starts and act_date < starts:
            warn(
                "sanction_rule_postdates_act",
                f"{sanction.regulation.short_name} berlaku sejak {_in('id', starts)}, setelah "
                "tanggal perbuatan; dipakai sebagai acuan.",
                f"{sanction.regulation.short_name} is in force from {_in('en', starts)}, after "
                "the act date; used as the reference.",
            )
            break
    if not sanctions:
        warn(
            "no_sanction_found",
            "Tidak ada sanksi dalam katalog untuk jenis pegawai dan tingkat ini.",
            "The catalog has no sanction for this employee type and level.",
        )

    authority = selectors.recommending_authority_on(act_date)
    if authority is None:
        warn(
            "no_authority",
            "Tidak ada lembaga pemberi rekomendasi yang tercatat untuk tanggal ini.",
            "No recommending authority is recorded for this date.",
        )

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
