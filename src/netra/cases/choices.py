from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    """Case states (DOMAIN.md §2.4, §2.6, §8.2); transitions live in `cases/workflow.py`."""

    RECEIVED = "received", _("Diterima")
    FORMAL_CHECK = "formal_check", _("Pemeriksaan syarat formal dan materiel")
    NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan pelapor")
    NOT_REGISTERED = "not_registered", _("Tidak diregistrasi")
    REGISTERED = "registered", _("Diregistrasi")
    TASK_FORCE_VERIFICATION = "task_force_verification", _("Verifikasi Satgas Netralitas")
    STUDY = "study", _("Kajian Bawaslu")
    NOT_A_VIOLATION = "not_a_violation", _("Bukan pelanggaran")
    STOPPED = "stopped", _("Dihentikan")
    RECOMMENDED = "recommended", _("Direkomendasikan")
    RECOMMENDATION_TO_AUTHORITY = (
        "recommendation_to_authority",
        _("Rekomendasi ke lembaga berwenang (KASN/BKN)"),
    )
    RECOMMENDATION_TO_PPK = "recommendation_to_ppk", _("Rekomendasi sanksi ke PPK")
    SANCTIONED = "sanctioned", _("Sanksi dijatuhkan")
    PPK_NO_FOLLOW_UP = "ppk_no_follow_up", _("PPK tidak menindaklanjuti")
    DATA_BLOCKED = "data_blocked", _("Data kepegawaian diblokir")
    UNBLOCKED = "unblocked", _("Blokir data dibuka")
    OBJECTION = "objection", _("Keberatan kepada PPK")
    OBJECTION_DECIDED = "objection_decided", _("Keberatan diputus")
    DEEMED_UNDECIDED = "deemed_undecided", _("Keberatan tidak diputus dalam batas waktu")
    APPEAL = "appeal", _("Banding administratif ke BPASN")
    APPEAL_DECIDED = "appeal_decided", _("Banding diputus BPASN")
    COURT = "court", _("Gugatan ke PTUN")
    CLOSED = "closed", _("Selesai")


class OfficialOutcome(models.TextChoices):
    """Outcome categories used in official data (Kemendagri, Dec 2024; DOMAIN.md §2.4)."""

    AWAITING_BKN_VERIFICATION = "awaiting_bkn_verification", _("Menunggu verifikasi BKN")
    AWAITING_PPK_FOLLOW_UP = "awaiting_ppk_follow_up", _("Menunggu tindak lanjut PPK")
    ALREADY_LEFT = (
        "already_left",
        _("Terlapor sudah diberhentikan, pensiun atau mengundurkan diri"),
    )
    NOT_PROVEN = "not_proven", _("Tidak terbukti")
    CANCELLED = "cancelled", _("Dibatalkan")
    REJECTED = "rejected", _("Ditolak")
    SANCTIONED = "sanctioned", _("Dijatuhi sanksi")


class Remedy(models.TextChoices):
    """Administrative remedy against a PPK decision (PP 79/2021; DOMAIN.md §2.6, §8.2)."""

    OBJECTION = "objection", _("Keberatan kepada PPK")
    APPEAL = "appeal", _("Banding administratif ke BPASN")


class RemedyOutcome(models.TextChoices):
    """How an objection or appeal ends (PP 79/2021 Pasal 6, 16)."""

    UPHELD = "upheld", _("Menguatkan keputusan")
    LIGHTENED = "lightened", _("Memperingan")
    MADE_HEAVIER = "made_heavier", _("Memperberat")
    CHANGED = "changed", _("Mengubah")
    REVOKED = "revoked", _("Membatalkan atau mencabut")
    NOT_ADMISSIBLE = "not_admissible", _("Tidak dapat diterima")


class Requirement(models.TextChoices):
    """Formal and material requirements of a report (DOMAIN.md §2.2; Perbawaslu 7/2022): the
    checklist of registration and of a correction request (`cases/forms.py`)."""

    REPORTER_IDENTITY = "reporter_identity", _("Identitas pelapor (nama, alamat) lengkap")
    REPORTER_ENTITLED = (
        "reporter_entitled",
        _("Pelapor berhak melapor (pemilih, peserta atau pemantau)"),
    )
    REPORTED_PERSON = "reported_person", _("Terlapor disebutkan")
    WITHIN_DEADLINE = (
        "within_deadline",
        _("Dilaporkan dalam batas waktu melapor sejak kejadian diketahui"),
    )
    SIGNATURE_MATCHES_ID = (
        "signature_matches_id",
        _("Tanda tangan sesuai KTP-el atau identitas lain"),
    )
    TIME_AND_PLACE = "time_and_place", _("Waktu dan tempat kejadian")
    DESCRIPTION = "description", _("Uraian kejadian")
    WITNESSES = "witnesses", _("Saksi")
    EVIDENCE = "evidence", _("Bukti (dokumen, foto, video, benda)")


class DeadlineUnit(models.TextChoices):
    WORKING = "working", _("Hari kerja")
    CALENDAR = "calendar", _("Hari kalender")


class DeadlineScope(models.TextChoices):
    """Which kind of election a deadline row applies to (`elections.ElectionKind` plus any)."""

    GENERAL = "general", _("Pemilu")
    REGIONAL = "regional", _("Pemilihan kepala daerah")
    ANY = "any", _("Semua pemilihan")


class Compliance(models.TextChoices):
    """How the PPK's decision compares with the recommendation (`cases/compliance.py`)."""

    COMPLIANT = "compliant", _("Sesuai rekomendasi")
    LIGHTER = "lighter", _("Lebih ringan dari rekomendasi")
    HEAVIER = "heavier", _("Lebih berat dari rekomendasi")
    NOT_IN_CATALOGUE = "not_in_catalogue", _("Sanksi tidak ada dalam katalog untuk jenis pegawai")
    NO_DECISION = "no_decision", _("Belum ada keputusan")
    OVERDUE = "overdue", _("Belum ada keputusan, melewati batas waktu")
    PERSON_LEFT = "person_left", _("Terlapor sudah diberhentikan atau pensiun")


class CaseEventKind(models.TextChoices):
    """What a timeline row (`CaseEvent`) records; `cases/timeline.py` writes it in words."""

    TRANSITION = "transition", _("Perubahan status")
    IDENTITY_RESOLVED = "identity_resolved", _("Terlapor ditetapkan")
    IDENTITY_CHANGED = "identity_changed", _("Terlapor diubah")
    MERGED = "merged", _("Penggabungan kasus")
    UNMERGED = "unmerged", _("Penggabungan dibatalkan")
    CLASSIFIED = "classified", _("Klasifikasi dicatat")
    CLASSIFICATION_CHANGED = "classification_changed", _("Klasifikasi diubah")
    LETTER_ISSUED = "letter_issued", _("Surat diterbitkan")
    DECREE_RECORDED = "decree_recorded", _("Keputusan PPK dicatat")
