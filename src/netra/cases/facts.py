"""The facts a case records, declared once: key, type, label, who writes them.

`Case.facts` is a JSON object. What may go in it, and what each entry means, is this registry:
every key has a `Fact` with its type (`Kind`), its label (Indonesian gettext source), the moves
or services that write it, its choices when it is a code, whether it is a list, and whether it
is free text that only the roles who may see who is reported read (`sensitive`).

- Writing: `clean(updates)` checks and normalises what a move records (dates stored ISO,
  choices and sanction codes checked, text stripped) and `merge(stored, updates)` is what
  `services.case_transition`, the one writer of `Case.facts`, stores. A key nobody declared is a
  programming error (`UnknownFact`, always raised: see below); a value of the wrong type is
  refused (`FactInvalid`, which the service turns into a 400 refusal); nothing is stored.
- Reading: `read(case)` gives the typed values (dates as `date`, codes as their choices'
  members); `services.case_facts` feeds them to the workflow's guards. `display_rows(case,
  language)` gives the labelled rows the case page and the API show, in words, never codes.
- Derived facts (`derived=True`) are what `services.case_facts` computes from the data for the
  guards (person resolved, deadlines passed, ...). They are declared here so that every name a
  guard reads is typed and documented, but they are never stored: a move that states one has no
  effect (the data decides) and `clean` leaves it out.

Why an unknown key always raises, in production too: only code writes facts (the pages' and
the API's input goes through the transition forms, which refuse fields they do not know), and
`cases/tests/test_facts.py` walks the workflow through every service, so an undeclared key is a
change that was never reviewed against this registry. Storing it anyway would keep, for the
life of the case, a value no page can label and no guard reads with a known type; refusing
rolls the move back whole (it runs in one transaction), and the error names the key to declare.

`markdown_table()` documents the registry in docs/cases-workflow.md (a test keeps them equal).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netra.cases.choices import (
    CaseState,
    Compliance,
    OfficialOutcome,
    Remedy,
    RemedyOutcome,
    Requirement,
)
from netra.rules.choices import SanctionLevel

logger = logging.getLogger(__name__)
S = CaseState


class Kind(enum.StrEnum):
    """The type of a fact's value (each element's, for a list)."""

    TEXT = "text"  # free text or a reference number, stripped
    DATE = "date"  # stored ISO (YYYY-MM-DD), read back as datetime.date
    BOOL = "bool"
    CHOICE = "choice"  # a code of the fact's `choices` (TextChoices)
    SANCTION = "sanction"  # a sanction code of the rules catalogue
    NUMBER = "number"  # a whole number (derived facts only)
    MAPPING = "mapping"  # a JSON object (derived facts only)


# What a value of each kind must be, for the refusal's message.
_EXPECTED = {
    Kind.TEXT: _("teks"),
    Kind.DATE: _("tanggal yang sah"),
    Kind.BOOL: _("ya atau tidak"),
    Kind.CHOICE: _("salah satu pilihan yang tersedia"),
    Kind.SANCTION: _("sanksi dari katalog"),
    Kind.NUMBER: _("bilangan bulat"),
    Kind.MAPPING: _("data terstruktur"),
}
_EMPTY = (None, "", [], ())


class UnknownFact(ValueError):
    """A key no `Fact` declares: a programming error, never an input error."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(
            f"case fact {key!r} is not declared in netra.cases.facts.REGISTRY; "
            "declare it (type, label, who writes it) before writing it"
        )


class FactInvalid(ValueError):
    """A fact's value of the wrong type or outside its choices; `fact` says which."""

    def __init__(self, fact: Fact, value: Any):
        self.fact, self.key, self.value = fact, fact.key, value
        super().__init__(f"case fact {fact.key!r} must be {fact.describe()}, not {value!r}")

    @property
    def expected(self) -> Promise:
        return _EXPECTED[self.fact.kind]


