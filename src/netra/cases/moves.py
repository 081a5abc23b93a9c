"""The moves a user may make on a case now (`selectors.case_moves_for`), as plain values.

Pages and the API render these; neither computes a move itself."""

from dataclasses import dataclass, field
from typing import Any


class MoveKind:
    TRANSITION = "transition"  # made on the case page / transition endpoint with its form
    RECORDED = "recorded"  # made on a sanctions page / endpoint (workflow.RECORDED_MOVES)
    RESOLVE_IDENTITY = "resolve_identity"  # the identity page / endpoint
    CLASSIFY = "classify"  # the study page / classify endpoint
    MERGE = "merge"  # the duplicates page / merge endpoint
    OTHER = (RESOLVE_IDENTITY, CLASSIFY, MERGE)


@dataclass(frozen=True)
class Need:
    """A guard that does not hold yet: its name and message; `by_form` when the move's own
    input (form or API facts, or its sanctions page) is what satisfies it."""

    guard: str
    message: str
    by_form: bool


@dataclass(frozen=True)
class Move:
    kind: str
    target: str | None  # the state moved to; None for the other kinds
    label: Any  # lazy text
    roles: tuple[str, ...]  # the user's roles that allow it
    ready: bool = True  # every guard the case's data must satisfy holds
    needs: tuple[Need, ...] = ()  # guards that do not hold yet (data and form)
    form_guards: frozenset[str] = field(default_factory=frozenset)  # satisfied by its own input
    recorded: str | None = None  # workflow.RecordedMove kind of a recorded move
    page: str | None = None  # URL name of the sanctions page of a recorded move (case_id)
    endpoint: str | None = None  # URL name of the sanctions endpoint of a recorded move

    @property
    def reasons(self) -> list[str]:
        """Why it is not possible yet: the messages of the failing data guards."""
        return [n.message for n in self.needs if not n.by_form]

    @property
    def terminal(self) -> bool:
        from netra.cases.workflow import TERMINAL_STATES

        return self.target in TERMINAL_STATES
