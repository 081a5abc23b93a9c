from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeScope(models.TextChoices):
    NATIONAL = "national", _("Templat nasional")
    REGIONAL = "regional", _("Varian daerah")


class PledgeElectionKind(models.TextChoices):
    ANY = "any", _("Semua pemilihan")
    GENERAL = "general", _("Pemilu")
    REGIONAL = "regional", _("Pemilihan kepala daerah")
