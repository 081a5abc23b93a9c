"""Security headers that SecurityMiddleware does not set (DESIGN.md §10, RELIABILITY C15)."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.views.defaults import bad_request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API docs page (Swagger UI from the sidecar) needs inline bootstrapping.
        if not request.path.startswith("/api/docs"):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(settings, "HTTPS", False):
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "no-store")
        if response.status_code == 429:
            response.setdefault("Retry-After", str(_retry_after_default(request)))
        return response


def _retry_after_default(request) -> int:
    """Seconds for a 429 whose view did not say when to come back: a login lockout lasts its
    cool-off; any other limit (django-ratelimit windows, DRF throttles) is asked again in a
    minute, when the client will either pass or get a fresh 429 with the same advice."""
    if getattr(request, "axes_locked_out", False):
        from axes.helpers import get_cool_off

        cool_off = get_cool_off(request)
        if cool_off:
            return max(1, int(cool_off.total_seconds()))
    return 60


class RejectNulMiddleware:
    """Answer 400 to a path or query string holding a NUL character.

    No form or view needs one, SQLite and PostgreSQL disagree about storing it (PostgreSQL refuses
    NUL in text), and a URL argument such as `/aturan/%00/` reaches queries before any form
    validation; refusing it here keeps that out of every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request(request, BadRequest("NUL in the request"))
        return self.get_response(request)
