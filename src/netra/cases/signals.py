"""Signals of the cases app, for apps further down the flow (DESIGN.md §1: intake → cases →
sanctions). Cases never imports those apps; they listen here instead."""

from django.dispatch import Signal

# Sent inside `services.case_transition`'s transaction after the state, deadlines and audit
# event are written. Arguments: case, source, target, actor (None for the scheduler), role,
# facts (the explicit facts recorded with this move). A receiver that raises rolls the move back.
case_transitioned = Signal()
