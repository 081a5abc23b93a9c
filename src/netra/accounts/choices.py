from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BAWASLU_OFFICER = "bawaslu_officer", _("Petugas Bawaslu")
    SATGAS_ANALYST = "satgas_analyst", _("Analis BKN/Satgas")
    AGENCY_HR = "agency_hr", _("Kepegawaian instansi (BKPSDM)")
    PPK_OFFICER = "ppk_officer", _("Staf PPK")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")
