"""The administrative court (PTUN/PT TUN): the filing and the ruling that closes the case."""

import datetime as dt

from django.db import transaction

from netra.audit.services import audit_record
from netra.cases.models import Case
from netra.cases.services import case_transition
from netra.sanctions.choices import COURT_FROM
from netra.sanctions.errors import FieldErrorCode
from netra.sanctions.models import Remedy
from netra.sanctions.selectors import case_today, remedy_current
from netra.sanctions.services.common import (
    MAX_DECREE_NUMBER,
    S,
    _check_date,
    _clean_text,
    _Invalid,
    _require_move,
    _visible_case,
    _wrong_state,
)


@transaction.atomic
def remedy_court_file(*, actor, case: Case, court_case_number: str, filed_on: dt.date) -> Remedy:
    """The person took the decision to the administrative court (PTUN/PT TUN)."""
    case = _visible_case(actor, case)
    remedy = remedy_current(case)
    if case.state not in COURT_FROM or remedy is None:
        raise _wrong_state(case)
    _require_move(actor, case, S.COURT)
    invalid = _Invalid()
    number = _clean_text(court_case_number, 10_000)
    if not number:
        invalid.add("court_case_number", FieldErrorCode.COURT_CASE_NUMBER_REQUIRED)
    elif len(number) > MAX_DECREE_NUMBER:
        invalid.add(
            "court_case_number",
            FieldErrorCode.COURT_CASE_NUMBER_TOO_LONG,
            max_length=MAX_DECREE_NUMBER,
        )
    _check_date(invalid, "court_filed_on", filed_on, case_today(case))
    if (
        isinstance(filed_on, dt.date)
        and "court_filed_on" not in invalid.fields
        and remedy.decided_on
        and filed_on < remedy.decided_on
    ):
        invalid.add("court_filed_on", FieldErrorCode.COURT_FILED_BEFORE_DECISION)
    invalid.raise_if_any()
    case = case_transition(
        actor=actor,
        case=case,
        target=S.COURT,
        facts={"court_case_number": number, "court_filed_on": filed_on},
    )
    remedy.court_case_number = number
    remedy.court_filed_on = filed_on
    remedy.save(update_fields=["court_case_number", "court_filed_on"])
    audit_record(
        actor=actor,
        action="sanctions.court_filed",
        target=remedy,
        payload={"case": case.number, "court_case_number": number},
    )
    return remedy


@transaction.atomic
def remedy_court_ruling(*, actor, case: Case, ruling: str, ruled_on: dt.date) -> Remedy:
    """Record the court's ruling; the case is closed."""
    case = _visible_case(actor, case)
    remedy = remedy_current(case)
    if case.state != S.COURT or remedy is None:
        raise _wrong_state(case)
    _require_move(actor, case, S.CLOSED)
    invalid = _Invalid()
    ruling = _clean_text(ruling)
    if not ruling:
        invalid.add("court_ruling", FieldErrorCode.COURT_RULING_REQUIRED)
    _check_date(invalid, "court_ruled_on", ruled_on, case_today(case))
    if (
        isinstance(ruled_on, dt.date)
        and "court_ruled_on" not in invalid.fields
        and remedy.court_filed_on
        and ruled_on < remedy.court_filed_on
    ):
        invalid.add("court_ruled_on", FieldErrorCode.RULED_BEFORE_FILED)
    invalid.raise_if_any()
    case = case_transition(
        actor=actor,
        case=case,
        target=S.CLOSED,
        facts={"court_ruling": ruling, "court_ruled_on": ruled_on},
        note=ruling[:500],
    )
    remedy.court_ruling = ruling
    remedy.court_ruled_on = ruled_on
    remedy.save(update_fields=["court_ruling", "court_ruled_on"])
    audit_record(
        actor=actor,
        action="sanctions.court_ruled",
        target=remedy,
        payload={"case": case.number, "ruled_on": ruled_on.isoformat()},
    )
    return remedy
