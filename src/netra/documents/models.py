import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.documents.choices import DocumentKind, DocumentStatus
from netra.documents.constants import SUBJECT_REF_MAX_LENGTH


class IssuedDocument(models.Model):
    """An official PDF that Netra issued, verifiable in public by its code.

    The PDF itself is stored content-addressed under MEDIA_ROOT/documents/ and checked against
    `sha256` on every read. Rows are never deleted: a wrong document is revoked.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    kind = models.CharField(_("jenis"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=255)
    issuer = models.CharField(_("penerbit"), max_length=255)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    public_fields = models.JSONField(_("data publik"), default=dict, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.VALID
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    subject_ref = models.CharField(
        _("rujukan subjek"), max_length=SUBJECT_REF_MAX_LENGTH, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=DocumentStatus.VALID, revoked_at__isnull=True)
                | models.Q(status=DocumentStatus.REVOKED, revoked_at__isnull=False),
                name="documents_revoked_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.code
