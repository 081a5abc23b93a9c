"""One FilterSet for case lists: the REST API, the exports and the case list page; and the
queue's filter form.

Start from a scoped queryset (`selectors.case_list_for(user)`); the filters only narrow it.
Every row is annotated with `next_due` (the earliest open dated deadline) and `is_overdue`
(`next_due` before today), which the `overdue` filter and the ordering use. Bad values make
the filter form invalid; the API answers 400 with the form's messages, never 500.

What a person sees on the page are names, never codes: regions as a list grouped by province
(values are region codes), elections by name (values are slugs), agencies from a list of the
names in the user's scope (a code still works), dates from a date picker, yes/no as
"Ya"/"Tidak"/"Semua". Pass `request=` so the choices are limited to the user's scope; they are
only read from the database when the form is rendered. The API keeps its parameters (codes,
slugs, true/false); their OpenAPI descriptions are the `API_DOCS` below, in English.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from netra.cases import selectors, workflow
from netra.cases.choices import CaseState, OfficialOutcome
from netra.cases.models import Case, CaseDeadline
from netra.regions.filters import RegionCodeField

# Longest free text accepted in a search box or an agency name or code.
Q_MAX = 100
AGENCY_MAX = 200

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
YES_NO_CHOICES = [("", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}
_DATE = {"class": "form-control", "type": "date"}


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


def election_choices() -> list[tuple[str, str]]:
    """Elections by name (the value, a slug, is never shown)."""
    from netra.elections.selectors import election_list

    return [(e.slug, e.name) for e in election_list()]


# --- Widgets and fields ------------------------------------------------------------------------


class DatalistInput(forms.TextInput):
    """A text box with suggestions (`<datalist>`): searchable on every browser, plain text
    without JavaScript. `options` is a callable giving the suggested values, read at render."""

    template_name = "cases/widgets/datalist.html"

    def __init__(self, attrs=None, options=None):
        super().__init__(attrs)
        self.options = options or (lambda: [])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}_options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["attrs"].setdefault("autocomplete", "off")
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = list(self.options())
        return context


class RegionChoiceField(RegionCodeField):
    """A region picked from a list (values are codes); a code typed in the URL or the API
    (3201, 32.01, 32-01, a district) is accepted too."""

    widget = forms.Select

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(attrs=_SELECT))
        super().__init__(*args, **kwargs)


class RegionChoiceFilter(django_filters.CharFilter):
    field_class = RegionChoiceField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0, yes/no, ya/tidak); anything else is an error, not "no filter". Shown as
    a choice of "Semua", "Ya" and "Tidak"."""

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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(attrs=_SELECT, choices=YES_NO_CHOICES))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        try:
            return self._VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Pilih Ya, Tidak atau Semua."), code="invalid") from None

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


# OpenAPI descriptions of the query parameters (the page shows the translated help texts).
API_DOCS = {
    "state": "One or more states (repeat the parameter).",
    "region": (
        "Region code (32, 32.01, 3201 or 32-01); includes every region under it (32 covers 32.01)."
    ),
    "election": "Election slug, e.g. pilkada-2024 (GET /api/v1/elections/ lists them).",
    "agency": "Agency of the resolved person: its code, or its exact name (case ignored).",
    "overdue": "true: an open deadline has passed; false: none has (also 1/0, yes/no, ya/tidak).",
    "created_from": "Created on or after this date (YYYY-MM-DD).",
    "created_to": "Created on or before this date (YYYY-MM-DD).",
    "outcome": "Official outcome code.",
    "q": (
        "Case number or report tracking number (any part); for roles that may see who is "
        "reported, also an 18-digit NIP or a reported name (any part, case ignored)."
    ),
    "ordering": "next_due (default), -next_due, created, -created, number.",
}


def _api(name: str, filter_, **schema):
    """Give `filter_` its OpenAPI description (and schema) from `API_DOCS`."""
    return extend_schema_field({"type": "string", **schema, "description": API_DOCS[name]})(filter_)


