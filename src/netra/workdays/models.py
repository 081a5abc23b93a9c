"""Corrections to the `holidays` package: regional holidays, late decrees, cancelled days."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.workdays.choices import OverrideAction


class HolidayOverride(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("tanggal"))
    action = models.CharField(_("tindakan"), max_length=6, choices=OverrideAction.choices)
    # Null: national. A province or regency override applies to every region under it.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holiday_overrides",
    )
    name = models.CharField(_("nama"), max_length=200)
    decree = models.CharField(
        _("dasar hukum"), max_length=200, help_text=_("Misalnya Keppres 22/2020.")
    )
    source = models.URLField(_("sumber"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["date", "region__code"]
        verbose_name = _("koreksi hari libur")
        verbose_name_plural = pgettext_lazy("plural", "koreksi hari libur")
        constraints = [
            # One override per date and region (NULL region counted once, on every database).
            models.UniqueConstraint(
                fields=["date", "region"],
                condition=models.Q(region__isnull=False),
                name="holiday_override_date_region_uniq",
                violation_error_message=_("Sudah ada koreksi untuk tanggal dan wilayah ini."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(region__isnull=True),
                name="holiday_override_date_national_uniq",
                violation_error_message=_("Sudah ada koreksi nasional untuk tanggal ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.action} {self.name}"
