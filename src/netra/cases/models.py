"""Case-handling reference data. The Case model itself is wired to intake reports later."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netra.cases.choices import DeadlineScope, DeadlineUnit


class DeadlineRule(models.Model):
    """How long a step may take (DOMAIN.md §2.3, §8): a dated, versioned data row, never code.

    Loaded from `cases/data/deadlines.toml`; a changed rule is a new version. `days` is null
    where the law sets no duration; `setting_code` then names a rules setting operators may set.
    """

    code = models.CharField(_("kode"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    election_kind = models.CharField(
        _("berlaku untuk"),
        max_length=16,
        choices=DeadlineScope.choices,
        default=DeadlineScope.ANY,
    )
    unit = models.CharField(_("satuan"), max_length=16, choices=DeadlineUnit.choices)
    days = models.PositiveSmallIntegerField(_("jumlah hari"), null=True, blank=True)
    setting_code = models.CharField(_("pengaturan"), max_length=64, blank=True)
    label_id = models.TextField(_("uraian"))
    label_en = models.TextField(_("uraian (Inggris)"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    source = models.TextField(_("sumber"), blank=True)
    unverified = models.BooleanField(_("belum terverifikasi"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "election_kind", "-version"]
        verbose_name = _("aturan batas waktu")
        verbose_name_plural = _("aturan batas waktu")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "election_kind", "version"], name="cases_deadline_rule_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}/{self.election_kind} v{self.version}"

    @property
    def label(self) -> str:
        lang = (translation.get_language() or "id").split("-")[0]
        return (self.label_en if lang == "en" else "") or self.label_id
