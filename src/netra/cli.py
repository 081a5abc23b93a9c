"""The `netra` console script: Django's manage.py plus the project's own commands."""

import os
import signal
import sys

# Commands whose output is read by another program (`netra rules list | head`): they die quietly
# when the reader goes away, like other Unix tools. Every other command (above all `runserver`)
# keeps Python's ignored SIGPIPE, so a web client that disconnects mid-response is a
# BrokenPipeError in one request, not the death of the server (exit 141).
PIPED_COMMANDS = frozenset(
    {
        "audit",
        "diffsettings",
        "documents",
        "dumpdata",
        "elections",
        "help",
        "inspectdb",
        "regions",
        "registry",
        "rules",
        "showmigrations",
        "sqlmigrate",
        "validate",
        "workdays",
    }
)


def _command(args: list[str]) -> str:
    return args[0] if args else "help"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if _command(args) in PIPED_COMMANDS:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netra", *args])


if __name__ == "__main__":
    main()
