from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeScope(models.TextChoices):
    NATIONAL = "national", _("Templat nasional")
    REGIONAL = "regional", _("Varian daerah")


class PledgeElectionKind(models.TextChoices):
    ANY = "any", _("Semua pemilihan")
    GENERAL = "general", _("Pemilu")
    REGIONAL = "regional", _("Pemilihan kepala daerah")


class ActivityKind(models.TextChoices):
    """The kinds of prevention work the seeds and DOMAIN.md §7.2 show."""

    APEL = "apel", _("Apel netralitas")
    SOCIALIZATION = "socialization", _("Sosialisasi")
    VIDEO_CONFERENCE = "video_conference", _("Konferensi video")
    COORDINATION_MEETING = "coordination_meeting", _("Rapat koordinasi pengawasan partisipatif")
    CIRCULAR_LETTER = "circular_letter", _("Surat edaran / imbauan")
    LEAFLET = "leaflet", _("Brosur / leaflet")


# Kinds that reach people without a gathering: no attendance list, no check-in.
KINDS_WITHOUT_ATTENDANCE = frozenset({ActivityKind.CIRCULAR_LETTER, ActivityKind.LEAFLET})


class PartnerBody(models.TextChoices):
    BAWASLU = "bawaslu", _("Bawaslu")
    KPU = "kpu", _("KPU")
    BKN = "bkn", _("BKN")
    KASN = "kasn", _("KASN (sampai 2024)")
    KEMENPANRB = "kemenpanrb", _("KemenPANRB")


class AttendanceSource(models.TextChoices):
    IMPORT = "import", _("Impor daftar hadir")
    CHECK_IN = "check_in", _("Presensi mandiri (QR)")


class ImportOutcome(models.TextChoices):
    APPLIED = "applied", _("Diterapkan")
    REJECTED = "rejected", _("Ditolak (tidak ada yang disimpan)")


class PledgeMethod(models.TextChoices):
    INDIVIDUAL = "individual", _("Perorangan (di ponsel)")
    COLLECTIVE = "collective", _("Bersama saat apel")


class IdentityCheck(models.TextChoices):
    """What besides the NIP a person gave to prove who they are."""

    BIRTH_DATE = "birth_date", _("Tanggal lahir")
    NIK = "nik", _("NIK")
    ORGANISER = "organiser", _("Daftar hadir penyelenggara")
    # The second factor of a pledge on a phone (issue 13 §3): something only the person has.
    CONTACT_CODE = "contact_code", _("Kode sekali pakai ke kontak terdaftar")
    HR_CODE = "hr_code", _("Kode ikrar pribadi dari kepegawaian")


class SecondFactor(models.TextChoices):
    """What a campaign asks for besides NIP and birth date before a pledge on a phone: a
    one-time code sent to the e-mail or phone in the registry, or a personal pledge code that
    the agency's HR hands out."""

    CONTACT_CODE = "contact_code", _("Kode sekali pakai ke e-mail/telepon di data kepegawaian")
    HR_CODE = "hr_code", _("Kode ikrar pribadi yang dibagikan bagian kepegawaian")
