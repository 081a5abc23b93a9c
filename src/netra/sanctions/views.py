"""Sanctions pages (placeholder views; replaced by the full pages)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from netra.cases.selectors import case_get_for


def _case_or_404(request, case_id):
    case = case_get_for(request.user, case_id)
    if case is None:
        raise Http404
    return case


@login_required
def decision(request, case_id):
    _case_or_404(request, case_id)
    return HttpResponse(status=204)


@login_required
def remedy(request, case_id):
    _case_or_404(request, case_id)
    return HttpResponse(status=204)


@login_required
def remedy_decide(request, case_id):
    _case_or_404(request, case_id)
    return HttpResponse(status=204)


@login_required
def blocks(request):
    return HttpResponse(status=204)


@login_required
def decree_file(request, decision_id):
    raise Http404
