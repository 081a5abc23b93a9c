"""Duplicate suggestions and merging a duplicate into the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netra.cases import forms, selectors, services, workflow
from netra.cases.views.common import (
    _case_or_404,
    _refusal_status,
)
from netra.web.responses import no_store

# --- Duplicates -------------------------------------------------------------------------------


def _render_duplicates(request, case, *, status=200, error=""):
    roles = selectors.case_roles_for(request.user, case)
    context = {
        "case": case,
        "suggestions": selectors.case_duplicate_suggestions(request.user, case),
        "may_merge": workflow.BAWASLU in roles and case.state not in workflow.TERMINAL_STATES,
        "merged_cases": list(case.merged_cases.all()),
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
    try:
        services.case_merge(actor=request.user, target=case, duplicate=other)
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_duplicates(request, case, status=status, error=exc.message)
    messages.success(
        request,
        _("Kasus %(other)s digabung ke kasus ini; laporannya kini ditangani di sini.")
        % {"other": other.number},
    )
    return redirect("cases:detail", case_id=case.public_id)
