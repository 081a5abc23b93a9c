"""The back-office case pages: queue, case list, overdue deadlines, the case page with its
actions, identity, duplicates, study and letters. Thin: every read through `selectors` (out of
scope is a 404), every write through a service; a refused move re-renders the page with the
workflow's message and a 4xx status, nothing changed."""

from netra.cases.views.detail import detail, evidence, evidence_release, reveal, transition
from netra.cases.views.duplicates import duplicates
from netra.cases.views.identity import identity
from netra.cases.views.letters import letter
from netra.cases.views.queue import case_list, export, overdue, queue, queue_context, start_check
from netra.cases.views.study import study

__all__ = [
    "case_list",
    "detail",
    "duplicates",
    "evidence",
    "evidence_release",
    "export",
    "identity",
    "letter",
    "overdue",
    "queue",
    "queue_context",
    "reveal",
    "start_check",
    "study",
    "transition",
]
