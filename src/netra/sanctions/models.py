"""PPK decisions, objections/appeals and personnel-data blocks (DESIGN.md §11 names).

Rows are written only by `sanctions.services`; nothing is deleted. A case has at most one
decision that is not superseded (the current one); a later decision after an objection or
appeal supersedes it. A case has at most one open (requested or active) data block.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.cases.choices import Compliance, OfficialOutcome, RemedyOutcome
from netra.cases.choices import Remedy as RemedyKind
from netra.sanctions.choices import (
    OPEN_BLOCK_STATUSES,
    DataBlockStatus,
    DecisionBasis,
    DecisionStatus,
)


class Decision(models.Model):
    """The PPK's decree (SK hukuman disiplin) imposing a sanction of the rules catalogue."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sanction = models.ForeignKey(
        "rules.Sanction",
        verbose_name=_("sanksi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Snapshot of the catalogue row at the time of the decision.
    sanction_code = models.CharField(_("kode sanksi"), max_length=64)
    sanction_label_id = models.TextField(_("sanksi"))
    sanction_label_en = models.TextField(_("sanksi (Inggris)"), blank=True)
    sanction_levels = models.JSONField(pgettext_lazy("plural", "tingkat"), default=list, blank=True)
    remedy = models.CharField(
        _("upaya administratif"), max_length=16, choices=RemedyKind.choices, blank=True
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    received_on = models.DateField(_("tanggal diterima terlapor"), null=True, blank=True)
    file_sha256 = models.CharField(_("SHA-256 berkas"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("ukuran berkas"), null=True, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=160, blank=True)
    compliance = models.CharField(
        _("kesesuaian dengan rekomendasi"), max_length=32, choices=Compliance.choices
    )
    official_outcome = models.CharField(
        _("hasil resmi"), max_length=32, choices=OfficialOutcome.choices
    )
    basis = models.CharField(
        _("dasar"), max_length=16, choices=DecisionBasis.choices, default=DecisionBasis.PPK
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("menggantikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan PPK")
        verbose_name_plural = pgettext_lazy("plural", "keputusan PPK")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=~models.Q(status=DecisionStatus.SUPERSEDED),
                name="sanctions_one_current_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decree_number} ({self.sanction_code})"

    @property
    def sanction_label(self) -> str:
        lang = (translation.get_language() or "id").split("-")[0]
        return (self.sanction_label_en if lang == "en" else "") or self.sanction_label_id

    @property
    def has_file(self) -> bool:
        return bool(self.file_sha256)


class Remedy(models.Model):
    """An objection (keberatan) to the PPK or an appeal (banding) to BPASN (PP 79/2021),
    and, when it goes there, the administrative court case after it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("keputusan yang diajukan"),
        on_delete=models.PROTECT,
        related_name="remedies",
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=RemedyKind.choices)
    filed_on = models.DateField(_("tanggal diajukan"))
    grounds = models.TextField(_("alasan"))
    filing_deadline = models.DateField(_("batas pengajuan"), null=True, blank=True)
    filed_in_time = models.BooleanField(_("tepat waktu"), default=True)
    decided_on = models.DateField(_("tanggal diputus"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=RemedyOutcome.choices, blank=True)
    decision_note = models.TextField(_("catatan putusan"), blank=True)
    court_case_number = models.CharField(_("nomor perkara PTUN"), max_length=100, blank=True)
    court_filed_on = models.DateField(_("tanggal gugatan"), null=True, blank=True)
    court_ruling = models.TextField(_("putusan pengadilan"), blank=True)
    court_ruled_on = models.DateField(_("tanggal putusan pengadilan"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keberatan atau banding")
        verbose_name_plural = _("keberatan dan banding")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filed_on}"


class DataBlock(models.Model):
    """A request to block the person's personnel data (SIASN) because the PPK did not follow
    up: requested on `ppk_no_follow_up`, active on `data_blocked`, lifted once the PPK acts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("kasus"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DataBlockStatus.choices,
        default=DataBlockStatus.REQUESTED,
    )
    reason = models.TextField(_("alasan"))
    lift_reason = models.TextField(_("alasan dibuka"), blank=True)
    requested_at = models.DateTimeField(_("diminta pada"))
    blocked_at = models.DateTimeField(_("diblokir pada"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pemblokiran data kepegawaian")
        verbose_name_plural = pgettext_lazy("plural", "pemblokiran data kepegawaian")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=OPEN_BLOCK_STATUSES),
                name="sanctions_one_open_block",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="sanctions_block_status")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BLOCK_STATUSES
