"""The queue, the case list with its export, the overdue deadlines, and opening a case from a
new report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netra.accounts.scopes import user_scope
from netra.cases import deadlines, selectors, services, workflow
from netra.cases.exports import reported_person_visible
from netra.cases.filters import CaseFilterSet, QueueFilterForm, with_due_dates
from netra.cases.views.common import (
    PAGE_SIZE,
)
from netra.rules.selectors import act_list
from netra.web.responses import no_store, refusal_status

# --- Queue, list, overdue ---------------------------------------------------------------------

SECTION_PAGE = {selectors.NEEDS_ACTION: "page", selectors.WAITING: "waiting_page"}


def _filter_form(request) -> QueueFilterForm:
    return QueueFilterForm(request.GET or None)


def _act_labels(rows) -> dict[str, str]:
    """Plain-words labels of the acts the page's cases were classified under (one query)."""
    slugs = {(c.classification or {}).get("act") for c in rows} - {None, ""}
    return {act.slug: act.label for act in act_list().filter(slug__in=sorted(slugs))}


def _with_countdowns(user, cases) -> list:
    """The rows of a case table: next deadline and its countdown, the reported person (for
    roles that may see who it is), agency and act in plain words. A fixed number of queries."""
    rows = list(cases)
    open_rows = selectors.case_open_deadlines(rows)
    overrides = selectors.holiday_overrides_by_region({c.region.code for c in rows})
    acts = _act_labels(rows)
    for case in rows:
        dated = [
            d
            for d in open_rows.get(case.pk, [])
            if d.due_date and d.code not in workflow.MILESTONE_DEADLINES
        ]
        case.next_deadline = dated[0] if dated else None
        case.countdown = (
            deadlines.countdown(
                dated[0].due_date,
                unit=dated[0].unit or "working",
                region_code=case.region.code,
                overrides=overrides.get(case.region.code),
            )
            if dated
            else None
        )
        visible = reported_person_visible(user, case)
        report = case.report
        case.reported_label = ""
        case.agency_label, case.agency_as_reported = "", False
        if case.person_id:
            case.reported_label = case.person.name if visible else ""
            if case.person.agency_id:
                case.agency_label = case.person.agency.name
        elif visible:
            case.reported_label = report.reported_name
        if not case.agency_label and visible and report.reported_workplace:
            case.agency_label, case.agency_as_reported = report.reported_workplace, True
        classified = (case.classification or {}).get("act")
        case.act_label = acts.get(classified) or (report.act.label if report.act_id else "")
    return rows


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _section(request, values: dict, section: str) -> dict:
    cases = selectors.case_queue_section(
        request.user,
        section,
        search=values.get("q") or "",
        state=values.get("state") or "",
        election=values.get("election") or "",
        overdue=bool(values.get("overdue")),
    )
    param = SECTION_PAGE[section]
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get(param))
    return {
        "page": page,
        "cases": list(page.object_list),
        "page_param": param,
        "query": _query_without(request, param),
    }


def queue_context(request) -> dict:
    """What the queue shows (also the landing page `/kerja/`): the cases that need one of the
    user's moves, then those waiting on someone else, each overdue first."""
    user = request.user
    form = _filter_form(request)
    values = form.cleaned_data if form.is_valid() else {}
    mine = _section(request, values, selectors.NEEDS_ACTION)
    waiting = _section(request, values, selectors.WAITING)
    rows = _with_countdowns(user, mine["cases"] + waiting["cases"])
    mine["cases"], waiting["cases"] = rows[: len(mine["cases"])], rows[len(mine["cases"]) :]
    new_reports = selectors.reports_new_for(user)
    return {
        "filter_form": form,
        "searching": bool(values.get("q")),
        "needs_action": mine,
        "waiting": waiting,
        "new_reports": list(new_reports[:PAGE_SIZE]),
        "may_start": workflow.BAWASLU in user_scope(user).roles,
        "new_count": new_reports.count(),
        "overdue_count": selectors.deadlines_late_for(user).count(),
    }


@login_required
@require_GET
def queue(request):
    return no_store(render(request, "cases/queue.html", queue_context(request)))


def _export_links(request) -> list[tuple[str, str]]:
    query = request.GET.urlencode()
    links = []
    for fmt in ("csv", "xlsx"):
        url = reverse("cases:export", kwargs={"fmt": fmt})
        links.append((fmt.upper(), f"{url}?{query}" if query else url))
    return links


@login_required
@require_GET
def case_list(request):
    filterset = CaseFilterSet(
        request.GET or None, queryset=selectors.case_list_for(request.user), request=request
    )
    valid = not filterset.is_bound or filterset.is_valid()
    cases = with_due_dates(filterset.qs if valid else selectors.case_list_for(request.user).none())
    cases = cases.select_related("election", "report__act")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "cases": _with_countdowns(request.user, page.object_list),
        "export_links": _export_links(request),
        "query": _query_without(request, "page"),
        "page_param": "page",
        "show_region": True,
    }
    status = 200 if valid or not request.GET else 400
    return no_store(render(request, "cases/list.html", context, status=status))


@login_required
@require_GET
def export(request, fmt):
    from netra.cases.exports import EXPORT_FORMATS, case_export_response

    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Format tidak dikenal."))
    filterset = CaseFilterSet(
        request.GET or None, queryset=selectors.case_list_for(request.user), request=request
    )
    if request.GET and not filterset.is_valid():
        context = {
            "filter_form": filterset.form,
            "page": None,
            "cases": [],
            "export_links": _export_links(request),
            "query": "",
            "page_param": "page",
            "show_region": True,
        }
        return no_store(render(request, "cases/list.html", context, status=400))
    filters = {k: v for k, v in request.GET.lists() if k != "page"}
    return case_export_response(request, filterset.qs, fmt, filters=filters)


@login_required
@require_GET
def overdue(request):
    rows = selectors.deadlines_late_for(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    overrides = selectors.holiday_overrides_by_region({row.case.region.code for row in items})
    for row in items:
        code = row.case.region.code
        row.countdown = deadlines.countdown(
            row.due_date, unit=row.unit or "working", region_code=code, overrides=overrides[code]
        )
    context = {"page": page, "deadlines": items}
    return no_store(render(request, "cases/overdue.html", context))


@login_required
@require_POST
def start_check(request, report_id):
    """Open the case of a new report and move it to the formal check."""
    report = selectors.report_new_get_for(request.user, report_id)
    if report is None:
        raise Http404(_("Laporan tidak ditemukan."))
    try:
        case = services.case_start_check(actor=request.user, report=report)
    except services.CaseError as exc:
        status = refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return no_store(render(request, "cases/queue.html", queue_context(request), status=status))
    messages.success(
        request, _("Kasus %(number)s dibuka; pemeriksaan syarat dimulai.") % {"number": case.number}
    )
    return redirect("cases:detail", case_id=case.public_id)
