"""Reads of the rollups, for dashboards, exports and the API. Every one is scoped to the user
(`scoping.py`, the case list's rules) and reads cubes only: no scan of cases on a page load.

Return shapes are plain dicts and lists (documented per function) so templates, charts, CSV
and JSON can use them alike.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from netra.analytics import scoping
from netra.analytics.choices import Follow, Measure, Outcome, PreventionKind
from netra.analytics.errors import AnalyticsErrorCode as E
from netra.analytics.errors import FilterError
from netra.analytics.filters import Filters
from netra.analytics.models import (
    CaseAgencySummary,
    CaseCube,
    CaseFact,
    CaseNationalCube,
    CaseRegencySummary,
    CaseRegionSummary,
    CaseSummary,
    DurationCube,
    Headcount,
    NationalDurationCube,
    NationalReportCube,
    PreventionCube,
    ReportCube,
    RollupState,
)
from netra.language import is_english
from netra.registry.choices import EmployeeType, FunctionalGroup, PositionType
from netra.rules.choices import SanctionLevel

BREAKDOWNS = {
    "election": "election_id",
    "province": "province",
    "regency": "regency",
    "agency": "agency_id",
    "employee_type": "employee_type",
    "position_type": "position_type",
    "functional_group": "functional_group",
    "act": "act",
    "form": "form",
}
OUTCOMES = [o.value for o in Outcome]
FOLLOWS = [f.value for f in Follow]
LEVELS = [
    SanctionLevel.MORAL,
    SanctionLevel.LIGHT,
    SanctionLevel.MODERATE,
    SanctionLevel.HEAVY,
    SanctionLevel.DISMISSAL,
]


def data_as_of() -> dt.datetime | None:
    """When the rollups last changed (or were reconciled): the date of the data shown."""
    row = RollupState.objects.filter(name="rollups").values("changed_at", "reconciled_at").first()
    if not row:
        return None
    moments = [m for m in (row["changed_at"], row["reconciled_at"]) if m]
    return max(moments) if moments else None


FINE = frozenset({"employee_type", "position_type", "functional_group", "act", "form"})

# The case rollups, smallest first (models.py, "coarse projections"): a query reads the first
# that has every column it filters, groups, is scoped by and counts. All hold the same counts
# (tested).
CASE_MODELS = (
    CaseRegionSummary,
    CaseRegencySummary,
    CaseAgencySummary,
    CaseNationalCube,
    CaseSummary,
    CaseCube,
)
DURATION_MODELS = (NationalDurationCube, DurationCube)
REPORT_MODELS = (NationalReportCube, ReportCube)


def _columns(model) -> frozenset:
    return frozenset(f.attname for f in model._meta.concrete_fields) | {"pk"}


def q_columns(q: Q | None) -> set[str]:
    """The columns a lookup reads (`province`, `agency_id`...)."""
    out: set[str] = set()
    if q is None:
        return out
    for child in q.children:
        if isinstance(child, Q):
            out |= q_columns(child)
        else:
            out.add(child[0].split("__")[0])
    return out


def smallest(models_, *lookups: Q | None, needs=()):
    """The first of `models_` that has every column of `lookups` and `needs`."""
    wanted = set(needs)
    for q in lookups:
        wanted |= q_columns(q)
    for model in models_:
        if wanted <= _columns(model):
            return model
    return models_[-1]


def _cases(user, f: Filters, by: str | None = None, needs=("outcome",)):
    """The case rollup rows in scope matching `f`, from the smallest rollup that has the
    columns the query needs (`by`, `needs`, the filters and the user's scope)."""
    scope, condition = scoping.case_scope_q(user), f.case_q()
    model = smallest(CASE_MODELS, scope, condition, needs=(*needs, *([_column(by)] if by else [])))
    return scoping.scoped(model.objects.filter(condition), scope)


def case_totals(user, f: Filters) -> dict[str, int]:
    """{"cases", "pending", "proven", "not_proven", "dropped"}"""
    out = dict.fromkeys(["cases", *OUTCOMES], 0)
    for row in _cases(user, f).values("outcome").annotate(c=Sum("n")).order_by():
        out[row["outcome"]] = out.get(row["outcome"], 0) + row["c"]
        out["cases"] += row["c"]
    return out


def cases_over_time(user, f: Filters) -> list[dict]:
    """[{"period": first day of the month, "cases", "pending", "proven", "not_proven",
    "dropped"}] in month order (case cubes are monthly)."""
    series: dict[dt.date, dict] = {}
    rows = (
        _cases(user, f, needs=("month", "outcome"))
        .values("month", "outcome")
        .annotate(c=Sum("n"))
        .order_by("month")
    )
    for row in rows:
        entry = series.setdefault(
            row["month"], {"period": row["month"], "cases": 0, **dict.fromkeys(OUTCOMES, 0)}
        )
        entry[row["outcome"]] += row["c"]
        entry["cases"] += row["c"]
    return list(series.values())


def reports_over_time(user, f: Filters, period: str | None = None) -> list[dict]:
    """[{"period": date, "public", "finding", "total"}] per day or month (`period`, default
    the filter's). Reports carry no person: agency and employee filters do not narrow them."""
    period = period or f.period
    scope, condition = scoping.report_scope_q(user), f.report_q()
    model = smallest(REPORT_MODELS, scope, condition, needs=("day", "source"))
    qs = scoping.scoped(model.objects.filter(condition), scope)
    series: dict[dt.date, dict] = {}
    for row in qs.values("day", "source").annotate(c=Sum("n")).order_by("day"):
        key = row["day"] if period == "day" else row["day"].replace(day=1)
        entry = series.setdefault(key, {"period": key, "public": 0, "finding": 0, "total": 0})
        entry[row["source"]] = entry.get(row["source"], 0) + row["c"]
        entry["total"] += row["c"]
    return list(series.values())


def breakdown(user, f: Filters, by: str) -> list[dict]:
    """[{"key", "label", "cases", "pending", "proven", "not_proven", "dropped"}] grouped by
    `by` (BREAKDOWNS), most cases first. With by="province"/"regency" it is the ranked table
    of regions."""
    column = _column(by)
    rows: dict = defaultdict(lambda: {"cases": 0, **dict.fromkeys(OUTCOMES, 0)})
    for row in _cases(user, f, by).values(column, "outcome").annotate(c=Sum("n")).order_by():
        entry = rows[row[column]]
        entry[row["outcome"]] += row["c"]
        entry["cases"] += row["c"]
    labels = labels_for(by, rows.keys())
    out = [
        {"key": labels[key][1], "label": labels[key][0], **values} for key, values in rows.items()
    ]
    out.sort(key=lambda r: (-r["cases"], r["label"]))
    return out


def sanctions_by_level(user, f: Filters) -> list[dict]:
    """[{"key": level, "label", "n"}] for the sanctions in force, lightest first."""
    counts = dict(
        _cases(user, f, needs=("sanction_level",))
        .exclude(sanction_level="")
        .values("sanction_level")
        .annotate(c=Sum("n"))
        .order_by()
        .values_list("sanction_level", "c")
    )
    return [
        {"key": level.value, "label": str(level.label), "n": counts.get(level.value, 0)}
        for level in LEVELS
    ]


def compliance(user, f: Filters, by: str | None = None) -> list[dict]:
    """PPK follow-up of recommendations: [{"key", "label", "followed", "partly",
    "not_followed", "overdue", "pending", "person_left", "total", "rate"}]; by=None gives one
    row ("all"), by="agency" or "ppk" one per agency (a PPK heads an agency's staffing, so
    the PPK rows are the agency rows labelled with the PPK's title). `rate` = followed /
    (total - pending - person_left), None when nothing was due yet. Worst rate first."""
    if by not in (None, "agency", "ppk"):
        raise FilterError(E.BAD_GROUPING, value=by)
    group = ["agency_id"] if by else []
    qs = _cases(user, f, needs=("compliance", *group)).exclude(compliance="")
    rows: dict = defaultdict(lambda: dict.fromkeys(FOLLOWS, 0))
    for row in qs.values(*group, "compliance").annotate(c=Sum("n")).order_by():
        rows[row["agency_id"] if by else "all"][row["compliance"]] += row["c"]
    labels = labels_for("ppk" if by == "ppk" else "agency", rows.keys()) if by else {}
    out = []
    for key, values in rows.items():
        total = sum(values.values())
        due = total - values[Follow.PENDING] - values[Follow.PERSON_LEFT]
        label, public_key = labels.get(key, (_("Semua"), "all"))
        out.append(
            {
                "key": public_key,
                "label": label,
                **values,
                "total": total,
                "rate": values[Follow.FOLLOWED] / due if due else None,
            }
        )
    out.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 2, r["label"]))
    return out


