from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.cases.choices import CaseState, RemedyOutcome
from netra.cases.choices import Remedy as RemedyKind


class DecisionStatus(models.TextChoices):
    """Whether a recorded PPK decree still stands."""

    IN_FORCE = "in_force", pgettext_lazy("decision status", "Berlaku")
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
    WITHDRAWN = "withdrawn", pgettext_lazy("data block", "Dibatalkan")


OPEN_BLOCK_STATUSES = (DataBlockStatus.REQUESTED, DataBlockStatus.ACTIVE)


# Case states in which the sanctions steps act (the workflow's moves decide who may move).
S = CaseState
# States in which the PPK records its (first) decision.
DECIDABLE_STATES = frozenset(
    {S.RECOMMENDATION_TO_PPK, S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED, S.UNBLOCKED}
)
REMEDY_STATES = {RemedyKind.OBJECTION: S.OBJECTION, RemedyKind.APPEAL: S.APPEAL}
DECIDED_STATES = {S.OBJECTION: S.OBJECTION_DECIDED, S.APPEAL: S.APPEAL_DECIDED}
COURT_FROM = frozenset({S.OBJECTION_DECIDED, S.DEEMED_UNDECIDED, S.APPEAL_DECIDED})
CLOSABLE_STATES = frozenset({S.SANCTIONED, *COURT_FROM})
CHANGES_SANCTION = frozenset(
    {RemedyOutcome.LIGHTENED, RemedyOutcome.MADE_HEAVIER, RemedyOutcome.CHANGED}
)
