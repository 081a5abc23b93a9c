"""What every page and API of the workspace does with a response or a service refusal."""

from django.shortcuts import render

# Refusal codes that mean "your role may not do this" (403); every other refusal is bad input.
FORBIDDEN_CODES = frozenset({"forbidden", "role_not_allowed"})


def no_store(response):
    """Personal data: never kept by a browser or a proxy cache."""
    response["Cache-Control"] = "no-store"
    return response


def no_store_page(request, template: str, context: dict, status: int = 200):
    return no_store(render(request, template, context, status=status))


def apply_refusal(form, error) -> int:
    """Put a service refusal (`netra.refusals.Refusal`) on the form, per field where it names
    one of the form's fields; the HTTP status to answer with."""
    placed = False
    for name, message in error.field_messages().items():
        form.add_error(name if name in form.fields else None, message)
        placed = True
    if not placed:
        form.add_error(None, error.message)
    return 403 if error.code in FORBIDDEN_CODES else 400
