"""The e-mail backend for machines without an SMTP server (development, demo, tests of a
deployment before mail is configured).

Django's console backend prints whole messages to the server's output, which ends up in logs:
reporters' e-mail addresses next to their tracking numbers, password-reset links that let
anyone who reads the log take over a staff account. This backend writes each batch of messages
to its own file under `EMAIL_FILE_PATH` (var/mail/), in a directory only the server's user can
enter (0700) and files only it can read (0600), and logs one line naming the file and the
number of messages: no address, subject, link or code.
"""

import logging
import os

from django.core.mail.backends.filebased import EmailBackend as FileBackend

logger = logging.getLogger(__name__)


class PrivateFileBackend(FileBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is None:
            fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(fd, 0o600)  # the file may predate us with a wider mode
            self.stream = os.fdopen(fd, "ab")
            return True
        return False

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        if sent:
            logger.info("%d e-mail message(s) stored in %s", sent, os.path.basename(self._fname))
        return sent
