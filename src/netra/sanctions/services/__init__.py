"""Writes of the sanctions app: PPK decisions, objections/appeals, court, data blocks.

Every write is one transaction with its audit event; the case state moves only through
`netra.cases.services.case_transition`. A refusal raises `SanctionError` (or the cases
errors: `CaseNotFound` for a case out of scope, `CaseTransitionError` for a move the workflow
refuses) and stores nothing: a staged decree file is removed and never placed.

The package: `decisions` (the PPK's decree), `remedies` (objection, appeal, closing after the
window), `court` (PTUN filing and ruling), `blocks` (personnel-data blocks), `common` (the
refusal type and shared checks). Reads live in `netra.sanctions.selectors`; the names callers
used from the single module are re-exported here.
"""

from netra.sanctions.choices import (
    CHANGES_SANCTION,
    CLOSABLE_STATES,
    COURT_FROM,
    DECIDABLE_STATES,
    DECIDED_STATES,
    REMEDY_STATES,
)
from netra.sanctions.selectors import (
    catalogue_for,
    decision_current,
    remedy_current,
    remedy_window_end,
    remedy_window_over,
)
from netra.sanctions.services.blocks import (
    BLOCK_REQUEST_REASON,
    _block_request,
    data_block_confirm,
    data_block_follow_transition,
)
from netra.sanctions.services.common import MAX_DECREE_NUMBER, MAX_TEXT, SanctionError
from netra.sanctions.services.court import remedy_court_file, remedy_court_ruling
from netra.sanctions.services.decisions import decision_record, decree_file_open
from netra.sanctions.services.remedies import (
    remedy_decide,
    remedy_file,
    sanction_close,
    sanctions_close_after_remedy_window,
)

__all__ = [
    "BLOCK_REQUEST_REASON",
    "CHANGES_SANCTION",
    "CLOSABLE_STATES",
    "COURT_FROM",
    "DECIDABLE_STATES",
    "DECIDED_STATES",
    "MAX_DECREE_NUMBER",
    "MAX_TEXT",
    "REMEDY_STATES",
    "SanctionError",
    "_block_request",
    "catalogue_for",
    "data_block_confirm",
    "data_block_follow_transition",
    "decision_current",
    "decision_record",
    "decree_file_open",
    "remedy_court_file",
    "remedy_court_ruling",
    "remedy_current",
    "remedy_decide",
    "remedy_file",
    "remedy_window_end",
    "remedy_window_over",
    "sanction_close",
    "sanctions_close_after_remedy_window",
]
