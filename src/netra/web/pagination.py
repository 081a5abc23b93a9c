"""The one pagination of every API list: `?limit=` (1 to 100, default 50) and `?offset=`.

Without a maximum one anonymous request could ask for every region (9.7 MB) and a limit past
bigint reached the database as a 500. A limit above the maximum is reduced to it (the reply's
`next` link carries the limit used); a limit or offset that is not a whole number in range is
refused with a 400 in the user's language, never silently replaced by the default."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 100
_DIGITS = re.compile(r"[0-9]{1,30}")  # ASCII digits; an offset past the count never reaches SQL


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = MAX_LIMIT

    def _number(self, request, name: str, minimum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        if not _DIGITS.fullmatch(raw) or int(raw) < minimum:
            raise ValidationError(
                {name: [_("Harus bilangan bulat %(minimum)d atau lebih.") % {"minimum": minimum}]}
            )
        return int(raw)

    def get_limit(self, request):
        limit = self._number(request, self.limit_query_param, 1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return self._number(request, self.offset_query_param, 0) or 0

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["description"] = (
            f"Results per page, 1 to {self.max_limit} (default {self.default_limit}); "
            f"a larger value is reduced to {self.max_limit}."
        )
        limit["schema"] = {"type": "integer", "minimum": 1}
        offset["schema"] = {"type": "integer", "minimum": 0}
        return [limit, offset]
