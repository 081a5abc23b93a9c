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
from netra.cases import forms, selectors, services, workflow
from netra.cases.views.common import (
    PAGE_SIZE,
    _countdown,
    _refusal_status,
)
from netra.elections.selectors import election_list
from netra.web.responses import no_store

# --- Queue, list, overdue ---------------------------------------------------------------------


def _filter_form(request) -> forms.QueueFilterForm:
    return forms.QueueFilterForm(request.GET or None, elections=election_list())


def _with_countdowns(cases) -> list:
    rows = list(cases)
    open_rows = selectors.case_open_deadlines(rows)
    cache: dict = {}
    for case in rows:
        dated = [d for d in open_rows.get(case.pk, []) if d.due_date]
        case.next_deadline = dated[0] if dated else None
        case.countdown = (
            _countdown(dated[0].due_date, dated[0].unit, case.region.code, cache) if dated else None
        )
    return rows


def queue_context(request) -> dict:
    """What the queue shows (also the landing page `/kerja/`)."""
    user = request.user
    form = _filter_form(request)
    values = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_queue_filtered(
        user,
        state=values.get("state") or "",
        overdue=bool(values.get("overdue")),
        election=values.get("election") or "",
        number=values.get("q") or "",
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    new_reports = selectors.reports_new_for(user)
    return {
        "filter_form": form,
        "page": page,
        "cases": _with_countdowns(page.object_list),
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
    from netra.cases.filters import CaseFilterSet, with_due_dates

    filterset = CaseFilterSet(request.GET or None, queryset=selectors.case_list_for(request.user))
    valid = not filterset.is_bound or filterset.is_valid()
    cases = with_due_dates(filterset.qs if valid else selectors.case_list_for(request.user).none())
    page = Paginator(cases.select_related("election"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "cases": _with_countdowns(page.object_list),
        "export_links": _export_links(request),
        "query": _query_without_page(request),
    }
    status = 200 if valid or not request.GET else 400
    return no_store(render(request, "cases/list.html", context, status=status))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def export(request, fmt):
    from netra.cases.exports import EXPORT_FORMATS, case_export_response
    from netra.cases.filters import CaseFilterSet

    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Format tidak dikenal."))
    filterset = CaseFilterSet(request.GET or None, queryset=selectors.case_list_for(request.user))
    if request.GET and not filterset.is_valid():
        context = {
            "filter_form": filterset.form,
            "page": None,
            "cases": [],
            "export_links": _export_links(request),
            "query": "",
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
    cache: dict = {}
    for row in items:
        row.countdown = _countdown(row.due_date, row.unit, row.case.region.code, cache)
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
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return no_store(render(request, "cases/queue.html", queue_context(request), status=status))
    messages.success(
        request, _("Kasus %(number)s dibuka; pemeriksaan syarat dimulai.") % {"number": case.number}
    )
    return redirect("cases:detail", case_id=case.public_id)
