"""Duplicate suggestions and merging a duplicate into the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netra.cases import capabilities, forms, selectors, services
from netra.cases.errors import CaseErrorCode
from netra.cases.exports import reported_person_visible
from netra.cases.views.common import _case_or_404
from netra.web.responses import no_store, refusal_status

# --- Duplicates -------------------------------------------------------------------------------


def _side(request, case) -> dict:
    """What the confirm step shows of one case, side by side with the other."""
    report = case.report
    visible = reported_person_visible(request.user, case)
    return {
        "case": case,
        "state_label": case.get_state_display(),
        "reported_name": report.reported_name if visible else "",
        "act": report.act.label if report.act_id else "",
        "event_date": report.event_date,
        "place": report.place_text,
        "region": case.region.name,
        "reports": case.case_reports.count(),
    }


def _render_duplicates(
    request, case, *, status=200, error="", confirm=None, reason_error="", unmerge_error=""
):
    merged = list(case.merged_cases.select_related("region"))
    context = {
        "case": case,
        "suggestions": selectors.case_duplicate_suggestions(request.user, case),
        "may_merge": capabilities.may(request.user, case, capabilities.MERGE),
        "merged_cases": merged,
        # Undone only before the recommendation (services.case_unmerge refuses after it).
        "may_unmerge": bool(merged)
        and case.state not in services.RECOMMENDED_STATES
        and bool(capabilities.roles_of(request.user, case) & capabilities.MERGE),
        "unmerge_too_late": bool(merged) and case.state in services.RECOMMENDED_STATES,
        "confirm": confirm,
        "confirm_sides": (_side(request, case), _side(request, confirm)) if confirm else None,
        "reason_error": reason_error,
        "unmerge_error": unmerge_error,
        "error": error,
    }
    return no_store(render(request, "cases/duplicates.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_duplicates(request, case)
    form = forms.MergeForm(request.POST)
    other = None
    if form.is_valid():
        other = selectors.case_get_for(request.user, form.cleaned_data["duplicate"])
    if other is None:
        return _render_duplicates(
            request, case, status=400, error=_("Pilih kasus duplikat yang akan digabungkan.")
        )
    if other.pk == case.pk:
        error = CaseErrorCode.SAME_CASE
        return _render_duplicates(request, case, status=error.status, error=error.render())
    if form.cleaned_data.get("action") == forms.MergeForm.UNMERGE:
        return _unmerge(request, case, other, form.cleaned_data.get("reason", ""))
    if not form.cleaned_data.get("confirm"):
        # First step: both cases side by side, and the reason.
        return _render_duplicates(request, case, confirm=other)
    try:
        services.case_merge(
            actor=request.user,
            target=case,
            duplicate=other,
            reason=form.cleaned_data.get("reason", ""),
        )
    except services.CaseError as exc:
        status = refusal_status(exc)
        reason_error = exc.field_messages().get("reason", "")
        return _render_duplicates(
            request,
            case,
            status=status,
            error=exc.message,
            confirm=other if reason_error else None,
            reason_error=reason_error,
        )
    messages.success(
        request,
        _("Kasus %(other)s digabung ke kasus ini; laporannya kini ditangani di sini.")
        % {"other": other.number},
    )
    return redirect("cases:detail", case_id=case.public_id)


def _unmerge(request, case, other, reason: str):
    """Undo the merge of `other` into `case` (the target's page), before the recommendation."""
    if other.merged_into_id != case.pk:
        return _render_duplicates(
            request, case, status=400, error=_("Pilih kasus duplikat yang akan digabungkan.")
        )
    try:
        services.case_unmerge(actor=request.user, duplicate=other, reason=reason)
    except services.CaseError as exc:
        return _render_duplicates(
            request,
            case,
            status=refusal_status(exc),
            error=exc.message,
            unmerge_error=exc.field_messages().get("reason", ""),
        )
    messages.success(
        request,
        _("Penggabungan kasus %(other)s dibatalkan; kasus itu ditangani lagi sendiri.")
        % {"other": other.number},
    )
    return redirect("cases:detail", case_id=case.public_id)
