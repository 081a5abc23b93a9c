from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionStatus(models.TextChoices):
    """Whether a recorded PPK decree still stands."""

    IN_FORCE = "in_force", _("Berlaku")
    SUPERSEDED = "superseded", _("Digantikan keputusan baru")
    REVOKED = "revoked", _("Dibatalkan atau dicabut")


class DecisionBasis(models.TextChoices):
    """Why a decision was recorded: the PPK's own decree, or one after an objection/appeal."""

    PPK = "ppk", _("Keputusan PPK")
    OBJECTION = "objection", _("Putusan keberatan")
    APPEAL = "appeal", _("Putusan banding")


class DataBlockStatus(models.TextChoices):
    """Personnel-data blocking (Peraturan BKN 1/2023; DOMAIN.md §2.5)."""

    REQUESTED = "requested", _("Diminta")
    ACTIVE = "active", _("Diblokir")
    LIFTED = "lifted", pgettext_lazy("data block", "Dibuka")
    WITHDRAWN = "withdrawn", _("Dibatalkan")


OPEN_BLOCK_STATUSES = (DataBlockStatus.REQUESTED, DataBlockStatus.ACTIVE)