@dataclass(frozen=True)
class Fact:
    """One fact a case may record. `written_by` names the moves (target `CaseState`s, whose
    case-page form or API input states it) and the services (dotted paths) that write it."""

    key: str
    kind: Kind
    label: Promise
    written_by: tuple[str, ...]
    choices: type[models.TextChoices] | None = None
    many: bool = False
    sensitive: bool = False
    derived: bool = False

    def describe(self) -> str:
        one = f"{self.kind}" + (f" of {self.choices.__name__}" if self.choices else "")
        return f"a list of {one}" if self.many else one

    # --- writing ---

    def clean(self, value: Any) -> Any:
        """The value as stored (JSON-ready); `FactInvalid` when it is of the wrong type.
        None (and "" for codes and text, [] for lists) records "none"."""
        if value is None:
            return None
        if self.many:
            if not isinstance(value, list | tuple):
                raise FactInvalid(self, value)
            return [self._clean_one(item, allow_empty=False) for item in value]
        return self._clean_one(value, allow_empty=True)

    def _clean_one(self, value: Any, *, allow_empty: bool) -> Any:
        kind = self.kind
        if kind == Kind.BOOL:
            if isinstance(value, bool):
                return value
        elif kind == Kind.DATE:
            day = _as_date(value)
            if day is not None:
                return day.isoformat()
        elif kind == Kind.NUMBER:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif kind == Kind.MAPPING:
            if isinstance(value, dict):
                return value
        elif isinstance(value, str):
            text = value.strip()
            if not text:
                if allow_empty:
                    return ""
            elif kind in (Kind.TEXT, Kind.SANCTION) or text in self.choices.values:
                return text  # a sanction code is checked against the catalogue in `clean`
        raise FactInvalid(self, value)

    # --- reading ---

    def typed(self, value: Any) -> Any:
        """The stored value as the guards and pages read it: a `date`, a choices member (a
        code the choices no longer know stays as stored); lists as lists."""
        if self.many:
            return [self._typed_one(v) for v in value] if isinstance(value, list) else value
        return self._typed_one(value)

    def _typed_one(self, value: Any) -> Any:
        if self.kind == Kind.DATE:
            return _as_date(value) or value
        if self.kind == Kind.CHOICE and isinstance(value, str) and value in self.choices.values:
            return self.choices(value)
        return value


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --- The registry ----------------------------------------------------------------------------
# In the order a case lives them; the case page lists recorded facts in this order.

_DECISION = "netra.sanctions.services.decision_record"
_REMEDY_FILE = "netra.sanctions.services.remedy_file"
_REMEDY_DECIDE = "netra.sanctions.services.remedy_decide"
_CASE_FACTS = "netra.cases.services.case_facts"

