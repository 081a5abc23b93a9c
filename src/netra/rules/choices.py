from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    LAW = "law", _("Undang-undang")
    GOVERNMENT_REGULATION = "government_regulation", _("Peraturan pemerintah")
    PRESIDENTIAL_REGULATION = "presidential_regulation", _("Peraturan presiden")
    JOINT_DECREE = "joint_decree", _("Keputusan bersama (SKB)")
    CIRCULAR = "circular", _("Surat edaran")
    AGENCY_REGULATION = "agency_regulation", _("Peraturan lembaga")
    COURT_DECISION = "court_decision", _("Putusan pengadilan")


class Category(models.TextChoices):
    ETHICS = "ethics", _("Kode etik")
    DISCIPLINE = "discipline", _("Disiplin")


class SanctionLevel(models.TextChoices):
    MORAL = "moral", _("Sanksi moral")
    LIGHT = "light", _("Ringan")
    MODERATE = "moderate", _("Sedang")
    HEAVY = "heavy", _("Berat")
    DISMISSAL = "dismissal", _("Pemberhentian tidak dengan hormat")
    TASK_FORCE = "task_force", _("Diputuskan Satgas")


class PhaseHint(models.TextChoices):
    PROSPECTIVE_CANDIDATE = "prospective_candidate", _("Bakal calon (sebelum penetapan)")
    CANDIDATE = "candidate", _("Calon (setelah penetapan)")
    ANY = "any", _("Setiap tahapan")


class MappingSlot(models.TextChoices):
    """Which instrument and phase an act-to-form mapping row is for."""

    SKB2022_PROSPECTIVE = "skb2022_prospective", _("SKB 2022, sebelum penetapan calon")
    SKB2022_CANDIDATE = "skb2022_candidate", _("SKB 2022, setelah penetapan calon")
    # SKB 2020 had one list for both phases; after candidates are determined the discipline
    # hooks of PP 53/2010 Pasal 4 angka 15 apply, so it splits by phase like SKB 2022.
    SKB2020 = "skb2020", _("SKB 2020, sebelum penetapan calon")
    SKB2020_CANDIDATE = "skb2020_candidate", _("SKB 2020, setelah penetapan calon")


class Verdict(models.TextChoices):
    """What the public can act on: may the employee do it?"""

    PROHIBITED = "prohibited", _("Tidak boleh")
    ALLOWED = "allowed", _("Boleh")
    DEPENDS = "depends", _("Tergantung")


class DependsOn(models.TextChoices):
    """The fact a verdict or a category still depends on."""

    FACTS = "facts", _("Fakta perbuatannya")
    PHASE = "phase", _("Tahapan (sebelum atau sesudah penetapan calon)")
    RACE = "race", _("Jenis pemilihan (presiden, legislatif, atau kepala daerah)")


# Employee types `classify` accepts: the registry's types, plus CPNS (a candidate civil
# servant), to whom PP 94/2021 applies mutatis mutandis (Pasal 43).
CPNS = "CPNS"
