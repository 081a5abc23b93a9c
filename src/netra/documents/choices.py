from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RECOMMENDATION_LETTER = "recommendation_letter", _("Surat rekomendasi")
    PPK_NOTIFICATION = "ppk_notification", _("Pemberitahuan kepada PPK")
    PLEDGE_CERTIFICATE = "pledge_certificate", _("Sertifikat ikrar netralitas")
    OTHER = "other", _("Dokumen lain")


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Berlaku")
    REVOKED = "revoked", _("Dicabut")


class VerifyState(models.TextChoices):
    """What the public verification answers (never more than this plus public fields)."""

    VALID = "valid", _("Asli dan berlaku")
    REVOKED = "revoked", _("Asli, tetapi sudah dicabut")
    NOT_FOUND = "not_found", _("Tidak ditemukan")
    MALFORMED = "malformed", _("Kode tidak sah")
