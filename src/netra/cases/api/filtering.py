"""The case FilterSet as a DRF filter backend: invalid filters answer 400 in the house error
shape (`{"detail", "code", "errors"}`), like every other refusal of the cases API."""

from django_filters.rest_framework import DjangoFilterBackend

from netra.cases.api.errors import form_errors, invalid


class CaseFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise invalid(form_errors(filterset.form))
        return filterset.qs
