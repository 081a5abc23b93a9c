"""Catalog rows by their code, in the page's language: `{% load netra_rules %}`.

Pages that keep a code (a case's classification snapshot, a decision) show the catalog's words
for it instead of the code or a label copied in another language:

    {{ snapshot.form|form_reference }}   -> "SKB 2022 butir D6"
    {{ snapshot.form|form_label }}       -> the form's description
    {{ sanction.code|sanction_label }}   -> the sanction's name
    {{ snapshot.act|act_label }}         -> the prohibited act's name
    {{ authority.code|authority_name }}  -> the recommending authority's name
    {{ snapshot|classification_legal_note }} -> the staff legal note of a classification

An unknown code gives "", so `|default:` can fall back to a stored label.
"""

from django import template

from netra.rules import selectors
from netra.rules.classification import legal_note_of
from netra.rules.models import ProhibitedAct, RecommendingAuthority, Sanction

register = template.Library()


def _latest(model, code):
    if not code:
        return None
    return model.objects.filter(code=str(code)).order_by("-version").first()


@register.filter
def form_reference(code) -> str:
    form = selectors.form_get(str(code)) if code else None
    return form.reference if form else ""


@register.filter
def form_label(code) -> str:
    form = selectors.form_get(str(code)) if code else None
    return form.label if form else ""


@register.filter
def sanction_label(code) -> str:
    sanction = _latest(Sanction, code)
    return sanction.label if sanction else ""


@register.filter
def act_label(slug) -> str:
    act = ProhibitedAct.objects.filter(slug=str(slug)).first() if slug else None
    return act.label if act else ""


@register.filter
def authority_name(code) -> str:
    authority = _latest(RecommendingAuthority, code)
    return authority.name if authority else ""


@register.filter
def classification_legal_note(snapshot) -> str:
    """The legal note of a stored classification in the page's language (the snapshot keeps the
    text in the language it was classified in)."""
    if not snapshot:
        return ""
    act = ProhibitedAct.objects.filter(slug=str(snapshot.get("act") or "")).first()
    if act is None:
        return snapshot.get("legal_note") or ""
    form = selectors.form_get(str(snapshot["form"])) if snapshot.get("form") else None
    return legal_note_of(form, act)
