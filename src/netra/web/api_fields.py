"""Serializer fields shared by the APIs."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class LookupField(serializers.SlugRelatedField):
    """A related object named by a code, slug or public id. Input no row can hold (a NUL
    character, which PostgreSQL refuses in a query, or a malformed UUID, which the lookup
    itself raises on) is refused as invalid before it reaches the database, never a 500."""

    default_error_messages = {
        "does_not_exist": _("Tidak ada data dengan kode {value}."),
        "invalid": _("Nilai tidak valid."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:
            self.fail("invalid")