class CaseFilterSet(django_filters.FilterSet):
    q = _api(
        "q",
        django_filters.CharFilter(
            method="filter_q",
            max_length=Q_MAX,
            label=_("Cari"),
            help_text=_("Nomor kasus atau laporan, nama terlapor, atau NIP (18 angka)."),
            widget=forms.TextInput(attrs={**_TEXT, "type": "search"}),
        ),
    )
    state = _api(
        "state",
        django_filters.MultipleChoiceFilter(
            choices=CaseState.choices,
            label=_("Status"),
            help_text=_("Boleh lebih dari satu (tahan Ctrl atau ⌘ saat memilih)."),
            widget=forms.SelectMultiple(attrs={**_SELECT, "size": 4}),
        ),
        enum=list(CaseState.values),
    )
    region = _api(
        "region",
        RegionChoiceFilter(
            method="filter_region",
            label=_("Wilayah"),
            help_text=_("Termasuk semua wilayah di bawahnya."),
        ),
    )
    election = _api(
        "election",
        django_filters.ChoiceFilter(
            field_name="election__slug",
            choices=election_choices,
            empty_label=_("Semua pemilihan"),
            label=_("Pemilihan"),
            widget=forms.Select(attrs=_SELECT),
        ),
    )
    agency = _api(
        "agency",
        django_filters.CharFilter(
            method="filter_agency",
            max_length=AGENCY_MAX,
            label=_("Instansi"),
            help_text=_("Ketik sebagian nama lalu pilih dari daftar."),
            widget=DatalistInput(attrs=_TEXT),
        ),
    )
    overdue = _api(
        "overdue",
        StrictBooleanFilter(
            method="filter_overdue",
            label=_("Terlambat"),
            help_text=_("Ya: ada batas waktu terbuka yang sudah lewat."),
        ),
        enum=["true", "false"],
    )
    created_from = _api(
        "created_from",
        django_filters.DateFilter(
            field_name="created_at",
            lookup_expr="date__gte",
            label=_("Dibuat sejak"),
            widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        ),
        format="date",
    )
    created_to = _api(
        "created_to",
        django_filters.DateFilter(
            field_name="created_at",
            lookup_expr="date__lte",
            label=_("Dibuat sampai"),
            widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        ),
        format="date",
    )
    outcome = _api(
        "outcome",
        django_filters.ChoiceFilter(
            choices=OfficialOutcome.choices,
            empty_label=_("Semua"),
            label=_("Hasil resmi"),
            widget=forms.Select(attrs=_SELECT),
        ),
        enum=list(OfficialOutcome.values),
    )
    ordering = _api(
        "ordering",
        django_filters.ChoiceFilter(
            choices=ORDERING_CHOICES,
            method="filter_noop",
            empty_label=None,
            label=_("Urutan"),
            widget=forms.Select(attrs=_SELECT),
        ),
        enum=[value for value, _label in ORDERING_CHOICES],
    )

    class Meta:
        model = Case
        form = _CleanForm
        fields = [
            "q",
            "state",
            "region",
            "election",
            "agency",
            "overdue",
            "created_from",
            "created_to",
            "outcome",
            "ordering",
        ]

    @property
    def user(self):
        return getattr(self.request, "user", None) if self.request is not None else None

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            self._scope_choices(form)
        return self._form

    def _scope_choices(self, form) -> None:
        """The region and agency choices of the user (read when the form is rendered)."""
        user = self.user
        region = form["region"]

        def regions():
            if user is None:
                return [("", _("Semua wilayah"))]
            groups = selectors.case_region_choices(user)
            chosen = str(region.value() or "")
            known = {code for _label, options in groups for code, _name in options}
            extra = []
            if chosen and chosen not in known:
                from netra.regions.selectors import region_get

                found = region_get(chosen)
                if found is not None:
                    extra = [(chosen, found.name)]
            return [("", _("Semua wilayah")), *extra, *groups]

        form.fields["region"].widget.choices = CallableChoiceIterator(regions)
        form.fields["agency"].widget.options = (
            (lambda: selectors.case_agency_choices(user)) if user is not None else (lambda: [])
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(with_due_dates(queryset))
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_ORDERING
        return queryset.order_by(*_ORDER_BY[ordering])

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(region__code=value) | Q(region__code__startswith=value + "."))

    def filter_agency(self, queryset, name, value):
        text = " ".join(str(value).split())
        if not text:
            return queryset
        return queryset.filter(Q(person__agency__code=text) | Q(person__agency__name__iexact=text))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(next_due__lt=today)
        return queryset.filter(Q(next_due__isnull=True) | Q(next_due__gte=today))

    def filter_q(self, queryset, name, value):
        user = self.user
        personal = True if user is None else selectors.case_personal_data_visible(user)
        return selectors.case_search(queryset, value, personal=personal)


# --- The queue's filters ------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """Filters of the queue (GET; invalid values are ignored): one search box for a case
    number, a name or a NIP, and the state, election and overdue choices."""

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=Q_MAX,
        strip=True,
        help_text=_("Nomor kasus, nama terlapor atau NIP (18 angka)."),
        widget=forms.TextInput(attrs={**_TEXT, "type": "search"}),
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua"))] + list(CaseState.choices),
        widget=forms.Select(attrs=_SELECT),
    )
    election = forms.ChoiceField(
        label=_("Pemilihan"),
        required=False,
        choices=lambda: [("", _("Semua pemilihan")), *election_choices()],
        widget=forms.Select(attrs=_SELECT),
    )
    overdue = forms.BooleanField(
        label=_("Hanya yang terlambat"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
