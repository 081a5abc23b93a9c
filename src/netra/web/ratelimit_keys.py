"""The client-address key every per-address rate limit counts by (one decision, one place).

It is django-ratelimit's "ip" key (IPv6 grouped by /64), except that a request without a usable
client address (no REMOTE_ADDR, e.g. a proxy speaking over a Unix socket without passing the
address on, or a malformed one) falls into one shared NO_ADDRESS bucket instead of raising
(which would answer 500). Behind a trusted proxy, ProxyClientAddressMiddleware has already put
the real client address in REMOTE_ADDR.
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import _get_ip

NO_ADDRESS = "no-address"

logger = logging.getLogger(__name__)


def client_address(group, request) -> str:
    """A django-ratelimit key function: the client's address, or NO_ADDRESS."""
    try:
        return _get_ip(request)
    except (KeyError, ValueError, ImproperlyConfigured):
        logger.warning("rate limit: request without a usable client address")
        return NO_ADDRESS