def durations(user, f: Filters) -> dict[str, dict]:
    """{"recommendation": {"n", "median", "p90", "histogram": [(days, n), ...]}, "decision":
    {...}}: calendar days from the primary report to the first recommendation, and to the
    first PPK decree. Exact at day resolution (read from the histogram cube)."""
    scope, condition = scoping.case_scope_q(user), f.case_q()
    model = smallest(DURATION_MODELS, scope, condition, needs=("measure", "days"))
    qs = scoping.scoped(model.objects.filter(condition), scope)
    histograms: dict[str, list] = {m.value: [] for m in Measure}
    rows = qs.values("measure", "days").annotate(c=Sum("n")).order_by("measure", "days")
    for row in rows:
        histograms[row["measure"]].append((row["days"], row["c"]))
    return {measure: _summary(histogram) for measure, histogram in histograms.items()}


def _summary(histogram: list[tuple[int, int]]) -> dict:
    n = sum(count for _days, count in histogram)
    return {
        "n": n,
        "median": percentile(histogram, 0.5),
        "p90": percentile(histogram, 0.9),
        "histogram": histogram,
    }


def percentile(histogram: list[tuple[int, int]], q: float) -> float | None:
    """The q-th percentile of the values a sorted histogram describes, with the same
    interpolation as `statistics.quantiles(method="inclusive")` and numpy's default."""
    n = sum(count for _days, count in histogram)
    if not n:
        return None
    position = (n - 1) * q
    low, frac = int(position), position - int(position)

    def value_at(index: int) -> int:
        seen = 0
        for days, count in histogram:
            seen += count
            if index < seen:
                return days
        return histogram[-1][0]

    a = value_at(low)
    b = value_at(min(low + 1, n - 1))
    return a + (b - a) * frac


