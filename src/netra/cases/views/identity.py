"""Resolving the reported person's identity against the registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netra.cases import forms, selectors, services, workflow
from netra.cases.models import Case
from netra.cases.views.common import (
    RESOLVERS,
    _case_or_404,
    _refusal_status,
)
from netra.registry.identifiers import clean_digits
from netra.registry.selectors import person_get_for, person_list_for, person_search
from netra.web.responses import no_store

# --- Identity ---------------------------------------------------------------------------------


def _identity_context(request, case: Case, *, form=None, error="") -> dict:
    user = request.user
    roles = selectors.case_roles_for(user, case)
    may_resolve = bool(roles & RESOLVERS) and case.state not in workflow.TERMINAL_STATES
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


def _render_identity(request, case, *, status=200, **extra):
    context = _identity_context(request, case, **extra)
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
        try:
            candidates = selectors.case_identity_candidates(request.user, case)
        except PermissionDenied:
            candidates = []
        person = next((c.person for c in candidates if c.person.public_id == wanted), None)
        person = person or person_get_for(request.user, wanted)
        if person is None:
            return _render_identity(
                request, case, status=400, error=_("Orang tersebut tidak ditemukan di registri.")
            )
    try:
        services.case_resolve_identity(
            actor=request.user,
            case=case,
            person=person,
            not_in_registry=bool(form.cleaned_data.get("not_in_registry")),
        )
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_identity(request, case, status=status, error=exc.message)
    messages.success(request, _("Identitas terlapor dicatat."))
    return redirect("cases:detail", case_id=case.public_id)
