"""One FilterSet for region lists (API and pages)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from netra.regions.codes import InvalidRegionCode, normalize_region_code
from netra.regions.models import Region
from netra.regions.selectors import region_name_filter

LEVEL_CHOICES = [
    ("province", _("Provinsi")),
    ("regency", _("Kabupaten/Kota")),
    ("district", _("Kecamatan")),
    ("village", _("Kelurahan/Desa")),
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
]
LEVEL_VALUES = {"province": 1, "regency": 2, "district": 3, "village": 4}


class RegionCodeField(forms.CharField):
    """Accepts 3201, 32.01, " 32-01 " and cleans to the dotted code."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return normalize_region_code(value)
        except InvalidRegionCode as exc:
            # The reason quotes the input: a parameter, so a "%" in it is not a format.
            reason = {"reason": str(exc)}
            raise ValidationError("%(reason)s", code="invalid", params=reason) from exc


class RegionCodeFilter(django_filters.CharFilter):
    field_class = RegionCodeField


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        choices=LEVEL_CHOICES,
        method="filter_level",
        help_text="province, regency, district, village (or 1-4)",
    )
    parent = RegionCodeFilter(
        field_name="parent__code",
        help_text="code of the direct parent (3201, 32.01, 32-01)",
    )
    q = django_filters.CharFilter(
        method="filter_q",
        help_text="name; ignores case, accents and the Kabupaten/Kab./Kota prefix",
    )

    class Meta:
        model = Region
        fields = ["level", "parent", "q"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(level=LEVEL_VALUES.get(value) or int(value))

    def filter_q(self, queryset, name, value):
        return region_name_filter(queryset, value) if value.strip() else queryset
