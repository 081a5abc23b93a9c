"""Public forms without a CSRF cookie (DESIGN.md §10: no cookie before the visitor acts).

`/lapor/`, the report status lookup, self check-in and the pledge's first step are
CSRF-exempt, because a token on GET would set a cookie on the first visit. They still refuse a
POST that the browser says came from another site; the answer (a page, a 403) is the view's.
"""


def cross_site_post(request) -> bool:
    """True when the browser names another site as the form's origin. No Origin header (old
    browsers) or `null` is let through: the session cookie is SameSite=Lax in any case."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    return origin.rstrip("/") != f"{request.scheme}://{request.get_host()}"