def prevention_vs_violations(user, f: Filters, by: str = "agency") -> list[dict]:
    """Prevention beside violations per unit: [{"key", "label", "headcount", "pledges",
    "activities", "attendance", "pacts", "pledge_coverage", "cases", "proven",
    "proven_per_1000"}]; `by` is "agency" or "regency" (or "province"). Coverage and the rate
    are None where the registry has nobody for the unit. Most proven cases first."""
    if by not in ("agency", "regency", "province"):
        raise FilterError(E.BAD_GROUPING, value=by)
    column = _column(by)
    rows: dict = defaultdict(
        lambda: {
            "headcount": 0,
            "pledges": 0,
            "activities": 0,
            "attendance": 0,
            "pacts": 0,
            "cases": 0,
            "proven": 0,
        }
    )
    scope = scoping.prevention_scope_q(user)
    prevention = scoping.scoped(PreventionCube.objects.filter(f.prevention_q()), scope)
    names = {
        PreventionKind.PLEDGE: "pledges",
        PreventionKind.ACTIVITY: "activities",
        PreventionKind.ATTENDANCE: "attendance",
        PreventionKind.PACT: "pacts",
    }
    for row in prevention.values(column, "kind").annotate(c=Sum("n")).order_by():
        rows[row[column]][names[row["kind"]]] += row["c"]
    headcount = scoping.scoped(Headcount.objects.filter(f.headcount_q()), scope)
    for row in headcount.values(column).annotate(c=Sum("n")).order_by():
        rows[row[column]]["headcount"] += row["c"]
    cases = _cases(user, f, needs=(column, "outcome"))
    for row in cases.values(column, "outcome").annotate(c=Sum("n")).order_by():
        rows[row[column]]["cases"] += row["c"]
        if row["outcome"] == Outcome.PROVEN:
            rows[row[column]]["proven"] += row["c"]
    labels = labels_for(by, rows.keys())
    out = []
    for key, values in rows.items():
        people = values["headcount"]
        out.append(
            {
                "key": labels[key][1],
                "label": labels[key][0],
                **values,
                "pledge_coverage": values["pledges"] / people if people else None,
                "proven_per_1000": values["proven"] * 1000 / people if people else None,
            }
        )
    out.sort(key=lambda r: (-r["proven"], -r["cases"], r["label"]))
    return out


