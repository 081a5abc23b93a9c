"""The rules catalog: regulations, violation forms, sanctions, prohibited acts, authorities.

Rows come from the reviewed data files in `rules/data/` (DESIGN.md §7) and are never edited in
place: a changed rule is a new row with the same `code` and a higher `version`. Selectors read the
latest version of each code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.language import is_english
from netra.rules.choices import (
    Category,
    MappingSlot,
    PhaseHint,
    RegulationKind,
    SanctionLevel,
    Verdict,
)


class BilingualMixin:
    """Pick `<field>_id` or `<field>_en` by the active language (data files carry both)."""

    def localized(self, field: str) -> str:
        value = getattr(self, f"{field}_{'en' if is_english() else 'id'}", "")
        return value or getattr(self, f"{field}_id", "")

    @property
    def label(self) -> str:
        return self.localized("label")


class VersionedRow(BilingualMixin, models.Model):
    code = models.CharField(_("kode"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    # Dates the row applies to (of the act or of the law); null = open-ended.
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.TextField(_("sumber"), blank=True)
    contested = models.BooleanField(_("diperdebatkan"), default=False)
    # The legal note for staff (why a point is contested, what was not seen): never public.
    contested_note = models.TextField(_("catatan hukum untuk petugas"), blank=True)
    # The public explanation, in plain words a citizen understands (both languages).
    explanation_id = models.TextField(_("penjelasan untuk publik"), blank=True)
    explanation_en = models.TextField(_("penjelasan untuk publik (Inggris)"), blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def explanation(self) -> str:
        return self.localized("explanation")

    @property
    def legal_note(self) -> str:
        return self.contested_note

    def valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Regulation(VersionedRow):
    number = models.CharField(_("nomor"), max_length=255)
    short_name = models.CharField(_("nama singkat"), max_length=80)
    title_id = models.TextField(_("judul"))
    title_en = models.TextField(_("judul (Inggris)"), blank=True)
    kind = models.CharField(_("jenis"), max_length=32, choices=RegulationKind.choices)
    signed_on = models.DateField(_("ditetapkan"), null=True, blank=True)
    repealed_by = models.CharField(
        pgettext_lazy("regulation", "dicabut oleh"), max_length=64, blank=True
    )
    # For neutrality instruments (SKB): the elections it governs by name; empty = any later one.
    elections = models.JSONField(pgettext_lazy("plural", "pemilihan"), default=list, blank=True)
    source_url = models.URLField(_("URL sumber"), max_length=500, blank=True)

    class Meta(VersionedRow.Meta):
        verbose_name = _("peraturan")
        verbose_name_plural = pgettext_lazy("plural", "peraturan")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="rules_regulation_code_version"
            )
        ]

    @property
    def title(self) -> str:
        return self.localized("title")


class ViolationForm(VersionedRow):
    regulation = models.ForeignKey(
        Regulation, verbose_name=_("peraturan"), on_delete=models.PROTECT, related_name="forms"
    )
    # An SKB item ("D6") or, for a form taken from a regulation, its article.
    item = models.CharField(_("butir"), max_length=64)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    category = models.CharField(_("kategori"), max_length=16, choices=Category.choices)
    level = models.CharField(_("tingkat sanksi"), max_length=16, choices=SanctionLevel.choices)
    # When set, the level is read from this RuleSetting (contested levels, DOMAIN §8.1).
    level_setting = models.CharField(_("pengaturan tingkat"), max_length=64, blank=True)
    phase_hint = models.CharField(_("tahapan"), max_length=24, choices=PhaseHint.choices)
    label_id = models.TextField(_("uraian"))
    label_en = models.TextField(_("uraian (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    unconfirmed = models.BooleanField(_("belum terkonfirmasi"), default=False)

    class Meta(VersionedRow.Meta):
        ordering = ["regulation__code", "position", "code", "-version"]
        verbose_name = _("bentuk pelanggaran")
        verbose_name_plural = pgettext_lazy("plural", "bentuk pelanggaran")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rules_form_code_version")
        ]

    @property
    def reference(self) -> str:
        """How a reader cites the form: "SKB 2022 butir D6" (the code is internal); a form
        taken straight from a regulation's article reads "PP 94/2021 Pasal 5 huruf n angka 4"."""
        if self.regulation.kind != RegulationKind.JOINT_DECREE:
            return f"{self.regulation.short_name} {self.item}"
        return _("%(regulation)s butir %(item)s") % {
            "regulation": self.regulation.short_name,
            "item": self.item,
        }


