"""Coverage pages: the staff workspace (per agency in the user's scope, drill-down per unit and
employee type x functional group, units with no activity, chart, CSV/XLSX export) and the
public aggregate page (no names, small groups suppressed). Thin views over `coverage` reads.

Out-of-scope agencies are 404; staff without a prevention role get 403. Workspace pages and
exports are `Cache-Control: no-store`.
"""

import io

from defusedcsv import csv as defusedcsv
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from netra.audit.services import audit_record
from netra.cases.exports import neutralise
from netra.prevention import coverage
from netra.prevention.access import is_prevention_staff
from netra.prevention.errors import CoverageErrorCode
from netra.prevention.forms.coverage import CoverageExportForm, CoverageFilterForm
from netra.prevention.selectors import agencies_viewable_by
from netra.registry.models import Agency
from netra.web.responses import no_store

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# --- chart (inline SVG, drawn on the server: no script, no external library) ----------------

CHART_WIDTH, CHART_HEIGHT = 640, 260
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 12, 12, 40


def chart_drawing(chart: coverage.Chart) -> dict | None:
    """Coordinates for `_chart.html`: two polylines (attended, pledged) on a 0-100% scale."""
    if not chart.points:
        return None
    inner_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    inner_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    count = len(chart.points)

    def x(i):
        return round(CHART_LEFT + (inner_w * i / (count - 1) if count > 1 else inner_w / 2), 1)

    def y(share):
        return round(CHART_TOP + inner_h * (1 - share), 1)

    def line(attr):
        return " ".join(f"{x(i)},{y(getattr(p, attr))}" for i, p in enumerate(chart.points))

    step = max(1, count // 6)
    labels = [
        {"x": x(i), "text": p.day, "anchor": "end" if i == count - 1 and i else "middle"}
        for i, p in enumerate(chart.points)
        if i % step == 0 or i == count - 1
    ]
    grid = [{"y": y(v / 100), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "axis_x": CHART_LEFT - 6,
        "right": CHART_WIDTH - CHART_RIGHT,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 18,
        "attended": line("attended_share"),
        "pledged": line("pledged_share"),
        "dots": [
            {
                "x": x(i),
                "ya": y(p.attended_share),
                "px": round(x(i) - 3, 1),
                "py": round(y(p.pledged_share) - 3, 1),
            }
            for i, p in enumerate(chart.points)
        ],
        "labels": labels,
        "grid": grid,
    }


# --- helpers ----------------------------------------------------------------------------------


def _require_staff(user):
    if not is_prevention_staff(user):
        raise PermissionDenied


def _election(form) -> object:
    return form.cleaned_data.get("election") or coverage.election_current()


def _agency_or_404(user, public_id) -> Agency:
    agency = agencies_viewable_by(user).filter(public_id=public_id).first()
    if agency is None:
        raise Http404
    return agency


def _agency_context(agency: Agency, election) -> dict:
    people = coverage.population(agency=agency)
    chart = coverage.coverage_chart(agency, election)
    return {
        "agency": agency,
        "total": coverage.coverage_total(people, election, label=agency.name),
        "units": coverage.coverage_by_unit(agency, election),
        "breakdown": coverage.coverage_by_type_and_group(people, election),
        "idle_units": list(coverage.units_without_activity(agency, election)),
        "chart": chart,
        "drawing": chart_drawing(chart),
    }


# --- workspace --------------------------------------------------------------------------------


@login_required
@require_GET
def workspace(request):
    _require_staff(request.user)
    form = CoverageFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"form": form, "election": None, "rows": []}
        return no_store(render(request, "prevention/coverage/workspace.html", context, status=400))
    election = _election(form) if form.is_bound else coverage.election_current()
    rows, regions, total = [], [], None
    if election is not None:
        agencies = coverage.agencies_taking_part(election, agencies_viewable_by(request.user))
        people = coverage.population(agencies=agencies)
        rows = coverage.coverage_by_agency(agencies, election)
        regions = coverage.coverage_by_region(people, election)
        total = coverage.coverage_total(people, election)
    context = {
        "form": form,
        "election": election,
        "rows": rows,
        "regions": regions,
        "total": total,
    }
    return no_store(render(request, "prevention/coverage/workspace.html", context))


@login_required
@require_GET
def agency_detail(request, agency_id):
    _require_staff(request.user)
    agency = _agency_or_404(request.user, agency_id)
    form = CoverageFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"form": form, "agency": agency, "election": None}
        return no_store(render(request, "prevention/coverage/agency.html", context, status=400))
    election = _election(form) if form.is_bound else coverage.election_current()
    context = {"form": form, "election": election, "agency": agency}
    if election is not None:
        context.update(_agency_context(agency, election))
    return no_store(render(request, "prevention/coverage/agency.html", context))


