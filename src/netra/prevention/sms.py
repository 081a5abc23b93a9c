"""Text messages for one-time pledge codes, behind a small pluggable interface.

`settings.PREVENTION_SMS_SENDER` names a class (dotted path) with `send(phone, text)`. The
default only writes the message to the log: development and tests never call a gateway.
Production must configure a sender for its SMS gateway (docs/prevention.md), or use e-mail
codes or HR pledge codes only.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("netra.prevention.sms")


class LoggingSmsSender:
    """Writes the number (masked) and the message length to the log; sends nothing."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS not sent (logging sender): to %s***, %d characters", phone[:4], len(text))


# Messages the logging sender "sent", kept for tests and the demo console only.
class MemorySmsSender:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def sms_sender():
    return import_string(settings.PREVENTION_SMS_SENDER)()
