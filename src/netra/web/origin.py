"""Public forms without a CSRF cookie (DESIGN.md §10: no cookie before the visitor acts).

`/lapor/`, the report status lookup, self check-in and the pledge's first step are
CSRF-exempt, because a token on GET would set a cookie on the first visit. They still refuse a
POST that the browser says came from another site; the answer (a page, a 403) is the view's.
"""


def cross_site_post(request) -> bool:
    """True when the browser names another site (or an opaque origin) as the form's origin.

    `Origin: null` is what a sandboxed iframe, a `data:` page or a redirected cross-site POST
    sends: an attacker's page can always produce it, so it is refused like any other site (our
    Referrer-Policy is `same-origin`, so our own pages send their real origin). No Origin header
    at all (old browsers, curl) is let through: the session cookie is SameSite=Lax in any case.
    """
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None or origin == "":
        return False
    if origin.strip().lower() == "null":
        return True
    return origin.rstrip("/") != f"{request.scheme}://{request.get_host()}"
