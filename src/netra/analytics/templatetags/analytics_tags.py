"""The dashboard's link in the workspace bar (for anyone with a role) and number formatting."""

from django import template

from netra.analytics.charts import number

register = template.Library()


@register.inclusion_tag("analytics/_nav_link.html", takes_context=True)
def analytics_nav_item(context):
    from netra.analytics.dashboard import may_see_dashboards

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": bool(user and may_see_dashboards(user)), "request": request}


@register.filter(name="angka")
def angka(value):
    """`{{ n|angka }}`: 1.234 in Indonesian, 1,234 in English."""
    if value is None or value == "":
        return "–"
    return number(value)