class Sanction(VersionedRow):
    regulation = models.ForeignKey(
        Regulation, verbose_name=_("peraturan"), on_delete=models.PROTECT, related_name="sanctions"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Lists of EmployeeType and SanctionLevel values this sanction can answer.
    employee_types = models.JSONField(pgettext_lazy("plural", "jenis pegawai"), default=list)
    levels = models.JSONField(pgettext_lazy("plural", "tingkat"), default=list)
    # "<setting key>=<value>": the row applies only while that RuleSetting has that value.
    condition = models.CharField(_("syarat"), max_length=128, blank=True)
    label_id = models.TextField(_("sanksi"))
    label_en = models.TextField(_("sanksi (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    # Administrative remedy against it (PP 79/2021): objection, appeal, or unknown.
    remedy = models.CharField(_("upaya administratif"), max_length=16, blank=True)

    class Meta(VersionedRow.Meta):
        ordering = ["position", "code", "-version"]
        verbose_name = _("sanksi")
        verbose_name_plural = pgettext_lazy("plural", "sanksi")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rules_sanction_code_version")
        ]


class RegionalConsequence(VersionedRow):
    """A region's own extra consequence (e.g. TPP withheld under a Perbup), as data."""

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="neutrality_consequences",
    )
    employee_types = models.JSONField(
        pgettext_lazy("plural", "jenis pegawai"), default=list, blank=True
    )
    label_id = models.TextField(_("akibat"))
    label_en = models.TextField(_("akibat (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    unconfirmed = models.BooleanField(_("belum terkonfirmasi"), default=False)

    class Meta(VersionedRow.Meta):
        verbose_name = _("akibat tambahan daerah")
        verbose_name_plural = pgettext_lazy("plural", "akibat tambahan daerah")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rules_regional_code_version")
        ]


class RecommendingAuthority(VersionedRow):
    """Who recommends the sanction after Bawaslu (DOMAIN §3): dated rows, not code."""

    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    # A body that is due but has no start date yet (MK 121/PUU-XXII/2024).
    pending = models.BooleanField(_("belum terbentuk"), default=False)

    class Meta(VersionedRow.Meta):
        ordering = ["valid_from", "code", "-version"]
        verbose_name = _("lembaga pemberi rekomendasi")
        verbose_name_plural = pgettext_lazy("plural", "lembaga pemberi rekomendasi")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rules_authority_code_version")
        ]

    @property
    def name(self) -> str:
        return self.localized("name")


class RuleSetting(VersionedRow):
    """A contested or unsettled rule kept as an editable, dated value (DOMAIN §8)."""

    value = models.CharField(_("nilai"), max_length=64)
    allowed_values = models.JSONField(_("nilai yang boleh"), default=list, blank=True)
    label_id = models.TextField(_("uraian"))
    label_en = models.TextField(_("uraian (Inggris)"), blank=True)

    class Meta(VersionedRow.Meta):
        verbose_name = _("pengaturan aturan")
        verbose_name_plural = pgettext_lazy("plural", "pengaturan aturan")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rules_setting_code_version")
        ]


class ProhibitedAct(BilingualMixin, models.Model):
    """Plain-language act ("liking a candidate's post") mapped to the forms of each SKB."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    label_id = models.CharField(_("nama"), max_length=200)
    label_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    examples_id = models.JSONField(_("contoh"), default=list, blank=True)
    examples_en = models.JSONField(_("contoh (Inggris)"), default=list, blank=True)
    source = models.TextField(_("sumber"), blank=True)
    # Whether the act is prohibited, allowed, or depends on a fact named in `depends_on_*`.
    verdict = models.CharField(
        _("putusan"), max_length=16, choices=Verdict.choices, default=Verdict.PROHIBITED
    )
    depends_on_id = models.TextField(_("tergantung pada"), blank=True)
    depends_on_en = models.TextField(_("tergantung pada (Inggris)"), blank=True)
    explanation_id = models.TextField(_("penjelasan untuk publik"), blank=True)
    explanation_en = models.TextField(_("penjelasan untuk publik (Inggris)"), blank=True)
    # For staff only: the legal reading behind the act's mapping.
    legal_note_id = models.TextField(_("catatan hukum untuk petugas"), blank=True)
    legal_note_en = models.TextField(_("catatan hukum untuk petugas (Inggris)"), blank=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("perbuatan yang dilarang")
        verbose_name_plural = pgettext_lazy("plural", "perbuatan yang dilarang")

    def __str__(self) -> str:
        return self.slug

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def explanation(self) -> str:
        return self.localized("explanation")

    @property
    def depends_on(self) -> str:
        return self.localized("depends_on")

    @property
    def legal_note(self) -> str:
        # A note written in one language only is still shown: staff need the reading.
        return self.localized("legal_note") or self.legal_note_en

    @property
    def examples(self) -> list:
        return (self.examples_en if is_english() else None) or self.examples_id


class ActFormMapping(models.Model):
    act = models.ForeignKey(ProhibitedAct, on_delete=models.CASCADE, related_name="mappings")
    slot = models.CharField(_("tahapan/instrumen"), max_length=24, choices=MappingSlot.choices)
    # Form code (latest version is used); blank = no form in that instrument (task force).
    form_code = models.CharField(_("kode bentuk"), max_length=64, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["act__position", "slot"]
        verbose_name = _("pemetaan perbuatan")
        verbose_name_plural = pgettext_lazy("plural", "pemetaan perbuatan")
        constraints = [
            models.UniqueConstraint(fields=["act", "slot"], name="rules_mapping_act_slot")
        ]

    def __str__(self) -> str:
        return f"{self.act.slug} / {self.slot} -> {self.form_code or '-'}"
