"""One FilterSet for case lists: the REST API, the exports and the case pages.

Start from a scoped queryset (`selectors.case_list_for(user)`); the filters only narrow it.
Every row is annotated with `next_due` (the earliest open dated deadline) and `is_overdue`
(`next_due` before today), which the `overdue` filter and the ordering use. Bad values make
the filter form invalid; the API answers 400 with the form's messages, never 500.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netra.cases import workflow
from netra.cases.choices import CaseState, OfficialOutcome
from netra.cases.models import Case, CaseDeadline, CaseReport
from netra.regions.filters import RegionCodeFilter

# Longest free text accepted in a search box or an agency code.
Q_MAX = 100
AGENCY_CODE_MAX = 20

ORDERING_CHOICES = [
    ("next_due", _("Batas waktu terdekat")),
    ("-next_due", _("Batas waktu terjauh")),
    ("created", _("Terlama")),
    ("-created", _("Terbaru")),
    ("number", _("Nomor kasus")),
]
_ORDER_BY = {
    "next_due": (F("next_due").asc(nulls_last=True), "created_at", "id"),
    "-next_due": (F("next_due").desc(nulls_last=True), "-created_at", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "number": ("number", "id"),
}
DEFAULT_ORDERING = "next_due"


def with_due_dates(queryset: QuerySet[Case], *, today: dt.date | None = None) -> QuerySet[Case]:
    """Annotate `next_due` and `is_overdue` (unless already there) without a GROUP BY."""
    if "next_due" in queryset.query.annotations:
        return queryset
    today = today or timezone.localdate()
    earliest = (
        CaseDeadline.objects.filter(
            case=OuterRef("pk"), met_at__isnull=True, due_date__isnull=False
        )
        .exclude(code__in=workflow.MILESTONE_DEADLINES)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    return queryset.annotate(next_due=Subquery(earliest)).annotate(
        is_overdue=ExpressionWrapper(Q(next_due__lt=today), output_field=BooleanField())
    )


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0, yes/no, ya/tidak); anything else is an error, not "no filter"."""

    widget = forms.TextInput
    _VALUES = {
        "true": True,
        "1": True,
        "yes": True,
        "ya": True,
        "false": False,
        "0": False,
        "no": False,
        "tidak": False,
    }

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Gunakan true atau false."), code="invalid") from None

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class _CleanForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class CaseFilterSet(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=CaseState.choices,
        label=_("Status"),
        help_text="one or more states (repeat the parameter)",
    )
    region = RegionCodeFilter(
        method="filter_region",
        label=_("Wilayah"),
        help_text="region code; includes every region under it (32 covers 32.01)",
    )
    election = django_filters.CharFilter(
        field_name="election__slug",
        max_length=64,
        label=_("Pemilihan"),
        help_text="election slug, e.g. pilkada-2024",
    )
    agency = django_filters.CharFilter(
        field_name="person__agency__code",
        max_length=AGENCY_CODE_MAX,
        label=_("Instansi"),
        help_text="agency code of the resolved person",
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        label=_("Terlambat"),
        help_text="true: an open deadline has passed; false: none has",
    )
    created_from = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Dibuat sejak")
    )
    created_to = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Dibuat sampai")
    )
    outcome = django_filters.ChoiceFilter(choices=OfficialOutcome.choices, label=_("Hasil resmi"))
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=Q_MAX,
        label=_("Cari"),
        help_text="case number, report tracking number or reported name",
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES,
        method="filter_noop",
        label=_("Urutan"),
        help_text="next_due (default), -next_due, created, -created, number",
    )

    class Meta:
        model = Case
        form = _CleanForm
        fields = [
            "state",
            "region",
            "election",
            "agency",
            "overdue",
            "created_from",
            "created_to",
            "outcome",
            "q",
            "ordering",
        ]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(with_due_dates(queryset))
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_ORDERING
        return queryset.order_by(*_ORDER_BY[ordering])

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(region__code=value) | Q(region__code__startswith=value + "."))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(next_due__lt=today)
        return queryset.filter(Q(next_due__isnull=True) | Q(next_due__gte=today))

    def filter_q(self, queryset, name, value):
        text = " ".join(str(value).replace("\x00", "").split())
        if not text:
            return queryset
        in_reports = CaseReport.objects.filter(case=OuterRef("pk")).filter(
            Q(report__tracking_number__icontains=text) | Q(report__reported_name__icontains=text)
        )
        return queryset.filter(
            Q(number__icontains=text) | Q(person__name__icontains=text) | Exists(in_reports)
        )