FACTS: tuple[Fact, ...] = (
    # Registration (cases/forms.py: RegisterForm, CorrectionRequestForm, ReasonForm)
    Fact(
        "requirements_met",
        Kind.CHOICE,
        _("Syarat yang terpenuhi"),
        (S.REGISTERED,),
        choices=Requirement,
        many=True,
    ),
    Fact(
        "missing_requirements",
        Kind.CHOICE,
        _("Syarat yang belum lengkap"),
        (S.REGISTERED, S.NEEDS_CORRECTION),
        choices=Requirement,
        many=True,
    ),
    Fact("formal_complete", Kind.BOOL, _("Syarat lengkap"), (S.REGISTERED,)),
    # Any move with a note records it as the reason when the move states none.
    Fact(
        "reason",
        Kind.TEXT,
        _("Alasan"),
        (S.NOT_REGISTERED, S.STOPPED, "netra.cases.services.case_transition"),
        sensitive=True,
    ),
    # The study and the recommendation (FindingsForm, RecommendForm, ForwardToPpkForm;
    # the level and sanctions checked by cases/recommendation.py)
    Fact(
        "study_findings",
        Kind.TEXT,
        _("Temuan kajian"),
        (S.RECOMMENDED, S.NOT_A_VIOLATION),
        sensitive=True,
    ),
    Fact(
        "outcome",
        Kind.CHOICE,
        _("Hasil"),
        (S.STOPPED,),
        choices=OfficialOutcome,
    ),
    Fact(
        "recommended_level",
        Kind.CHOICE,
        _("Tingkat sanksi yang direkomendasikan"),
        (S.RECOMMENDED, S.RECOMMENDATION_TO_PPK),
        choices=SanctionLevel,
    ),
    Fact(
        "recommended_sanctions",
        Kind.SANCTION,
        _("Sanksi yang direkomendasikan"),
        (S.RECOMMENDED, S.RECOMMENDATION_TO_PPK),
        many=True,
    ),
    # The PPK's decision (sanctions services; a changed sanction after an objection/appeal too)
    Fact(
        "decision_sanction", Kind.SANCTION, _("Sanksi yang dijatuhkan"), (_DECISION, _REMEDY_DECIDE)
    ),
    Fact(
        "decision_reason",
        Kind.TEXT,
        _("Alasan keputusan berbeda dari rekomendasi"),
        (_DECISION,),
        sensitive=True,
    ),
    Fact("decree_number", Kind.TEXT, _("Nomor SK"), (_DECISION, _REMEDY_DECIDE)),
    Fact("decree_date", Kind.DATE, _("Tanggal SK"), (_DECISION, _REMEDY_DECIDE)),
    Fact(
        "decision_received_on",
        Kind.DATE,
        _("Tanggal SK diterima terlapor"),
        (_DECISION, _REMEDY_FILE, _REMEDY_DECIDE),
    ),
    Fact(
        "compliance",
        Kind.CHOICE,
        _("Kesesuaian dengan rekomendasi"),
        (_DECISION, _REMEDY_DECIDE),
        choices=Compliance,
    ),
    Fact(
        "remedy",
        Kind.CHOICE,
        _("Upaya administratif yang tersedia"),
        (_DECISION, _REMEDY_FILE, _REMEDY_DECIDE),
        choices=Remedy,
    ),
    # Objection or appeal, court, closing (sanctions services)
    Fact("remedy_filed_on", Kind.DATE, _("Tanggal keberatan/banding diajukan"), (_REMEDY_FILE,)),
    Fact("remedy_filed_in_time", Kind.BOOL, _("Diajukan tepat waktu"), (_REMEDY_FILE,)),
    Fact(
        "remedy_outcome",
        Kind.CHOICE,
        _("Hasil keberatan/banding"),
        (_REMEDY_DECIDE,),
        choices=RemedyOutcome,
    ),
    Fact(
        "remedy_decided_on",
        Kind.DATE,
        _("Tanggal keberatan/banding diputus"),
        (_REMEDY_DECIDE,),
    ),
    Fact(
        "court_case_number",
        Kind.TEXT,
        _("Nomor perkara PTUN"),
        ("netra.sanctions.services.remedy_court_file",),
    ),
    Fact(
        "court_filed_on",
        Kind.DATE,
        _("Tanggal gugatan didaftarkan"),
        ("netra.sanctions.services.remedy_court_file",),
    ),
    Fact(
        "court_ruling",
        Kind.TEXT,
        _("Putusan pengadilan"),
        ("netra.sanctions.services.remedy_court_ruling",),
    ),
    Fact(
        "court_ruled_on",
        Kind.DATE,
        _("Tanggal putusan pengadilan"),
        ("netra.sanctions.services.remedy_court_ruling",),
    ),
    Fact(
        "remedy_window_over",
        Kind.BOOL,
        _("Masa keberatan/banding berakhir"),
        ("netra.sanctions.services.sanction_close",),
    ),
    Fact(
        "bkn_verified",
        Kind.BOOL,
        _("Verifikasi BKN"),
        ("netra.sanctions.services.data_block_confirm",),
    ),
    # Derived by services.case_facts from the data for the guards; never stored.
    *(
        Fact(key, kind, label, (_CASE_FACTS,), derived=True)
        for key, kind, label in (
            ("person_resolved", Kind.BOOL, _("Terlapor ditetapkan dari registri")),
            ("not_in_registry", Kind.BOOL, _("Terlapor tidak ada di registri")),
            ("person_left", Kind.BOOL, _("Terlapor sudah diberhentikan atau pensiun")),
            ("classification", Kind.MAPPING, _("Klasifikasi kajian")),
            ("recommending_authority", Kind.TEXT, _("Lembaga pemberi rekomendasi")),
            ("recommendation_letter_issued", Kind.BOOL, _("Surat rekomendasi diterbitkan")),
            ("ppk_known", Kind.BOOL, _("PPK instansi terlapor diketahui")),
            ("correction_overdue", Kind.BOOL, _("Batas waktu perbaikan lewat")),
            ("ppk_overdue", Kind.BOOL, _("Batas waktu tindak lanjut PPK lewat")),
            ("objection_overdue", Kind.BOOL, _("Batas waktu memutus keberatan lewat")),
            ("merged_into", Kind.TEXT, _("Digabung ke kasus")),
            ("merge_undone", Kind.BOOL, _("Penggabungan dibatalkan")),
            ("correction_days", Kind.NUMBER, _("Lama masa perbaikan (hari)")),
            ("objection_decision_days", Kind.NUMBER, _("Lama memutus keberatan (hari kerja)")),
            ("remedy_filing_days", Kind.NUMBER, _("Lama masa keberatan/banding (hari kerja)")),
        )
    ),
)
REGISTRY: dict[str, Fact] = {fact.key: fact for fact in FACTS}
STORED = tuple(fact for fact in FACTS if not fact.derived)
DERIVED_KEYS = frozenset(fact.key for fact in FACTS if fact.derived)


