from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    GENERAL = "general", _("Pemilu (nasional)")
    REGIONAL = "regional", _("Pemilihan kepala daerah")


class Race(models.TextChoices):
    """Which race of an election a stage is for, where races have their own dates."""

    PRESIDENTIAL = "presidential", _("Pemilihan presiden dan wakil presiden")
    LEGISLATIVE = "legislative", _("Pemilihan anggota DPR, DPD, dan DPRD")
    REGIONAL_HEAD = "regional_head", _("Pemilihan kepala daerah")


class StageKind(models.TextChoices):
    # The KPU's first stage (program and budget planning, or the first stage found): the
    # election period, in which prospective candidates already count, starts here.
    PREPARATION = "preparation", _("Awal tahapan pemilihan")
    CANDIDATE_REGISTRATION = "candidate_registration", _("Pendaftaran calon")
    CANDIDATE_DETERMINATION = "candidate_determination", _("Penetapan calon")
    BALLOT_NUMBER_DRAW = "ballot_number_draw", _("Pengundian nomor urut")
    CAMPAIGN = "campaign", _("Masa kampanye")
    QUIET_PERIOD = "quiet_period", _("Masa tenang")
    VOTING_DAY = "voting_day", _("Hari pemungutan suara")
    RECAPITULATION = "recapitulation", _("Penghitungan dan rekapitulasi suara")
