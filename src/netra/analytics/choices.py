from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """Where a case stands, for counting (docs/analytics.md)."""

    PENDING = "pending", _("Dalam proses")
    PROVEN = "proven", _("Terbukti")
    NOT_PROVEN = "not_proven", _("Tidak terbukti")
    DROPPED = "dropped", _("Tidak diregistrasi atau dihentikan")


class Follow(models.TextChoices):
    """Did the PPK follow Bawaslu's recommendation (only cases recommended to a PPK)."""

    FOLLOWED = "followed", _("Ditindaklanjuti sesuai rekomendasi")
    PARTLY = "partly", _("Ditindaklanjuti sebagian")
    NOT_FOLLOWED = "not_followed", _("Tidak ditindaklanjuti")
    OVERDUE = "overdue", _("Melewati batas waktu")
    PENDING = "pending", _("Menunggu keputusan PPK")
    PERSON_LEFT = "person_left", _("Terlapor sudah berhenti")


class Measure(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Laporan sampai rekomendasi")
    DECISION = "decision", _("Laporan sampai keputusan PPK")


class PreventionKind(models.TextChoices):
    ACTIVITY = "activity", _("Kegiatan sosialisasi")
    ATTENDANCE = "attendance", _("Kehadiran")
    PLEDGE = "pledge", _("Ikrar netralitas")
    PACT = "pact", _("Pakta integritas")