def fact_get(key: str) -> Fact:
    try:
        return REGISTRY[key]
    except KeyError:
        raise UnknownFact(key) from None


# --- Writing ---------------------------------------------------------------------------------


def clean(updates: Mapping[str, Any]) -> dict[str, Any]:
    """What a move records, checked and as stored: every key declared (`UnknownFact`
    otherwise), every value of its type (`FactInvalid` otherwise: the first bad one), sanction
    codes in the rules catalogue. Derived facts are left out (the data decides them)."""
    cleaned: dict[str, Any] = {}
    for key, value in updates.items():
        fact = fact_get(str(key))
        if fact.derived:
            logger.debug("case fact %s is derived from the data; not stored", key)
            continue
        cleaned[fact.key] = fact.clean(value)
    _check_catalogue(cleaned)
    return cleaned


def merge(stored: Mapping[str, Any] | None, updates: Mapping[str, Any]) -> dict[str, Any]:
    """`Case.facts` after a move recording `updates` (cleaned); what the move does not state
    is kept as it was."""
    return {**(stored or {}), **clean(updates)}


def _check_catalogue(cleaned: Mapping[str, Any]) -> None:
    """Every sanction code names a sanction of the rules catalogue (one query)."""
    wanted: dict[str, Fact] = {}
    for key, value in cleaned.items():
        fact = REGISTRY[key]
        if fact.kind != Kind.SANCTION or value in _EMPTY:
            continue
        for code in value if fact.many else [value]:
            wanted.setdefault(code, fact)
    if not wanted:
        return
    from netra.rules.selectors import sanction_list

    known = {sanction.code for sanction in sanction_list()}
    for code, fact in wanted.items():
        if code not in known:
            raise FactInvalid(fact, code)


# --- Reading ---------------------------------------------------------------------------------


def typed(facts: Mapping[str, Any] | None) -> dict[str, Any]:
    """The declared facts of `facts` as typed values (dates as `date`, codes as members);
    keys nobody declared (written before the registry) are left out."""
    view = {}
    for key, value in (facts or {}).items():
        fact = REGISTRY.get(key)
        if fact is None:
            logger.debug("case fact %s is not declared; not read", key)
            continue
        view[key] = fact.typed(value)
    return view


def read(case) -> dict[str, Any]:
    """The facts `case` records, typed (see `typed`)."""
    return typed(case.facts)


