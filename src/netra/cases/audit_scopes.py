"""How the audit trail reads the cases app's events (discovered by `netra.audit.apps`).

- A case's events are readable by whoever sees the case (`selectors.case_list_for`).
- A case's objects are the case itself, the reports it handles (primary and merged) with their
  evidence, and the letters issued about it (`documents` subject "cases.case:<public_id>").
- Letters about a case are readable by whoever sees the case.
"""

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat

from netra.audit.describe import choices_labeller, register_values
from netra.audit.scoping import (
    UUIDText,
    register_case_objects,
    register_names,
    register_scope,
    uuids,
)
from netra.cases.choices import CaseState
from netra.cases.models import Case, CaseReport, DeadlineRule
from netra.documents.choices import DocumentKind
from netra.documents.models import IssuedDocument
from netra.intake.models import Evidence, Report
from netra.rules.choices import SanctionLevel


def _visible_cases(user) -> QuerySet[Case]:
    from netra.cases.selectors import case_list_for

    return case_list_for(user)


def _cases_numbered(numbers) -> QuerySet[Case]:
    return Case.objects.filter(number__in=numbers)


def _reports_of(numbers) -> QuerySet[Report]:
    links = CaseReport.objects.filter(case__number__in=numbers).values("report_id")
    return Report.objects.filter(pk__in=links)


def _evidence_of(numbers) -> QuerySet[Evidence]:
    return Evidence.objects.filter(report__in=_reports_of(numbers))


def _letters_about(cases: QuerySet[Case]) -> QuerySet[IssuedDocument]:
    refs = (
        cases.order_by()
        .annotate(
            _ref=Concat(Value("cases.case:"), UUIDText(F("public_id")), output_field=CharField())
        )
        .values("_ref")
    )
    return IssuedDocument.objects.filter(subject_ref__in=refs)


def _case_names(ids) -> dict[str, str]:
    rows = Case.objects.filter(public_id__in=uuids(ids)).values_list("public_id", "number")
    return {str(public_id): number for public_id, number in rows}


def _deadline_label(code: str) -> str | None:
    rule = DeadlineRule.objects.filter(code=code).order_by("-version").first()
    return rule.label if rule else None


register_scope(Case, _visible_cases)
register_scope(IssuedDocument, lambda user: _letters_about(_visible_cases(user)))
register_case_objects(Case, _cases_numbered)
register_case_objects(Report, _reports_of)
register_case_objects(Evidence, _evidence_of)
register_case_objects(IssuedDocument, lambda numbers: _letters_about(_cases_numbered(numbers)))
register_names(Case, _case_names)

_STATES = choices_labeller(CaseState)
register_values("from", _STATES, actions=("cases.transition",))
register_values("to", _STATES, actions=("cases.transition",))
register_values("level", choices_labeller(SanctionLevel), actions=("cases.classified",))
register_values(
    "code",
    _deadline_label,
    actions=("cases.milestone_reached", "cases.deadline_overdue", "cases.deadline_escalated"),
)
register_values("code", lambda code: code, actions=("cases.letter_issued",))
register_values("kind", choices_labeller(DocumentKind), actions=("cases.letter_issued",))