# --- export -----------------------------------------------------------------------------------


def export_table(user, election, agency: Agency | None) -> tuple[list[str], list[list]]:
    """Header and rows of the exported table: per agency in scope, or per unit of `agency`."""
    header = [
        _("Instansi") if agency is None else _("Unit kerja"),
        _("Jumlah pegawai aktif"),
        _("Hadir sosialisasi"),
        _("Hadir (%)"),
        _("Ikrar"),
        _("Ikrar (%)"),
    ]
    if agency is None:
        agencies = coverage.agencies_taking_part(election, agencies_viewable_by(user))
        rows = coverage.coverage_by_agency(agencies, election)
    else:
        rows = coverage.coverage_by_unit(agency, election)
    body = [
        [
            row.label or _("Tanpa unit"),
            row.population,
            row.attended,
            row.attended_percent,
            row.pledged,
            row.pledged_percent,
        ]
        for row in rows
    ]
    return header, body


def _csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = defusedcsv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(header, rows, *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])

    def cell(value):
        value = neutralise(value)
        c = WriteOnlyCell(sheet, value=None if value == "" else value)
        if isinstance(value, str):
            c.data_type = "s"  # text, never a formula
        return c

    sheet.append([cell(v) for v in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


@transaction.atomic
def _export_record(*, actor, fmt: str, election, agency, rows: int) -> None:
    audit_record(
        actor=actor,
        action="prevention.coverage_exported",
        target=agency if agency is not None else ("prevention.coverage", "export"),
        payload={"format": fmt, "election": election.slug, "rows": rows},
    )


@login_required
@require_GET
def export(request):
    _require_staff(request.user)
    form = CoverageExportForm(request.GET)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return no_store(HttpResponse(message, status=400, content_type="text/plain; charset=utf-8"))
    election = _election(form)
    if election is None:
        refused = CoverageErrorCode.NO_ELECTION
        return no_store(
            HttpResponse(
                refused.render(), status=refused.status, content_type="text/plain; charset=utf-8"
            )
        )
    agency_id = form.cleaned_data.get("agency")
    agency = _agency_or_404(request.user, agency_id) if agency_id else None
    fmt = form.cleaned_data["format"]
    header, rows = export_table(request.user, election, agency)
    _export_record(actor=request.user, fmt=fmt, election=election, agency=agency, rows=len(rows))
    stem = f"cakupan-{election.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        content = _csv_bytes(header, rows)
    else:  # xlsx
        content = _xlsx_bytes(header, rows, title=_("Cakupan"))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


# --- public -----------------------------------------------------------------------------------


@require_GET
def public(request):
    """Aggregate coverage per agency taking part in the election (the current one by default):
    shares and counts only, and nothing for agencies with fewer than 5 active people."""
    form = CoverageFilterForm(request.GET or None)
    status = 200
    election = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        election = _election(form) if form.is_bound else coverage.election_current()
    rows = []
    if election is not None:
        agencies = coverage.agencies_taking_part(election, Agency.objects.all())
        rows = coverage.coverage_by_agency(agencies, election)
    context = {
        "form": form,
        "election": election,
        "rows": rows,
        "minimum": coverage.PUBLIC_MIN_GROUP,
        "today": timezone.localdate(),
    }
    return render(request, "prevention/coverage/public.html", context, status=status)
