"""The public guide (/aturan/panduan/) and the self-check (/aturan/cek-diri/).

The guide's own words are what the seed articles and DOMAIN.md say in plain language: what an ASN
may still do, and seed examples for the prohibited acts of the catalog. Everything legal (forms,
legal basis, sanction levels and sanctions) is read from the rules catalog, never written here.

The self-check answers from `classify`'s verdict, never its own reading: "not allowed" for a
prohibited act (whatever the category, which the answer explains), "allowed" for the catalog's
allowed acts, "ask your HR" only when the verdict really depends on a fact. Public pages show the
catalog's public explanation, never the legal notes kept for staff (`contested_note`,
`legal_note`) nor the warnings meant for caseworkers.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from netra.elections.models import Election
from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import CPNS, MappingSlot, SanctionLevel, Verdict
from netra.rules.classification import Classification, classify, sanctions_for
from netra.rules.models import ProhibitedAct, Sanction, ViolationForm

EMPLOYEE_TYPE_LABELS = {
    EmployeeType.PNS.value: _("PNS (pegawai negeri sipil)"),
    CPNS: _("CPNS (calon pegawai negeri sipil)"),
    EmployeeType.PPPK.value: _("PPPK (pegawai pemerintah dengan perjanjian kerja)"),
    EmployeeType.NON_ASN.value: _("Pegawai kontrak atau honorer (non-ASN)"),
}

# The catalog's own catch-all act: "other / not listed" in the self-check.
OTHER_ACT = "other"

# Warnings written for caseworkers (a level still argued over, a wording to check against the
# official text, a phase override): the public reads the catalog's plain explanation instead.
STAFF_ONLY_WARNINGS = frozenset(
    {
        "contested_level",
        "unconfirmed_form",
        "form_phase_mismatch",
        "phase_inferred",
        "phase_overridden",
        "no_authority",
    }
)
# What the public reads where a level is contested and the row has no explanation of its own.
CASE_BY_CASE = _("Petugas menilai tingkat sanksinya kasus per kasus.")


@dataclass(frozen=True)
class AllowedItem:
    """Something an ASN may do: a catalog act whose verdict is "allowed"."""

    key: str
    label: str
    detail: str
    explanation: str


def allowed_items() -> list[AllowedItem]:
    return [
        AllowedItem(
            key=act.slug, label=act.label, detail=act.description, explanation=act.explanation
        )
        for act in selectors.act_list()
        if act.verdict == Verdict.ALLOWED
    ]


# Plain examples from the seed articles, per act of the catalog (the acts' own examples stay too).
SEED_EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "social-media-engagement": (
        (
            _("Memberi tanda suka (like) atau membagikan unggahan, foto, atau visi misi calon"),
            "seed 001, seed 004",
        ),
        (_("Mengomentari unggahan peserta pemilu di media sosial"), "seed 004"),
    ),
    "online-campaigning": ((_("Membagikan tautan kampanye calon di media sosial"), "seed 004"),),
    "attending-declaration-or-campaign": (
        (_("Hadir di deklarasi atau kampanye calon kepala daerah"), "seed 001, seed 003"),
    ),
    "joining-campaign-activities": ((_("Ikut rapat tim pemenangan calon"), "seed 003"),),
    "photos-or-gestures": (
        (
            _("Berfoto dengan pasangan calon sambil memperagakan jari sesuai nomor urutnya"),
            "seed 001",
        ),
    ),
    "banners-and-props": (
        (_("Memasang spanduk atau baliho bakal calon kepala daerah"), "seed 001"),
        (_("Guru membuat alat peraga kampanye di sekolah"), "seed 003"),
    ),
    "money-politics-and-gifts": ((_("Politik uang untuk salah satu calon"), "seed 001"),),
    "using-office-facilities": (
        (
            _("Memakai fasilitas jabatan, misalnya mobil dinas, untuk kegiatan pasangan calon"),
            "seed 001",
        ),
    ),
}


@dataclass
class PhaseRule:
    """One act in one phase: the catalog's form and the sanctions that level carries."""

    form: ViolationForm | None
    level: str
    level_label: str
    sanctions: dict[str, list[Sanction]]

    @property
    def groups(self) -> list[dict]:
        return [
            {"label": EMPLOYEE_TYPE_LABELS[employee_type], "sanctions": sanctions}
            for employee_type, sanctions in self.sanctions.items()
        ]

    @property
    def pns_groups(self) -> list[dict]:
        return self.groups[:1]


@dataclass
class GuideEntry:
    act: ProhibitedAct
    examples: list[tuple[str, str]]
    before: PhaseRule
    after: PhaseRule

    @property
    def forms(self) -> list[ViolationForm]:
        forms = [rule.form for rule in (self.before, self.after) if rule.form is not None]
        return list({form.code: form for form in forms}.values())


def _level_label(level: str) -> str:
    return str(SanctionLevel(level).label) if level in SanctionLevel.values else level


def _sanctions_lookup(day: dt.date):
    """`sanctions_for` on `day`, asked once per (employee type, levels): the guide needs the same
    few combinations for every act."""
    found: dict[tuple, list[Sanction]] = {}
    settings = selectors.setting_values_on(day)
    catalog = selectors.sanction_list()

    def lookup(employee_type: str, levels: tuple[str, ...]) -> list[Sanction]:
        key = (employee_type, levels)
        if key not in found:
            found[key] = sanctions_for(
                employee_type, levels, day, settings=settings, sanctions=catalog
            )
        return found[key]

    return lookup


