"""Prevention: versioned neutrality pledge (ikrar netralitas) templates (DOMAIN.md §7)."""

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netra.prevention.choices import PledgeElectionKind, PledgeScope


def _english() -> bool:
    return (translation.get_language() or "id").split("-")[0] == "en"


class PledgeTemplate(models.Model):
    """The wording of a pledge as a source gives it: a dated, versioned data row.

    Loaded from `prevention/data/pledge_templates.toml`. The Indonesian text of a version never
    changes once loaded (it may have been read out or signed): a changed text is a new version.
    `points` is an ordered list of {"id": ..., "en": ...}; the Indonesian is the pledge itself,
    the English only translates it for the interface.
    """

    code = models.CharField(_("kode"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    scope = models.CharField(
        _("cakupan"), max_length=16, choices=PledgeScope.choices, default=PledgeScope.NATIONAL
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    election_kind = models.CharField(
        _("berlaku untuk"),
        max_length=16,
        choices=PledgeElectionKind.choices,
        default=PledgeElectionKind.ANY,
    )
    title_id = models.CharField(_("judul"), max_length=200)
    title_en = models.CharField(_("judul (Inggris)"), max_length=200, blank=True)
    points = models.JSONField(_("butir ikrar"), default=list)
    closing_id = models.TextField(_("kalimat penutup"), blank=True)
    closing_en = models.TextField(_("kalimat penutup (Inggris)"), blank=True)
    source = models.TextField(_("sumber"))
    valid_from = models.DateField(_("berlaku sejak"))
    unverified = models.BooleanField(_("belum terverifikasi"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    loaded_at = models.DateTimeField(_("dimuat pada"), auto_now=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("templat ikrar")
        verbose_name_plural = _("templat ikrar")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="prevention_pledge_version"),
            models.CheckConstraint(
                condition=Q(scope=PledgeScope.NATIONAL, region_code="")
                | (Q(scope=PledgeScope.REGIONAL) & ~Q(region_code="")),
                name="prevention_pledge_region_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return (self.title_en if _english() else "") or self.title_id

    @property
    def closing(self) -> str:
        return (self.closing_en if _english() else "") or self.closing_id

    @property
    def point_texts(self) -> list[str]:
        """The points in the interface language (Indonesian where no translation exists)."""
        key = "en" if _english() else "id"
        return [point.get(key) or point["id"] for point in self.points]
