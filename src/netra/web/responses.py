"""What every page and API of the workspace does with a response or a service refusal.

The status of a refusal is its code's (`netra.refusals`): pages ask `refusal_status`, never map
codes themselves."""

from django.http import Http404
from django.shortcuts import render

from netra.refusals import Refusal


def no_store(response):
    """Personal data: never kept by a browser or a proxy cache."""
    response["Cache-Control"] = "no-store"
    return response


def no_store_page(request, template: str, context: dict, status: int = 200):
    return no_store(render(request, template, context, status=status))


def refusal_status(error: Refusal) -> int:
    """The HTTP status a page answers a refusal with; a 404 refusal raises Http404 instead
    (out of scope looks exactly like missing)."""
    raise_not_found(error)
    return error.status


def raise_not_found(error: Refusal) -> None:
    if error.status == 404:
        raise Http404(error.message) from error


def apply_refusal(form, error: Refusal) -> int:
    """Put a service refusal on the form, per field where it names one of the form's fields;
    the HTTP status to answer with."""
    placed = False
    for name, message in error.field_messages().items():
        form.add_error(name if name in form.fields else None, message)
        placed = True
    if not placed:
        form.add_error(None, error.message)
    return refusal_status(error)
