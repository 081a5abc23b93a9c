"""Kemendagri administrative regions (province > regency/city > district > village)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.regions.choices import RegionKind, RegionLevel


class Region(models.Model):
    # Dotted Kemendagri code: "32", "32.01", "32.01.01", "32.01.01.2001".
    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    # Lower-cased name without "Kabupaten"/"Kota"/"Kab." for lookups by what people type.
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices)
    kind = models.CharField(_("jenis"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Kepmendagri edition the row comes from ("2025"); rows from later editions replace it.
    edition = models.CharField(_("edisi"), max_length=10)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = pgettext_lazy("plural", "wilayah")
        indexes = [models.Index(fields=["level", "name_key"], name="region_level_name_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def digits(self) -> str:
        return self.code.replace(".", "")
