"""The case FilterSet as a DRF filter backend: invalid filters answer 400 in the house error
shape (`{"detail", "code": "invalid", "errors"}`, netra.web.api_errors)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors as the API's `errors` (messages per field)."""
    return {
        name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()
    }


class CaseFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(form_errors(filterset.form))
        return filterset.qs
