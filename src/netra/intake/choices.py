from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSource(models.TextChoices):
    PUBLIC = "public", _("Laporan masyarakat")
    FINDING = "finding", _("Temuan pengawas")


class ReporterMode(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonim (tanpa identitas)")
    CONFIDENTIAL = "confidential", _("Rahasia (identitas hanya diketahui petugas)")
    OPEN = "open", _("Terbuka")


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    NEEDS_CORRECTION = "needs_correction", _("Perlu dilengkapi")
    REGISTERED = "registered", _("Diregistrasi")
    NOT_REGISTERED = "not_registered", _("Tidak diregistrasi")
    IN_STUDY = "in_study", _("Dalam kajian")
    RECOMMENDED = "recommended", _("Direkomendasikan")
    DECIDED = "decided", _("Diputuskan")
    MERGED = "merged", _("Digabung dengan laporan lain")
    CLOSED = "closed", _("Selesai")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Laporan diterima")
    EVIDENCE_ADDED = "evidence_added", _("Bukti ditambahkan")
    MESSAGE_TO_REPORTER = "message_to_reporter", _("Pesan dari petugas")
    MESSAGE_FROM_REPORTER = "message_from_reporter", _("Balasan pelapor")
    STATUS_CHANGED = "status_changed", _("Status berubah")
    NOTE = "note", _("Catatan")


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Kepada pelapor")
    FROM_REPORTER = "from_reporter", _("Dari pelapor")


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Gambar")
    PDF = "pdf", _("Dokumen PDF")
    VIDEO = "video", _("Video")


class EvidenceCheck(models.TextChoices):
    """What the antivirus and structure checks made of a stored file (scanning.py)."""

    CLEAN = "clean", _("Diperiksa antivirus, bersih")
    UNSCANNED = "unscanned", _("Belum dipindai antivirus (pemindai tidak terpasang)")
    QUARANTINED = "quarantined", _("Dikarantina: belum dapat diperiksa, tidak dapat diunduh")
    RELEASED = "released", _("Dilepas dari karantina oleh petugas")
    INFECTED = "infected", _("Mengandung malware, tidak dapat diunduh")


class ReportAction(models.TextChoices):
    """Audit actions (payloads never carry reporter identity)."""

    SUBMITTED = "intake.report_submitted", _("Laporan dikirim")
    EVIDENCE_ADDED = "intake.evidence_added", _("Bukti ditambahkan")
    EVIDENCE_OPENED = "intake.evidence_opened", _("Bukti dibuka")
    EVIDENCE_INTEGRITY_FAILED = "intake.evidence_integrity_failed", _("Bukti rusak")
    MESSAGE_TO_REPORTER = "intake.message_to_reporter", _("Pesan kepada pelapor")
    MESSAGE_FROM_REPORTER = "intake.message_from_reporter", _("Pesan dari pelapor")
    STATUS_SET = "intake.status_set", _("Status laporan diubah")
    EVENT_ADDED = "intake.event_added", _("Catatan linimasa")
    IDENTITY_REVEALED = "intake.identity_revealed", _("Identitas pelapor dibuka")
    IDENTITY_REFUSED = "intake.identity_refused", _("Permintaan identitas pelapor ditolak")
    EVIDENCE_RELEASED = "intake.evidence_released", _("Bukti dilepas dari karantina")
    EVIDENCE_RECHECKED = "intake.evidence_rechecked", _("Bukti karantina diperiksa ulang")
    EVIDENCE_CHECK_FAILED = "intake.evidence_check_failed", _("Pemeriksaan berkas bukti gagal")