def _phase_rule(
    act: ProhibitedAct, slot: str, forms: dict, day: dt.date, sanctions_of
) -> PhaseRule:
    form = forms.get(selectors.act_form_code(act, slot))
    level = form.level if form else SanctionLevel.TASK_FORCE
    if form and form.level_setting:
        setting = selectors.setting_value(form.level_setting, day)
        if setting is not None and setting.value in SanctionLevel.values:
            level = setting.value
    levels = (
        (SanctionLevel.MORAL, SanctionLevel.MODERATE, SanctionLevel.HEAVY)
        if level == SanctionLevel.TASK_FORCE
        else (level,)
    )
    sanctions = {
        employee_type: sanctions_of(employee_type, levels) for employee_type in EMPLOYEE_TYPE_LABELS
    }
    return PhaseRule(form=form, level=level, level_label=_level_label(level), sanctions=sanctions)


def _entry(act: ProhibitedAct, forms: dict, day: dt.date, sanctions_of) -> GuideEntry:
    examples = [(str(text), source) for text, source in SEED_EXAMPLES.get(act.slug, ())]
    examples += [(example, act.source) for example in act.examples]
    return GuideEntry(
        act=act,
        examples=examples,
        before=_phase_rule(act, MappingSlot.SKB2022_PROSPECTIVE, forms, day, sanctions_of),
        after=_phase_rule(act, MappingSlot.SKB2022_CANDIDATE, forms, day, sanctions_of),
    )


def _current_forms() -> dict:
    """The forms the guide cites today: SKB 2022 and those taken from PP 94/2021 itself."""
    forms = list(selectors.form_list(regulation="SKB-2022"))
    forms += list(selectors.form_list(regulation="PP-94-2021"))
    return {form.code: form for form in forms}


def guide_entries(day: dt.date | None = None) -> list[GuideEntry]:
    """Every act the catalog does not allow, with its SKB 2022 forms and sanctions as they stand
    on `day` (the allowed acts are listed apart)."""
    day = day or dt.date.today()
    forms = _current_forms()
    sanctions_of = _sanctions_lookup(day)
    return [
        _entry(act, forms, day, sanctions_of)
        for act in selectors.act_list()
        if act.verdict != Verdict.ALLOWED
    ]


def guide_entry(slug: str, day: dt.date | None = None) -> GuideEntry | None:
    act = selectors.act_get(slug)
    if act is None or act.verdict == Verdict.ALLOWED:
        return None
    forms = _current_forms()
    day = day or dt.date.today()
    return _entry(act, forms, day, _sanctions_lookup(day))


class Answer:
    """The self-check's three answers (from `classify`'s verdict)."""

    NOT_ALLOWED = "not_allowed"
    ALLOWED = "allowed"
    ASK_HR = "ask_hr"


@dataclass
class SelfCheckAnswer:
    verdict: str
    allowed_item: AllowedItem | None = None
    classification: Classification | None = None
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def not_allowed(self) -> bool:
        return self.verdict == Answer.NOT_ALLOWED

    @property
    def allowed(self) -> bool:
        return self.verdict == Answer.ALLOWED

    @property
    def ask_hr(self) -> bool:
        return self.verdict == Answer.ASK_HR


def public_notes(classification: Classification) -> list[str]:
    """What the public reads about a classification: the plain explanation, a plain sentence
    where the level is contested, and the warnings meant for everyone (never staff notes)."""
    notes = []
    explanation = classification.explanation
    if explanation:
        notes.append(explanation)
    form = classification.form
    if form is not None and (form.contested or form.unconfirmed) and not form.explanation:
        notes.append(str(CASE_BY_CASE))
    notes += [
        warning.message
        for warning in classification.warnings
        if warning.code not in STAFF_ONLY_WARNINGS
    ]
    return list(dict.fromkeys(notes))


def self_check_answer(
    *,
    act: str,
    employee_type: str,
    act_date: dt.date,
    election: Election | str,
    race: str | None = None,
) -> SelfCheckAnswer:
    """The self-check's answer: `classify`'s verdict, in plain words. Raises
    `ClassificationError` on input `classify` refuses."""
    classification = classify(
        act=act, employee_type=employee_type, act_date=act_date, election=election, race=race
    )
    if classification.verdict == Verdict.ALLOWED:
        act_row = classification.act
        item = AllowedItem(
            key=act_row.slug,
            label=act_row.label,
            detail=act_row.description,
            explanation=act_row.explanation,
        )
        return SelfCheckAnswer(
            verdict=Answer.ALLOWED, allowed_item=item, classification=classification
        )
    reasons = []
    if classification.verdict == Verdict.DEPENDS:
        reasons.append(
            str(_("Jawabannya tergantung pada %(fact)s.")) % {"fact": classification.verdict_reason}
        )
    verdict = Answer.ASK_HR if reasons else Answer.NOT_ALLOWED
    return SelfCheckAnswer(
        verdict=verdict,
        classification=classification,
        reasons=reasons,
        notes=public_notes(classification),
    )