def recorded_for(case, *, personal: bool = True) -> dict[str, Any]:
    """The facts as stored (codes, ISO dates) for a program reading them (the API); without
    `personal` the sensitive free texts are left out."""
    stored = dict(case.facts or {})
    if personal:
        return stored
    return {k: v for k, v in stored.items() if not (k in REGISTRY and REGISTRY[k].sensitive)}


@dataclass(frozen=True)
class FactRow:
    """A recorded fact as a reader sees it: its key (for API clients), label and value in
    words."""

    key: str
    label: str
    value: str


def display_rows(case, language: str | None = None, *, personal: bool = True) -> list[FactRow]:
    """The facts `case` records, labelled and in words in `language` (the active one when
    None): choices and sanctions by their labels, dates the Indonesian (or English) way, yes
    or no; empty facts and values no label is known for are left out, never shown as codes.
    Without `personal` (a role that may not see who is reported) the sensitive free texts
    are left out too."""
    if language:
        with translation.override(language):
            return display_rows(case, personal=personal)
    from netra.web.templatetags.netra_format import format_date

    recorded = read(case)
    sanctions = _sanction_labels(recorded)
    rows = []
    for fact in STORED:
        value = recorded.get(fact.key)
        if value in _EMPTY or (fact.sensitive and not personal):
            continue
        values = value if fact.many and isinstance(value, list) else [value]
        words = [w for w in (_words(fact, v, sanctions, format_date) for v in values) if w]
        if words:
            joiner = "; " if fact.kind == Kind.SANCTION else ", "
            rows.append(FactRow(fact.key, str(fact.label), joiner.join(words)))
    return rows


def _words(fact: Fact, value: Any, sanctions: Mapping[str, str], format_date) -> str:
    if fact.kind == Kind.BOOL:
        return gettext("ya") if value is True else gettext("tidak") if value is False else ""
    if fact.kind == Kind.DATE:
        return format_date(value) if isinstance(value, dt.date) else ""
    if fact.kind == Kind.CHOICE:
        return str(value.label) if isinstance(value, fact.choices) else ""
    if fact.kind == Kind.SANCTION:
        return sanctions.get(str(value), "")
    if fact.kind == Kind.TEXT:
        return str(value).strip() if isinstance(value, str) else ""
    return ""


def _sanction_labels(recorded: Mapping[str, Any]) -> dict[str, str]:
    codes = set()
    for fact in STORED:
        value = recorded.get(fact.key)
        if fact.kind == Kind.SANCTION and value not in _EMPTY:
            codes.update(value if fact.many else [value])
    if not codes:
        return {}
    from netra.rules.selectors import sanction_list

    return {s.code: s.label for s in sanction_list() if s.code in codes}


# --- Documentation ---------------------------------------------------------------------------


def _choices_text(fact: Fact) -> str:
    if fact.choices is None:
        return "-"
    values = ", ".join(f"`{v}`" for v in fact.choices.values)
    return f"{fact.choices.__name__}: {values}"


def _written_by_text(fact: Fact) -> str:
    return ", ".join(
        f"move to `{w}`" if w in S.values else f"`{w.removeprefix('netra.')}`"
        for w in fact.written_by
    )


def markdown_table() -> str:
    """The registry as Markdown tables, stored facts then derived ones (docs/cases-workflow.md
    embeds them; a test checks)."""
    with translation.override("id"):
        lines = [
            "| Key | Type | List | Label (id) | Written by | Choices | Sensitive |",
            "|---|---|---|---|---|---|---|",
        ]
        for fact in STORED:
            lines.append(
                f"| `{fact.key}` | {fact.kind} | {'yes' if fact.many else '-'} | {fact.label} "
                f"| {_written_by_text(fact)} | {_choices_text(fact)} "
                f"| {'yes' if fact.sensitive else '-'} |"
            )
        lines += [
            "",
            "Derived by `cases.services.case_facts` for the guards, never stored:",
            "",
            "| Key | Type | Label (id) |",
            "|---|---|---|",
        ]
        for fact in FACTS:
            if fact.derived:
                lines.append(f"| `{fact.key}` | {fact.kind} | {fact.label} |")
    return "\n".join(lines)
