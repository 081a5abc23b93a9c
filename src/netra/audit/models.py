"""Insert-only audit chain (DESIGN.md §6).

Each event's hash covers the previous event's hash and a canonical JSON form of the event, so an
edited, deleted or reordered row breaks the chain at that point (`netra audit verify`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("audit events cannot be updated")

    def delete(self):
        raise AuditImmutableError("audit events cannot be deleted")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(
        pgettext_lazy("audit chain", "urutan"), unique=True, editable=False
    )
    occurred_at = models.DateTimeField(_("waktu"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Username at the time of the event ("system" for jobs), kept so the chain stays readable
    # even if the account is renamed.
    actor_label = models.CharField(_("label pelaku"), max_length=150, editable=False)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True, editable=False)
    object_type = models.CharField(_("jenis objek"), max_length=80, blank=True, editable=False)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True, editable=False)
    payload = models.JSONField(_("isi"), default=dict, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = pgettext_lazy("plural", "peristiwa audit")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit events cannot be deleted")


class AuditHead(models.Model):
    """One row holding the chain's tip; locking it serialises appends across processes."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class ChainCheck(models.Model):
    """One verification of the whole chain: scheduled (no requester) or asked for by a person.

    The trail page shows the latest finished check instead of walking the chain on each load.
    `intact` is None while the check has not finished.
    """

    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(
        pgettext_lazy("chain check", "selesai"), null=True, blank=True
    )
    intact = models.BooleanField(_("utuh"), null=True)
    count = models.BigIntegerField(_("peristiwa diperiksa"), default=0)
    broken_seq = models.BigIntegerField(_("peristiwa pertama yang rusak"), null=True, blank=True)
    reason = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("pemeriksaan rantai audit")
        verbose_name_plural = pgettext_lazy("plural", "pemeriksaan rantai audit")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"chain check {self.requested_at:%Y-%m-%d %H:%M} intact={self.intact}"