def prevention_by_unit(user, f: Filters) -> list[dict]:
    """`prevention_vs_violations` per work unit (*unit kerja*) of the registry: the unit's
    people, its pledges, activities, attendance and pacts beside its people's cases. Same row
    shape, plus "agency" (the unit's agency name). Only units (cases whose person has none are
    in the agency table); meant for one agency or regency at a time (`scoping.narrow`)."""
    from netra.analytics.models import UnitCaseCube, UnitHeadcount

    rows: dict = defaultdict(lambda: dict.fromkeys(_PREVENTION_COUNTS, 0))
    scope = scoping.prevention_scope_q(user)
    prevention = scoping.scoped(PreventionCube.objects.filter(f.prevention_q()), scope)
    names = {
        PreventionKind.PLEDGE: "pledges",
        PreventionKind.ACTIVITY: "activities",
        PreventionKind.ATTENDANCE: "attendance",
        PreventionKind.PACT: "pacts",
    }
    counted = prevention.exclude(unit_id=0).values("unit_id", "kind").annotate(c=Sum("n"))
    for row in counted.order_by():
        rows[row["unit_id"]][names[row["kind"]]] += row["c"]
    headcount = scoping.scoped(UnitHeadcount.objects.filter(f.headcount_q()), scope)
    for row in headcount.values("unit_id").annotate(c=Sum("n")).order_by():
        rows[row["unit_id"]]["headcount"] += row["c"]
    cases = scoping.scoped(UnitCaseCube.objects.filter(f.case_q()), scoping.case_scope_q(user))
    for row in cases.values("unit_id", "outcome").annotate(c=Sum("n")).order_by():
        rows[row["unit_id"]]["cases"] += row["c"]
        if row["outcome"] == Outcome.PROVEN:
            rows[row["unit_id"]]["proven"] += row["c"]
    from netra.registry.models import WorkUnit

    units = {u.pk: u for u in WorkUnit.objects.filter(pk__in=list(rows)).select_related("agency")}
    out = []
    for key, values in rows.items():
        unit, people = units.get(key), values["headcount"]
        out.append(
            {
                "key": str(unit.public_id) if unit else "",
                "label": unit.name if unit else _("Unit kerja terhapus"),
                "agency": unit.agency.name if unit else "",
                **values,
                "pledge_coverage": values["pledges"] / people if people else None,
                "proven_per_1000": values["proven"] * 1000 / people if people else None,
            }
        )
    out.sort(key=lambda r: (-r["proven"], -r["cases"], r["label"]))
    return out


_PREVENTION_COUNTS = (
    "headcount",
    "pledges",
    "activities",
    "attendance",
    "pacts",
    "cases",
    "proven",
)


