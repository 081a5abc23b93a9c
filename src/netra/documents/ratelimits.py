"""Rate limit of public verification (django-ratelimit counter in the cache, per client IP).

Every lookup counts, found or not, so that nobody can walk the code space; the page and the
API share one counter.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from netra.web.ratelimit_keys import client_address

VERIFY_IP = "documents.verify.ip"


def verify_blocked(request) -> bool:
    """Counts this lookup; True once the client IP is over the limit."""
    usage = get_usage(
        request,
        group=VERIFY_IP,
        key=client_address,
        rate=settings.DOCUMENTS_VERIFY_PER_IP,
        increment=True,
    )
    return bool(usage and usage["should_limit"])
