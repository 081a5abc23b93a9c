from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmployeeType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")
    NON_ASN = "NON_ASN", _("Non-ASN (honorer/PPNPN)")


class Gender(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class PositionType(models.TextChoices):
    STRUCTURAL = "structural", _("Struktural")
    FUNCTIONAL = "functional", _("Fungsional")
    EXECUTOR = "executor", _("Pelaksana")


class FunctionalGroup(models.TextChoices):
    TEACHER = "teacher", _("Guru")
    HEALTH = "health", _("Tenaga kesehatan")
    OTHER_FUNCTIONAL = "other", _("Fungsional lain")
    NONE = "none", _("Bukan fungsional")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    RETIRED = "retired", _("Pensiun")
    DISMISSED = "dismissed", _("Diberhentikan")


class AgencyKind(models.TextChoices):
    CENTRAL = "central", _("Instansi pusat")
    PROVINCE = "province", _("Pemerintah provinsi")
    REGENCY = "regency", _("Pemerintah kabupaten/kota")


class ImportJobStatus(models.TextChoices):
    # A context: other catalogs translate the same words for other things ("Selesai").
    QUEUED = "queued", pgettext_lazy("import job", "Menunggu giliran")
    RUNNING = "running", pgettext_lazy("import job", "Sedang berjalan")
    DONE = "done", pgettext_lazy("import job", "Selesai")
    FAILED = "failed", pgettext_lazy("import job", "Gagal")


class ImportJobFailure(models.TextChoices):
    """Why a job stopped; the page shows the label (nothing was stored in either case)."""

    BROKEN_FILE = (
        "broken_file",
        _("Berkas rusak atau tidak dapat dibaca sampai akhir; tidak ada data yang disimpan."),
    )
    INTERNAL = (
        "internal",
        _(
            "Impor terhenti karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi atau "
            "hubungi administrator."
        ),
    )
