"""Resolving the reported person's identity against the registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netra.cases import capabilities, forms, selectors, services
from netra.cases.errors import CaseErrorCode
from netra.cases.models import Case
from netra.cases.views.common import _case_or_404
from netra.registry.identifiers import clean_digits
from netra.registry.selectors import person_list_for, person_search
from netra.web.responses import no_store, refusal_status

# --- Identity ---------------------------------------------------------------------------------


def _identity_context(request, case: Case, *, form=None, error="") -> dict:
    user = request.user
    may_resolve = capabilities.may(user, case, capabilities.RESOLVE_IDENTITY)
    candidates = selectors.case_identity_candidates(user, case) if may_resolve else []
    search_form = forms.RegistrySearchForm(request.GET or None)
    results = None
    if may_resolve and search_form.is_valid():
        query = search_form.cleaned_data["q"]
        digits = clean_digits(query)
        if len(digits) in (16, 18):
            results = list(person_list_for(user).filter(nip=digits)[:20]) + list(
                person_list_for(user).filter(nik=digits)[:20]
            )
        else:
            results = person_search(query, user=user, limit=20)
    return {
        "case": case,
        "report": case.report,
        "may_resolve": may_resolve,
        "candidates": candidates,
        "search_form": search_form,
        "results": results,
        "form": form,
        "error": error,
    }


def _render_identity(request, case, *, status=200, pending=None, **extra):
    context = _identity_context(request, case, **extra)
    # ADR 0012: a change once the study has started needs a reason (`pending` is the choice
    # waiting for it); from the recommendation on, the person is no longer changed here.
    resolved = bool(case.person_id or case.person_not_in_registry)
    context.update(
        identity_locked=resolved and case.state in services.RECOMMENDED_STATES,
        reason_required=resolved and case.state in services.STUDY_STARTED_STATES,
        pending=pending,
    )
    return no_store(render(request, "cases/identity.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def identity(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_identity(request, case)
    form = forms.IdentityConfirmForm(request.POST)
    if not form.is_valid():
        return _render_identity(
            request, case, status=400, form=form, error=form.non_field_errors()[0]
        )
    person = None
    wanted = form.cleaned_data.get("person")
    if wanted:
        person = selectors.case_identity_person_for(request.user, case, wanted)
        if person is None:
            error = CaseErrorCode.PERSON_NOT_FOUND
            return _render_identity(request, case, status=error.status, error=error.render())
    try:
        services.case_resolve_identity(
            actor=request.user,
            case=case,
            person=person,
            not_in_registry=bool(form.cleaned_data.get("not_in_registry")),
            reason=form.cleaned_data.get("reason", ""),
        )
    except services.CaseError as exc:
        if exc.code == "identity_reason_required":
            pending = {"person": person, "not_in_registry": person is None}
            return _render_identity(request, case, status=400, error=exc.message, pending=pending)
        return _render_identity(request, case, status=refusal_status(exc), error=exc.message)
    messages.success(request, _("Identitas terlapor dicatat."))
    return redirect("cases:detail", case_id=case.public_id)
