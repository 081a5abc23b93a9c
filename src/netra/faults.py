"""Fault injection at named points, for the crash tests (`make faults`); inert unless set.

`NETRA_FAULTS` (environment, read at each call so a test can set it per process) or the
setting of the same name holds comma-separated `point=action[@probability]` entries:

    NETRA_FAULTS="evidence.after_promote=exit@0.05,evidence.after_commit=raise"

Actions: `exit` ends the process at once with `os._exit(137)` (like kill -9: no cleanup, no
on_commit, no response); `raise` raises `FaultInjected` (the request fails like any error).
Without `@probability` the fault fires every time the point is reached.

Points (grep for `fault_point(`):
- `evidence.after_stage`: uploads hashed and staged, nothing promoted or committed;
- `evidence.after_promote`: files in their final place, the transaction not begun;
- `evidence.after_commit`: rows committed, the answer not yet sent;
- `documents.*`, `decrees.*`, `prevention.*` `after_promote` / `after_commit`: the same two
  points of the other stores (content_store.Store.promote_until_commit): the file in place
  inside the still-open transaction / the transaction committed, its journal not yet removed.
"""

import os
import random

from django.conf import settings


class FaultInjected(RuntimeError):
    """Raised at a fault point whose action is `raise`."""


def _plan() -> dict[str, tuple[str, float]]:
    text = os.environ.get("NETRA_FAULTS") or getattr(settings, "NETRA_FAULTS", "") or ""
    plan = {}
    for entry in text.split(","):
        point, _, rest = entry.strip().partition("=")
        if not point or not rest:
            continue
        action, _, chance = rest.partition("@")
        try:
            probability = float(chance) if chance else 1.0
        except ValueError:
            probability = 1.0
        plan[point] = (action.strip(), probability)
    return plan


def fault_point(name: str) -> None:
    """Fire the fault configured for `name`, if any (a no-op in normal operation)."""
    if not (os.environ.get("NETRA_FAULTS") or getattr(settings, "NETRA_FAULTS", "")):
        return
    action, probability = _plan().get(name, ("", 0.0))
    if not action or random.random() >= probability:  # noqa: S311 (not security)
        return
    if action == "exit":
        os._exit(137)
    if action == "raise":
        raise FaultInjected(name)
