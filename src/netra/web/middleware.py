"""Security headers that SecurityMiddleware does not set (DESIGN.md §10, RELIABILITY C15)."""

import contextlib
import ipaddress
import logging
import threading

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import LimitedStream
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netra.web.api_errors import bad_request  # JSON under /api/, the page elsewhere

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
logger = logging.getLogger(__name__)
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


class ProxyClientAddressMiddleware:
    """Behind our reverse proxy (deploy/nginx/netra.conf) every request comes from the proxy's
    address, so every per-address limit (submissions, status lookups, login lockout) would
    become one limit shared by everyone. When the connection comes from an address listed in
    `NETRA_TRUSTED_PROXIES`, the client address the proxy puts in `X-Real-IP` replaces
    REMOTE_ADDR for the rest of the request; from anywhere else the header is ignored (a client
    could write anything in it). The address is used for the counters only; nothing logs it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = frozenset(getattr(settings, "NETRA_TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
            # No or a malformed header: the proxy's own address stays.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)


# --- Load shedding and database outages ----------------------------------------------------

_API_PREFIX = "/api/"


def _unavailable(request, message: str, retry_after: int) -> HttpResponse:
    """A 503 the client can act on: JSON for the API, a short translated page otherwise
    (LocaleMiddleware may not have run yet, so the language is read from the request here)."""
    with translation.override(translation.get_language_from_request(request)):
        return _unavailable_in_language(request, message, retry_after)


def _unavailable_in_language(request, message: str, retry_after: int) -> HttpResponse:
    message = str(message)
    if request.path.startswith(_API_PREFIX):
        response = JsonResponse({"detail": message, "code": "unavailable"}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message}, request=None), status=503
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class ConcurrencyLimitMiddleware:
    """Sheds load instead of queueing it: at most `NETRA_MAX_CONCURRENT_REQUESTS` requests are
    worked on at once in this process; a request that cannot start within
    `NETRA_SHED_WAIT_MS` gets 503 with Retry-After at once. Without it a burst past capacity
    (threaded server) makes every request slow until clients time out after 30 s or more, and
    acknowledged submissions then come back as errors. Static files (served before this
    middleware) are never counted. With one request per worker process (sync gunicorn) the
    limit is the worker count and this never triggers; the proxy's queue bounds that case.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = int(getattr(settings, "NETRA_MAX_CONCURRENT_REQUESTS", 16))
        self.wait = int(getattr(settings, "NETRA_SHED_WAIT_MS", 500)) / 1000
        self.slots = threading.BoundedSemaphore(self.limit)

    def __call__(self, request):
        if not self.slots.acquire(timeout=self.wait):
            return _unavailable(
                request, _("Server sedang sibuk. Coba lagi sebentar lagi."), retry_after=5
            )
        try:
            return self.get_response(request)
        finally:
            self.slots.release()


class DatabaseUnavailableMiddleware:
    """A lost database connection (restart, failover, network) answers 503 with Retry-After,
    never a 500 and never a 2xx: the transaction of that request was rolled back, and the next
    request reconnects (CONN_HEALTH_CHECKS) without restarting the app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("database unavailable: %s", type(exception).__name__)
            return _unavailable(
                request, _("Layanan sedang tidak tersedia. Coba lagi sebentar lagi."), 10
            )
        return None


class IncompleteBodyMiddleware:
    """A form whose body stopped short of its Content-Length (the client hung up mid-upload)
    is refused with 400 before any view sees it. Django's form parser takes end of input as the
    end of the form, so without this a report aborted after its first fields was saved (a report
    nobody was told about, without its evidence). Bodies over the intake limit are left to the
    views, which answer 413 without reading them."""

    FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in self.FORMS:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            limit = getattr(settings, "INTAKE_MAX_REQUEST_BYTES", 0)
            if declared and (not limit or declared <= limit):
                try:
                    request.POST  # noqa: B018 (parse now, as CsrfViewMiddleware would)
                except Exception:  # noqa: BLE001 (the view answers a malformed form as before)
                    return self.get_response(request)
                if hasattr(request, "_body"):  # read whole (urlencoded): Django kept the bytes
                    received = len(request._body)
                else:  # streamed (multipart): the parser read the input to its end
                    stream = getattr(request, "_stream", None)
                    received = stream._pos if isinstance(stream, LimitedStream) else declared
                if received < declared:
                    logger.info("form body ended early: %d of %d bytes", received, declared)
                    return bad_request(request, BadRequest("incomplete request body"))
        return self.get_response(request)
