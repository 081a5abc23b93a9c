from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Kelurahan/Desa")


class RegionKind(models.TextChoices):
    PROVINCE = "provinsi", _("Provinsi")
    REGENCY = "kabupaten", _("Kabupaten")
    CITY = "kota", _("Kota")
    DISTRICT = "kecamatan", _("Kecamatan")
    PAPUA_DISTRICT = "distrik", _("Distrik")
    URBAN_VILLAGE = "kelurahan", _("Kelurahan")
    VILLAGE = "desa", _("Desa")
    CUSTOMARY_VILLAGE = "desa_adat", _("Desa adat")
