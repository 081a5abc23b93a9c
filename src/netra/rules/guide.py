"""The public guide (/aturan/panduan/) and the self-check (/aturan/cek-diri/).

The guide's own words are what the seed articles and DOMAIN.md say in plain language: what an ASN
may still do, and seed examples for the prohibited acts of the catalog. Everything legal (forms,
legal basis, sanction levels and sanctions) is read from the rules catalog, never written here.

The self-check answers from `classify`: "not allowed" when the catalog has a form for the act in
that phase and nothing it says casts doubt on it; "ask your HR" when the act is not listed, or when
`classify` warns that the form is worded for another phase, is unconfirmed, or that the date falls
outside the election or the instrument; "allowed" only for the things the sources say an ASN may do.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from netra.elections.models import Election
from netra.registry.choices import EmployeeType
from netra.rules import selectors
from netra.rules.choices import MappingSlot, SanctionLevel
from netra.rules.classification import Classification, classify, sanctions_for
from netra.rules.models import ProhibitedAct, Sanction, ViolationForm

EMPLOYEE_TYPE_LABELS = {
    EmployeeType.PNS.value: _("PNS (pegawai negeri sipil)"),
    EmployeeType.PPPK.value: _("PPPK (pegawai pemerintah dengan perjanjian kerja)"),
    EmployeeType.NON_ASN.value: _("Pegawai kontrak atau honorer (non-ASN)"),
}

# The catalog's own catch-all act: "other / not listed" in the self-check.
OTHER_ACT = "other"

# Classification warnings that leave the answer open: the person should ask their HR.
# Any warning not named in INFORMATIONAL_WARNINGS counts as one of these too.
UNCERTAIN_WARNINGS = frozenset(
    {
        "form_phase_mismatch",
        "unconfirmed_form",
        "no_form_task_force",
        "act_outside_instrument",
        "outside_election_period",
        "no_determination_date",
        "no_sanction_found",
    }
)
# Warnings that qualify the sanction, not whether the act is prohibited.
INFORMATIONAL_WARNINGS = frozenset(
    {
        "phase_inferred",
        "phase_overridden",
        "level_from_setting",
        "contested_level",
        "dismissal_regardless_of_phase",
        "task_force_decides",
        "pppk_agency_table",
        "sanction_rule_postdates_act",
        "no_authority",
    }
)


@dataclass(frozen=True)
class AllowedItem:
    """Something an ASN may do, with where the sources say so."""

    key: str
    label: str
    detail: str
    source: str


ALLOWED: tuple[AllowedItem, ...] = (
    AllowedItem(
        key="boleh-memilih",
        label=_("Memberikan suara di bilik suara"),
        detail=_(
            "ASN tetap mempunyai hak pilih, tetapi pilihannya hanya diberikan di bilik suara, "
            "tidak di media sosial atau tempat lain."
        ),
        source="DOMAIN.md §0 (seed 000 Ponorogo 2020; seed 004 Kabupaten Bogor 2024)",
    ),
    AllowedItem(
        key="boleh-sosialisasi-pemilu",
        label=_("Mengajak warga ikut memilih tanpa menonjolkan calon mana pun"),
        detail=_(
            "ASN boleh menjadi teladan dan ikut menyosialisasikan pemilu agar partisipasi pemilih "
            "naik, asalkan tidak menonjolkan atau terkesan mengusung salah satu calon."
        ),
        source="seed 002 (Kutai Kartanegara 2023)",
    ),
    AllowedItem(
        key="boleh-ikut-sosialisasi-netralitas",
        label=_("Mengikuti sosialisasi netralitas dan mengucapkan ikrar netralitas"),
        detail=_(
            "Apel, sosialisasi, atau rapat koordinasi tentang netralitas ASN, serta ikrar dan "
            "pakta integritas, adalah kegiatan pencegahan yang dianjurkan."
        ),
        source="DOMAIN.md §7 (seeds 001, 002, 003, 004)",
    ),
    AllowedItem(
        key="boleh-melapor",
        label=_("Melaporkan dugaan pelanggaran netralitas"),
        detail=_(
            "Ikrar netralitas mengajak ASN siap mencegah, mengawasi, dan menindak pelanggaran; "
            "Bawaslu mengajak masyarakat ikut mengawasi."
        ),
        source="DOMAIN.md §0 (seed 001, ikrar butir 5), §7.2",
    ),
)
ALLOWED_BY_KEY = {item.key: item for item in ALLOWED}

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

    def lookup(employee_type: str, levels: tuple[str, ...]) -> list[Sanction]:
        key = (employee_type, levels)
        if key not in found:
            found[key] = sanctions_for(employee_type, levels, day)
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
        employee_type: sanctions_of(employee_type, levels) for employee_type in EmployeeType.values
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


def guide_entries(day: dt.date | None = None) -> list[GuideEntry]:
    """Every act of the catalog with its SKB 2022 forms and sanctions as they stand on `day`."""
    day = day or dt.date.today()
    forms = {form.code: form for form in selectors.form_list(regulation="SKB-2022")}
    sanctions_of = _sanctions_lookup(day)
    return [_entry(act, forms, day, sanctions_of) for act in selectors.act_list()]


def guide_entry(slug: str, day: dt.date | None = None) -> GuideEntry | None:
    act = selectors.act_get(slug)
    if act is None:
        return None
    forms = {form.code: form for form in selectors.form_list(regulation="SKB-2022")}
    day = day or dt.date.today()
    return _entry(act, forms, day, _sanctions_lookup(day))


class Verdict:
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
        return self.verdict == Verdict.NOT_ALLOWED

    @property
    def allowed(self) -> bool:
        return self.verdict == Verdict.ALLOWED

    @property
    def ask_hr(self) -> bool:
        return self.verdict == Verdict.ASK_HR


def self_check_answer(
    *, act: str, employee_type: str, act_date: dt.date, election: Election | str
) -> SelfCheckAnswer:
    """The self-check's answer. Raises `ClassificationError` on input `classify` refuses."""
    if act in ALLOWED_BY_KEY:
        return SelfCheckAnswer(verdict=Verdict.ALLOWED, allowed_item=ALLOWED_BY_KEY[act])
    classification = classify(
        act=act, employee_type=employee_type, act_date=act_date, election=election
    )
    reasons, notes = [], []
    for warning in classification.warnings:
        if warning.code == "phase_inferred":
            continue  # the page states the phase and the determination date itself
        if warning.code in INFORMATIONAL_WARNINGS:
            notes.append(warning.message)
        else:
            reasons.append(warning.message)
    if act == OTHER_ACT:
        reasons.insert(
            0,
            str(
                _(
                    "Perbuatan ini tidak tercantum dalam katalog. Pelanggaran netralitas lain "
                    "dibahas dan diputuskan oleh Satgas."
                )
            ),
        )
    verdict = Verdict.ASK_HR if reasons or classification.form is None else Verdict.NOT_ALLOWED
    return SelfCheckAnswer(
        verdict=verdict, classification=classification, reasons=reasons, notes=notes
    )
