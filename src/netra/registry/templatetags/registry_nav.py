"""The registry's link in the workspace bar, shown only to those who may import."""

from django import template

from netra.registry import selectors

register = template.Library()


@register.inclusion_tag("registry/_nav_link.html", takes_context=True)
def registry_import_nav_item(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(user and user.is_authenticated and selectors.may_import(user))
    return {"show": show, "request": request}
