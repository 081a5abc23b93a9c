"""Staff dashboards (/analitik/): the rollups as charts and tables, scoped to the user.

Thin views: every figure comes from `analytics.selectors` (scoped, cubes only); this module
only arranges them into `charts.Chart`s and table rows. A bad filter answers 400 with the
selectors' message; a user without any role gets 403.
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from netra.accounts.scopes import user_scope
from netra.analytics import charts, scoping, selectors
from netra.analytics.choices import Follow, Outcome
from netra.analytics.dashboard_forms import DashboardFilterForm
from netra.analytics.errors import FilterError
from netra.analytics.filters import Filters
from netra.web.responses import no_store_page

TOP = 10  # bars per chart; the table and the export have every row
COMPLIANCE_ROWS = 15
TABLE_ROWS = 25  # rows of a long table on the page; the download has them all
# Duration buckets (calendar days) for the histogram chart.
DURATION_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, None))


def may_see_dashboards(user) -> bool:
    """Any staff member with a role (the selectors narrow what they count)."""
    return bool(user.is_authenticated) and not user_scope(user).is_empty


def _require(user) -> None:
    if not may_see_dashboards(user):
        raise PermissionDenied(_("Dasbor hanya untuk petugas yang memiliki peran."))


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _percent(value: float | None) -> str:
    return "–" if value is None else charts.number(round(value * 100, 1), "%")


def _days(value: float | None) -> str:
    if value is None:
        return "–"
    return _("%(n)s hari") % {"n": charts.number(round(value, 1))}


def _query(f: Filters, **extra) -> str:
    values = {**f.as_query(), **extra}
    return urlencode(values)


def _time_chart(user, f: Filters) -> charts.Chart:
    reports = selectors.reports_over_time(user, f, period="month")
    if not reports:
        return charts.time_series(_("Laporan dan temuan per bulan"), "", [], {})
    by_month = {row["period"]: row for row in reports}
    months = _months(min(by_month), max(by_month))
    public = [by_month.get(m, {}).get("public", 0) for m in months]
    finding = [by_month.get(m, {}).get("finding", 0) for m in months]
    description = _(
        "%(public)s laporan masyarakat dan %(finding)s temuan pengawas dari %(first)s sampai "
        "%(last)s."
    ) % {
        "public": charts.number(sum(public)),
        "finding": charts.number(sum(finding)),
        "first": charts.month_label(months[0]),
        "last": charts.month_label(months[-1]),
    }
    return charts.time_series(
        _("Laporan dan temuan per bulan"),
        description,
        months,
        {
            pgettext("jumlah", "Laporan masyarakat"): public,
            pgettext("jumlah", "Temuan pengawas"): finding,
        },
        category_heading=_("Bulan"),
    )


def _outcome_series(rows: list[dict]) -> dict[str, list[int]]:
    return {
        str(Outcome.PROVEN.label): [r[Outcome.PROVEN] for r in rows],
        str(Outcome.NOT_PROVEN.label): [r[Outcome.NOT_PROVEN] for r in rows],
        str(Outcome.PENDING.label): [r[Outcome.PENDING] for r in rows],
        str(Outcome.DROPPED.label): [r[Outcome.DROPPED] for r in rows],
    }


def _breakdown_chart(user, f: Filters, by: str, title: str, heading: str) -> charts.Chart:
    rows = selectors.breakdown(user, f, by)[:TOP]
    description = (
        _("Terbanyak: %(label)s (%(n)s kasus).")
        % {"label": rows[0]["label"], "n": charts.number(rows[0]["cases"])}
        if rows
        else ""
    )
    return charts.stacked(
        title,
        description,
        [r["label"] for r in rows],
        _outcome_series(rows),
        category_heading=heading,
    )


def _duration_chart(durations: dict) -> charts.Chart:
    labels, series = [], {}
    for measure, title in (
        ("recommendation", _("Sampai rekomendasi")),
        ("decision", _("Sampai keputusan PPK")),
    ):
        histogram = durations[measure]["histogram"]
        counts = []
        for low, high in DURATION_BUCKETS:
            counts.append(
                sum(n for days, n in histogram if days >= low and (high is None or days <= high))
            )
        series[title] = counts
    for low, high in DURATION_BUCKETS:
        labels.append(
            _("lebih dari %(low)s hari") % {"low": low - 1}
            if high is None
            else _("%(low)s–%(high)s hari") % {"low": low, "high": high}
        )
    rec, dec = durations["recommendation"], durations["decision"]
    description = _(
        "Median sampai rekomendasi %(rec)s, sampai keputusan PPK %(dec)s (sejak laporan diterima)."
    ) % {"rec": _days(rec["median"]), "dec": _days(dec["median"])}
    return charts.stacked(
        _("Sebaran lama penanganan"),
        description,
        labels,
        series,
        category_heading=_("Lama sejak laporan"),
    )


def dashboard_context(user, f: Filters) -> dict:
    totals = selectors.case_totals(user, f)
    overall = selectors.compliance(user, f)
    overall = overall[0] if overall else None
    durations = selectors.durations(user, f)
    ppk_rows = selectors.compliance(user, f, by="ppk")
    overdue_base = reverse("dashboard:overdue")
    for row in ppk_rows:
        row["rate_text"] = _percent(row["rate"])
        row["overdue_link"] = f"{overdue_base}?{_query(f, agency=row['key'])}" if row["key"] else ""
    # The chart: the PPKs with the most recommendations, lowest rate first (a PPK with two
    # recommendations would otherwise fill it); the table lists the lowest rates overall.
    busiest = sorted(ppk_rows, key=lambda r: -r["total"])[:COMPLIANCE_ROWS]
    shown = [r for r in ppk_rows if r in busiest]
    compliance_chart = charts.stacked(
        _("Tindak lanjut rekomendasi oleh PPK"),
        _("PPK dengan rekomendasi terbanyak, yang tingkat kepatuhannya terendah lebih dahulu."),
        [r["label"] for r in shown],
        {
            str(Follow.FOLLOWED.label): [r[Follow.FOLLOWED] for r in shown],
            str(Follow.PARTLY.label): [r[Follow.PARTLY] for r in shown],
            str(Follow.NOT_FOLLOWED.label): [r[Follow.NOT_FOLLOWED] for r in shown],
            str(Follow.OVERDUE.label): [r[Follow.OVERDUE] for r in shown],
            str(Follow.PENDING.label): [r[Follow.PENDING] for r in shown],
        },
        category_heading=_("PPK dan instansi"),
    )
    levels = selectors.sanctions_by_level(user, f)
    # Provinces, unless the filters or the user's scope hold a single province.
    region_by = "regency" if f.province or f.regency else "province"
    regions = selectors.breakdown(user, f, region_by)
    if region_by == "province" and len(regions) <= 1:
        region_by = "regency"
        regions = selectors.breakdown(user, f, region_by)
    for rank, row in enumerate(regions, start=1):
        row["rank"] = rank
    prevention = selectors.prevention_vs_violations(user, f, by="agency")
    # Per work unit: for one agency or regency (chosen, or the user's whole scope).
    unit_ready = bool(f.agency or f.regency) or scoping.narrow(user)
    units = selectors.prevention_by_unit(user, f) if unit_ready else []
    for row in (*prevention, *units):
        row["coverage_text"] = _percent(row["pledge_coverage"])
        row["per_1000_text"] = (
            "–"
            if row["proven_per_1000"] is None
            else charts.number(round(row["proven_per_1000"], 1))
        )
    proven_total = totals[Outcome.PROVEN] + totals[Outcome.NOT_PROVEN]
    return {
        "totals": totals,
        "proven_share": _percent(totals[Outcome.PROVEN] / proven_total if proven_total else None),
        "compliance_overall": overall,
        "compliance_rate": _percent(overall["rate"] if overall else None),
        "durations": {
            key: {**value, "median_text": _days(value["median"]), "p90_text": _days(value["p90"])}
            for key, value in durations.items()
        },
        "time_chart": _time_chart(user, f),
        "outcome_chart": charts.bars(
            _("Terbukti dan tidak terbukti"),
            _("%(proven)s kasus terbukti, %(not_proven)s tidak terbukti.")
            % {
                "proven": charts.number(totals[Outcome.PROVEN]),
                "not_proven": charts.number(totals[Outcome.NOT_PROVEN]),
            },
            [
                (str(o.label), totals[o.value])
                for o in (Outcome.PROVEN, Outcome.NOT_PROVEN, Outcome.PENDING, Outcome.DROPPED)
            ],
            series_label=pgettext("jumlah", "Kasus"),
            category_heading=_("Hasil"),
        ),
        "act_chart": _breakdown_chart(user, f, "act", _("Kasus menurut perbuatan"), _("Perbuatan")),
        "form_chart": _breakdown_chart(
            user, f, "form", _("Kasus menurut bentuk pelanggaran"), _("Bentuk pelanggaran")
        ),
        "group_chart": _breakdown_chart(
            user,
            f,
            "functional_group",
            _("Kasus menurut kelompok jabatan terlapor"),
            _("Kelompok jabatan"),
        ),
        "employee_chart": _breakdown_chart(
            user, f, "employee_type", _("Kasus menurut jenis pegawai"), _("Jenis pegawai")
        ),
        "sanction_chart": charts.bars(
            _("Sanksi menurut tingkat"),
            _("%(n)s sanksi berlaku.") % {"n": charts.number(sum(r["n"] for r in levels))},
            [(r["label"], r["n"]) for r in levels],
            series_label=pgettext("jumlah", "Sanksi"),
            category_heading=_("Tingkat sanksi"),
        ),
        "compliance_chart": compliance_chart,
        "ppk_rows": ppk_rows[:TABLE_ROWS],
        "ppk_count": len(ppk_rows),
        "duration_chart": _duration_chart(durations),
        "region_by": region_by,
        "regions": regions,
        "region_chart": charts.bars(
            _("Peringkat wilayah menurut jumlah kasus"),
            (_("Terbanyak: %(label)s.") % {"label": regions[0]["label"]} if regions else ""),
            [(r["label"], r["cases"]) for r in regions[:TOP]],
            series_label=pgettext("jumlah", "Kasus"),
            category_heading=_("Wilayah"),
        ),
        "prevention": prevention,
        "unit_ready": unit_ready,
        "units": units[:TABLE_ROWS],
        "unit_count": len(units),
        # Agency staff learn of a case once it is recommended to their PPK: reports are not
        # theirs to see (the case list's rule), which the empty chart says instead of "no data".
        "reports_hidden": scoping.report_scope_q(user) is scoping.NOTHING,
        "unit_agencies": len({row["agency"] for row in units}),
        "data_as_of": selectors.data_as_of(),
    }


def _filters_or_error(request) -> tuple[Filters, str]:
    try:
        return Filters.from_query(request.GET), ""
    except FilterError as exc:
        return Filters(), exc.message


@login_required
@require_GET
def index(request):
    _require(request.user)
    f, error = _filters_or_error(request)
    form = DashboardFilterForm(request.GET or None, options=selectors.filter_options(request.user))
    context = {"form": form, "error": error, "filters": f, "query": _query(f)}
    if not error:
        context.update(dashboard_context(request.user, f))
    return no_store_page(request, "analytics/dashboard.html", context, status=400 if error else 200)


@login_required
@require_GET
def overdue(request):
    """Cases whose PPK has not decided past the deadline, for the dashboard's filters (one
    agency when a compliance row was clicked)."""
    _require(request.user)
    f, error = _filters_or_error(request)
    rows = selectors.overdue_cases(request.user, f) if not error else []
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "error": error,
        "filters": f,
        "query": _query(f),
        "agency_label": _agency_label(f),
    }
    return no_store_page(request, "analytics/overdue.html", context, status=400 if error else 200)


def _agency_label(f: Filters) -> str:
    if not f.agency:
        return ""
    from netra.registry.models import Agency

    return Agency.objects.filter(code=f.agency).values_list("name", flat=True).first() or ""


@login_required
@require_GET
def export(request, table: str):
    """A dashboard table as CSV (streamed) or XLSX; `terlambat` is the overdue case list
    (through the audited case export)."""
    from netra.analytics import exports
    from netra.cases.exports import ExportFormatError, case_export_response

    _require(request.user)
    fmt = (request.GET.get("format") or "csv").lower()
    f, error = _filters_or_error(request)
    if not error and fmt not in ("csv", "xlsx"):
        error = _("Format unduhan harus CSV atau XLSX.")
    if not error and table != "terlambat" and table not in exports.TABLES:
        raise Http404(_("Tabel tidak ditemukan."))
    if error:
        return no_store_page(request, "analytics/export_error.html", {"error": error}, status=400)
    if table == "terlambat":
        try:
            return case_export_response(
                request, selectors.overdue_cases(request.user, f), fmt, filters=f.as_query()
            )
        except ExportFormatError:  # pragma: no cover - format checked above
            raise Http404 from None
    return exports.export_response(table, fmt, request.user, f)
