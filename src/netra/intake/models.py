"""Public reports and what the reporter sends with them (DESIGN.md §4, §11).

Sized for hundreds of thousands of reports: UUIDs and tracking numbers outside, bigint keys
inside, indexes on what the queue and the status page look up.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.intake.choices import (
    EventKind,
    EvidenceCheck,
    EvidenceKind,
    MessageDirection,
    PublicStatus,
    ReporterMode,
    ReportSource,
)
from netra.language import is_english


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_number = models.CharField(_("nomor laporan"), max_length=20, unique=True)
    # HMAC-SHA256(pepper, access key); the key itself is never stored (see access.py).
    access_key_digest = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField(
        _("sumber"), max_length=16, choices=ReportSource.choices, default=ReportSource.PUBLIC
    )
    reporter_mode = models.CharField(
        _("identitas pelapor"), max_length=16, choices=ReporterMode.choices
    )
    # AES-GCM envelope of {name, email, phone, id_number, address, witnesses} (crypto.py).
    reporter_envelope = models.TextField(blank=True, editable=False)
    has_contact = models.BooleanField(_("ada kontak"), default=False)
    language = models.CharField(_("bahasa pelapor"), max_length=8, default="id")

    act = models.ForeignKey(
        "rules.ProhibitedAct",
        verbose_name=_("perbuatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("uraian kejadian"))
    event_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    learned_date = models.DateField(_("tanggal mengetahui"), null=True, blank=True)
    place_text = models.CharField(_("tempat kejadian"), max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("pemilihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    reported_name = models.CharField(_("nama terlapor"), max_length=200, blank=True)
    reported_workplace = models.CharField(_("tempat kerja terlapor"), max_length=300, blank=True)
    reported_position = models.CharField(_("jabatan terlapor"), max_length=200, blank=True)
    reported_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah terlapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_nip = models.CharField(_("NIP/NI PPPK terlapor"), max_length=18, blank=True)
    reported_nik = models.CharField(_("NIK terlapor"), max_length=16, blank=True)

    public_status = models.CharField(
        _("status"), max_length=24, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )
    guidance = models.JSONField(_("catatan kelengkapan"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Retention (ADR 0014, `intake/retention.py`): when the content was purged (the row stays,
    # emptied, for statistics and the audit trail) and when the reporter's identity was erased.
    purged_at = models.DateTimeField(_("isi dihapus (retensi)"), null=True, blank=True)
    identity_erased_at = models.DateTimeField(
        _("identitas pelapor dihapus (retensi)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = pgettext_lazy("plural", "laporan")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["public_status", "created_at"], name="intake_report_status_idx"),
            models.Index(fields=["created_at"], name="intake_report_created_idx"),
            models.Index(fields=["reported_nip"], name="intake_report_nip_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_number


class ReportLink(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("tautan"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tautan")
        verbose_name_plural = pgettext_lazy("plural", "tautan")

    def __str__(self) -> str:
        return self.url


class Evidence(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")
    # The original, byte for byte, under MEDIA_ROOT/evidence/<aa>/<bb>/<sha256>.
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=64)
    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    original_name = models.CharField(_("nama berkas"), max_length=160)
    # Metadata-stripped copy for display (images only), content-addressed the same way.
    display_sha256 = models.CharField(max_length=64, blank=True)
    display_content_type = models.CharField(max_length=64, blank=True)
    # An anonymous reporter's choice to remove location and device data from the stored
    # original too, and whether that was done (not possible for every file type).
    metadata_removal_requested = models.BooleanField(
        _("pelapor meminta metadata dihapus"), default=False
    )
    metadata_removed = models.BooleanField(_("metadata dihapus dari berkas asli"), default=False)
    # Antivirus/structure outcome; quarantined and infected files are never served.
    check_state = models.CharField(
        _("pemeriksaan berkas"),
        max_length=16,
        choices=EvidenceCheck.choices,
        default=EvidenceCheck.UNSCANNED,
    )
    check_detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bukti")
        verbose_name_plural = pgettext_lazy("plural", "bukti")
        constraints = [
            models.UniqueConstraint(fields=["report", "sha256"], name="intake_evidence_once")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class ReportEvent(models.Model):
    """A row of the reporter's public timeline (plain language, no internal detail)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    code = models.CharField(max_length=64, blank=True)
    text_id = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"

    @property
    def text(self) -> str:
        return (self.text_en if is_english() else "") or self.text_id


class ReportMessage(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    body = models.TextField(_("pesan"))
    reply_by = models.DateField(_("balas paling lambat"), null=True, blank=True)
    # Set for officers' messages; None means the reporter wrote it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.direction} {self.public_id}"


class IdempotencyKey(models.Model):
    key = models.CharField(max_length=128, unique=True)
    fingerprint = models.CharField(max_length=64)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    # The access key sealed (crypto.py) so a retry can show the same receipt; erased after the TTL.
    response_envelope = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key
