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
    SUPERSEDED = "superseded", _("Asli, tetapi sudah diganti")
    NOT_FOUND = "not_found", _("Tidak ditemukan")
    MALFORMED = "malformed", _("Kode tidak sah")


class InstitutionKind(models.TextChoices):
    """Which kind of body issues letters: Bawaslu (RI, a province, a regency/city) or a body
    that recommends sanctions (KASN until 23 August 2024, BKN from 24 August 2024)."""

    BAWASLU = "bawaslu", _("Bawaslu")
    AUTHORITY = "authority", _("Lembaga pemberi rekomendasi")