def overdue_cases(user, f: Filters):
    """The cases whose PPK decision is overdue, within the user's case list (the list behind
    the compliance chart's 'overdue' figure)."""
    from netra.cases.selectors import case_list_for

    facts = scoping.scoped(
        CaseFact.objects.filter(f.case_q(), compliance=Follow.OVERDUE),
        scoping.case_scope_q(user),
    )
    # Oldest first by id: cases are numbered as they are opened, and the primary key lets the
    # first page stop after 50 rows instead of sorting every overdue case (87,000 of them at a
    # million generated cases: 0.4 to 0.7 s by created_at, 10 ms by id).
    return case_list_for(user).filter(pk__in=facts.values("case_id")).order_by("pk")


def filter_options(user) -> dict[str, list[tuple[str, str]]]:
    """Choices for the filter form: [(value, label)] per filter, limited to what exists in
    the user's scope (elections, provinces, regencies, agencies, acts and forms seen in their
    case rollups), each read from the smallest rollup that has the column and the scope's."""
    scope = scoping.case_scope_q(user)
    options = {}
    for by in ("election", "province", "regency", "agency", "act", "form"):
        column = _column(by)
        model = smallest(CASE_MODELS, scope, needs=(column,))
        qs = scoping.scoped(model.objects.all(), scope)
        keys = set(qs.values_list(column, flat=True).distinct().order_by())
        keys.discard("")
        keys.discard(0)
        labels = labels_for(by, keys)
        options[by] = sorted((labels[k][1], labels[k][0]) for k in keys)
        options[by].sort(key=lambda item: item[1])
    options["employee_type"] = list(EmployeeType.choices)
    options["position_type"] = list(PositionType.choices)
    options["functional_group"] = list(FunctionalGroup.choices)
    return options


def _column(by: str) -> str:
    if by not in BREAKDOWNS:
        raise FilterError(E.BAD_GROUPING, value=by)
    return BREAKDOWNS[by]


def labels_for(by: str, keys) -> dict:
    """{stored key: (label in the active language, public key)}; the public key is what a
    filter takes (slug, code), never an internal id."""
    keys = list(keys)
    english = is_english()
    # A stored "" / 0: the case's person is not matched with the registry yet (agency, employee
    # type, position, group), or the case is not studied yet (act, form). Shown as such, with
    # the explanation on the page (dashboard.html), never as if the data were broken.
    unknown = _("Belum ditentukan")
    out: dict = {}
    if by == "election":
        from netra.elections.models import Election

        for e in Election.objects.filter(pk__in=[k for k in keys if k]):
            out[e.pk] = ((e.name_en if english else "") or e.name_id, e.slug)
    elif by in ("agency", "ppk"):
        from netra.registry.models import Agency

        for a in Agency.objects.filter(pk__in=[k for k in keys if k]):
            label = f"{a.ppk_title} — {a.name}" if by == "ppk" and a.ppk_title else a.name
            out[a.pk] = (label, a.code)
    elif by in ("province", "regency"):
        from netra.regions.models import Region

        for r in Region.objects.filter(code__in=[k for k in keys if k]):
            out[r.code] = (r.name, r.code)
    elif by == "act":
        from netra.rules.models import ProhibitedAct

        for act in ProhibitedAct.objects.filter(slug__in=[k for k in keys if k]):
            out[act.slug] = (act.label, act.slug)
    elif by == "form":
        from netra.rules.models import ViolationForm

        forms = ViolationForm.objects.filter(code__in=[k for k in keys if k])
        for form in forms.order_by("code", "version"):  # the latest version wins
            out[form.code] = (f"{form.item} — {form.label}" if form.item else form.label, form.code)
    else:
        choices = {
            "employee_type": EmployeeType,
            "position_type": PositionType,
            "functional_group": FunctionalGroup,
        }[by]
        for key in keys:
            if key in choices.values:
                out[key] = (str(choices(key).label), key)
    for key in keys:
        if key in ("", 0):
            out.setdefault(key, (unknown, ""))
        else:
            out.setdefault(key, (str(key), str(key)))
    return out
