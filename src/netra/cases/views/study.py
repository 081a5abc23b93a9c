"""The study (kajian): classification and its conclusion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netra.cases import forms, services
from netra.cases.moves import MoveKind
from netra.cases.views.common import S, _case_or_404
from netra.cases.views.detail import _actions, _classification_display
from netra.rules.selectors import act_list
from netra.web.responses import apply_refusal, no_store

# --- Study (kajian) ---------------------------------------------------------------------------


def _render_study(request, case, *, status=200, form=None, error=""):
    possible, blocked, other = _actions(request.user, case)
    may_classify = MoveKind.CLASSIFY in other
    acts = list(act_list())
    if form is None and may_classify:
        initial = {}
        snapshot = case.classification or {}
        if snapshot:
            initial = {"act": snapshot.get("act"), "act_date": snapshot.get("act_date")}
        elif case.report.act_id:
            initial = {"act": case.report.act.slug, "act_date": case.report.event_date}
        form = forms.ClassifyForm(initial=initial, acts=acts)
    study_targets = {S.NOT_A_VIOLATION, S.STOPPED, S.RECOMMENDED}
    context = {
        "case": case,
        "form": form if may_classify else None,
        "classification": _classification_display(case),
        "person_type": case.person.get_employee_type_display() if case.person_id else "",
        "actions": [a for a in possible if a["target"] in study_targets],
        "blocked_actions": [a for a in blocked if a["target"] in study_targets],
        "error": error,
        "today": timezone.localdate(),
    }
    return no_store(render(request, "cases/study.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def study(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_study(request, case)
    form = forms.ClassifyForm(request.POST, acts=list(act_list()))
    if not form.is_valid():
        return _render_study(request, case, status=400, form=form)
    data = form.cleaned_data
    try:
        services.case_classify(
            actor=request.user,
            case=case,
            act=data["act"],
            act_date=data["act_date"],
            phase=data.get("phase") or None,
            employee_type=data.get("employee_type") or None,
        )
    except services.CaseError as exc:
        status = apply_refusal(form, exc)
        return _render_study(request, case, status=status, form=form, error=exc.message)
    messages.success(request, _("Klasifikasi kajian dicatat."))
    return redirect("cases:study", case_id=case.public_id)
