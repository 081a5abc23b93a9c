"""The `netra` console script: Django's manage.py plus the project's own commands."""

import os
import signal
import sys


def main(argv: list[str] | None = None) -> None:
    # Behave like other Unix tools when the reader goes away (`netra ... | head`).
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netra", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
