from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from netra.accounts.selectors import user_memberships


def home(request):
    return render(request, "web/home.html")


@login_required
def workspace(request):
    """The landing page of staff: their queue (DESIGN.md §10), then their roles."""
    from netra.cases.views import queue_context

    context = {**queue_context(request), "memberships": user_memberships(request.user)}
    response = render(request, "web/workspace.html", context)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def set_language(request):
    """Django's set_language, without CSRF: switching language changes nothing of value, and
    every public page carries the switch, so a CSRF token there would set a cookie on the first
    visit (DESIGN.md §10: no cookie before the visitor acts). The language cookie is only set
    when the visitor presses the button."""
    return django_set_language(request)
