"""Integrity pact pages (workspace): the pacts in scope, the upload form for managers, and the
signed file (re-hashed on every read). Out of scope is 404; a role that may not upload gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netra.elections.models import Election
from netra.prevention import access, selectors, storage
from netra.prevention.forms.pacts import PactForm
from netra.prevention.services import pacts as services
from netra.registry.models import WorkUnit
from netra.web.responses import apply_refusal, no_store

EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def _units(user):
    return (
        WorkUnit.objects.filter(agency__in=selectors.agencies_managed_by(user))
        .select_related("agency")
        .order_by("agency__name", "name")
    )


def _form(user, data=None, files=None):
    return PactForm(
        data, files, units=_units(user), elections=Election.objects.order_by("-vote_date")
    )


def _list(request, *, form=None, status=200):
    if not access.is_prevention_staff(request.user):
        raise PermissionDenied
    may_upload = _units(request.user).exists()
    context = {
        "pacts": selectors.pacts_for(request.user)[:500],
        "form": (form or _form(request.user)) if may_upload else None,
    }
    return no_store(render(request, "prevention/pacts/pact_list.html", context, status=status))


@login_required
@require_GET
def pact_list(request):
    return _list(request)


@login_required
@require_http_methods(["GET", "POST"])
def pact_upload(request):
    if not _units(request.user).exists():
        raise PermissionDenied
    if request.method == "GET":
        return _list(request)
    form = _form(request.user, request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, form=form, status=400)
    data = form.cleaned_data
    try:
        services.pact_upload(
            actor=request.user,
            unit=data["unit"],
            election=data["election"],
            signer_name=data["signer_name"],
            signer_position=data["signer_position"],
            signed_on=data["signed_on"],
            upload=data["upload"],
        )
    except services.PactError as exc:
        return _list(request, form=form, status=apply_refusal(form, exc))
    messages.success(request, _("Pakta integritas disimpan."))
    return redirect("prevention:pact-list")


@login_required
@require_GET
def pact_file(request, pact_id):
    pact = selectors.pacts_for(request.user).filter(public_id=pact_id).first()
    if pact is None:
        raise Http404
    try:
        data = services.pact_file_open(actor=request.user, pact=pact)
    except storage.PreventionFileIntegrityError:
        response = HttpResponse(
            _("Berkas pakta tidak dapat dibuka: isinya tidak cocok dengan yang dicatat."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
        return no_store(response)
    response = HttpResponse(data, content_type=pact.content_type)
    extension = EXTENSIONS.get(pact.content_type, "bin")
    response["Content-Disposition"] = f'attachment; filename="pakta-{pact.public_id}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)
