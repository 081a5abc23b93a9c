from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideAction(models.TextChoices):
    ADD = "add", _("Tambah hari libur (bukan hari kerja)")
    REMOVE = "remove", _("Hapus hari libur (menjadi hari kerja)")
