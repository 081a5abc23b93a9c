"""Elections and their stage dates: the candidate-determination date turns an ethics case into a
discipline case (DOMAIN.md §1.1, §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.elections.choices import ElectionKind, StageKind
from netra.language import is_english


class Election(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=ElectionKind.choices)
    vote_date = models.DateField(_("hari pemungutan suara"))
    regulation = models.CharField(_("peraturan KPU"), max_length=120, blank=True)
    source = models.TextField(_("sumber"), blank=True)
    note = models.TextField(_("catatan"), blank=True)
    regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=pgettext_lazy("plural", "wilayah"),
        blank=True,
        related_name="elections",
    )
    # What the data file promises about `regions` (the list may be partial, see the note).
    regions_expected = models.PositiveIntegerField(_("jumlah wilayah seharusnya"), default=0)
    regions_complete = models.BooleanField(_("daftar wilayah lengkap"), default=True)
    regions_note = models.TextField(_("catatan wilayah"), blank=True)
    regions_missing = models.JSONField(_("kode wilayah belum ada"), default=list, blank=True)

    class Meta:
        ordering = ["vote_date", "slug"]
        verbose_name = _("pemilihan")
        verbose_name_plural = pgettext_lazy("plural", "pemilihan")

    def __str__(self) -> str:
        return self.slug

    @property
    def name(self) -> str:
        return (self.name_en if is_english() else "") or self.name_id


class ElectionStage(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("tahapan"), max_length=32, choices=StageKind.choices)
    # Which race a stage is for when races differ ("presidential"); blank = the whole election.
    race = models.CharField(_("jenis pemilihan"), max_length=32, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    source = models.TextField(_("sumber"), blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["election", "start_date", "kind"]
        verbose_name = _("tahapan pemilihan")
        verbose_name_plural = pgettext_lazy("plural", "tahapan pemilihan")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "kind", "race"], name="elections_stage_kind_race"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="elections_stage_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election.slug} {self.kind} {self.start_date}"
