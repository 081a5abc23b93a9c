"""Cases API: thin views over the cases selectors and services.

Every read starts from `selectors.case_list_for(user)` (out of scope or unknown: 404 with the
same body); every write goes through a service. A refusal (`cases/errors.py`) propagates to
the API's exception handler (`netra.web.api_errors`), which answers `{"detail", "code",
"errors"?}` in the user's language with the code's status (400 bad input, 403 role, 404 out of
scope, 409 state). `available_actions` is `selectors.case_moves_for`, as on the case page. The
transition endpoint validates its facts with the same forms as the case pages
(`cases.forms.transition_form_class`); it refuses (409) the moves whose records the sanctions
app keeps (`workflow.RECORDED_MOVES`), which are made under
/api/v1/sanctions/ only.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from netra.cases import capabilities, selectors, services, workflow
from netra.cases import facts as case_facts
from netra.cases.api import serializers as s
from netra.cases.api.filtering import CaseFilterBackend, form_errors
from netra.cases.choices import CaseState
from netra.cases.deadlines import local_day
from netra.cases.errors import CaseErrorCode, ReportErrorCode
from netra.cases.exports import EXPORT_FORMATS, case_export_response, reported_person_visible
from netra.cases.filters import CaseFilterSet
from netra.cases.forms import transition_form_class
from netra.cases.models import Case, CaseReport
from netra.cases.moves import MoveKind
from netra.cases.timeline import event_line
from netra.intake import selectors as intake_selectors
from netra.refusals import Refusal
from netra.web.api_schema import ERROR_RESPONSES, ErrorSerializer, FieldErrorSerializer
from netra.web.responses import no_store


def _case_or_404(user, public_id) -> Case:
    case = selectors.case_get_for(user, public_id)
    if case is None:
        raise services.CaseNotFound()
    return case


# --- detail ------------------------------------------------------------------------------------


def _report_rows(case: Case) -> list[dict]:
    links = case.case_reports.select_related("report", "report__region", "report__act")
    return [
        {
            "public_id": link.report.public_id,
            "tracking_number": link.report.tracking_number,
            "is_primary": link.is_primary,
            "source": link.report.source,
            "public_status": link.report.public_status,
            "act": link.report.act.slug if link.report.act_id else None,
            "event_date": link.report.event_date,
            "region": link.report.region.code,
            "created_at": link.report.created_at,
        }
        for link in links
    ]


def sanctions_endpoint(case: Case, target: str) -> str | None:
    """The sanctions API path where the recorded move to `target` is made (None: not one)."""
    name = workflow.recorded_endpoint(case.state, target)
    return reverse(name, kwargs={"case_id": case.public_id}) if name else None


def _fact_fields(case: Case, target: str) -> list[str]:
    form = transition_form_class(case.state, target)(case=case)
    return [name for name in form.fields if name != "note"]


def _action_rows(user, case: Case) -> list[dict]:
    """What `user` may do on `case` now: `selectors.case_moves_for`, as the case page shows."""
    rows = []
    for move in selectors.case_moves_for(user, case):
        transition = move.kind == MoveKind.TRANSITION
        rows.append(
            {
                "kind": "sanctions" if move.kind == MoveKind.RECORDED else move.kind,
                "target": move.target,
                "label": str(move.label),
                "roles": list(move.roles),
                "ready": move.ready,
                "needs": [{"guard": n.guard, "message": n.message} for n in move.needs],
                "facts": _fact_fields(case, move.target) if transition else [],
                "endpoint": (
                    reverse(move.endpoint, kwargs={"case_id": case.public_id})
                    if move.endpoint
                    else None
                ),
            }
        )
    return rows


def _detail(user, case: Case) -> dict:
    case = (
        Case.objects.select_related(
            "region", "election", "report", "person__agency", "person__unit", "person__region"
        )
        .select_related("merged_into")
        .get(pk=case.pk)
    )
    deadlines = list(case.deadlines.select_related("rule").order_by("due_date", "id"))
    open_due = [d.due_date for d in deadlines if d.met_at is None and d.due_date]
    case.next_due = min(open_due) if open_due else None
    today = local_day(timezone.now(), case.region.code)
    case.is_overdue = bool(case.next_due and case.next_due < today)
    visible = reported_person_visible(user, case)
    report = case.report
    case.report_rows = _report_rows(case)
    case.reported_row = (
        {
            "name": report.reported_name,
            "workplace": report.reported_workplace,
            "position": report.reported_position,
        }
        if visible
        else None
    )
    case.person_row = case.person if visible and case.person_id else None
    case.fact_rows = case_facts.display_rows(case, personal=visible)
    case.facts_recorded = case_facts.recorded_for(case, personal=visible)
    case.deadline_rows = deadlines
    case.event_rows = list(case.events.select_related("actor").order_by("created_at", "id"))
    for event in case.event_rows:
        event.text = event_line(event, personal=visible)
    case.action_rows = _action_rows(user, case)
    return s.CaseDetailOutput(case).data


_DETAIL_RESPONSES = {200: s.CaseDetailOutput, **ERROR_RESPONSES, 409: s.CaseErrorOutput}


# --- lists ---------------------------------------------------------------------------------------


class _NoStoreList(generics.ListAPIView):
    """A list of cases or deadlines: personal data, never kept by a browser or proxy cache."""

    def list(self, request, *args, **kwargs):
        return no_store(super().list(request, *args, **kwargs))


@extend_schema(tags=["cases"], summary="Cases in the user's scope, filtered")
class CaseListApi(_NoStoreList):
    """Cases the user may see; ordered by the next due date unless `ordering` says otherwise."""

    serializer_class = s.CaseListOutput
    filter_backends = [CaseFilterBackend]
    filterset_class = CaseFilterSet

    def get_queryset(self):
        return selectors.case_list_for(self.request.user).select_related("election")


@extend_schema(
    tags=["cases"],
    summary="The user's queue: open cases, nearest deadline first",
    parameters=[
        OpenApiParameter(
            "section",
            str,
            enum=list(selectors.QUEUE_SECTIONS),
            required=False,
            description=(
                "needs_action: cases where one of the user's roles may make the next move; "
                "waiting: cases whose next move belongs to another role. Without it: both."
            ),
        )
    ],
    responses={200: s.CaseListOutput(many=True), **ERROR_RESPONSES},
)
class CaseQueueApi(_NoStoreList):
    serializer_class = s.CaseListOutput
    filter_backends: list = []

    def get_queryset(self):
        user = self.request.user
        section = self.request.query_params.get("section")
        if section is None:
            return selectors.case_queue_for(user).select_related("election")
        if section not in selectors.QUEUE_SECTIONS:
            raise ValidationError(
                {"section": [_("Pilih bagian antrean: needs_action atau waiting.")]}
            )
        return selectors.case_queue_section(user, section).select_related("election")


@extend_schema(tags=["cases"], summary="Open deadlines marked overdue on cases in scope")
class OverdueDeadlineListApi(_NoStoreList):
    serializer_class = s.CaseOverdueDeadlineOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.deadlines_overdue_for(self.request.user).select_related("rule")


# --- export --------------------------------------------------------------------------------------


class _NoFormatOverride(BaseContentNegotiation):
    """`?format=` names the export format here, not a DRF renderer."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportThrottle(UserRateThrottle):
    scope = "cases_export"
    rate = "120/hour"


_BINARY = OpenApiTypes.BINARY
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ExportBase(APIView):
    content_negotiation_class = _NoFormatOverride
    throttle_classes = [ExportThrottle]
    filter_backends = [CaseFilterBackend]
    filterset_class = CaseFilterSet

    def get_queryset(self):
        return selectors.case_list_for(self.request.user)

    def export(self, request, fmt: str | None):
        fmt = fmt or str(request.query_params.get("format") or "csv").lower()
        if fmt not in EXPORT_FORMATS:
            raise Refusal(CaseErrorCode.INVALID_FORMAT)
        filterset = CaseFilterSet(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(form_errors(filterset.form))
        used = {
            name: values if len(values) > 1 else values[0]
            for name, values in request.query_params.lists()
            if name in filterset.filters and any(values)
        }
        return case_export_response(request, filterset.qs, fmt, filters=used)


class CaseExportApi(_ExportBase):
    @extend_schema(
        tags=["cases"],
        summary="Export cases in scope (CSV or XLSX, same filters as the list)",
        operation_id="cases_export",
        filters=True,
        parameters=[OpenApiParameter("format", str, enum=list(EXPORT_FORMATS), default="csv")],
        responses={
            (200, "text/csv"): _BINARY,
            (200, _XLSX): _BINARY,
            400: FieldErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def get(self, request):
        return self.export(request, None)


class CaseExportCsvApi(_ExportBase):
    @extend_schema(
        tags=["cases"],
        summary="Export cases in scope as CSV",
        operation_id="cases_export_csv",
        filters=True,
        responses={(200, "text/csv"): _BINARY, 400: FieldErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        return self.export(request, "csv")


class CaseExportXlsxApi(_ExportBase):
    @extend_schema(
        tags=["cases"],
        summary="Export cases in scope as XLSX",
        operation_id="cases_export_xlsx",
        filters=True,
        responses={(200, _XLSX): _BINARY, 400: FieldErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        return self.export(request, "xlsx")


# --- one case ------------------------------------------------------------------------------------


class CaseDetailApi(APIView):
    @extend_schema(tags=["cases"], summary="One case", responses=_DETAIL_RESPONSES)
    def get(self, request, public_id):
        case = _case_or_404(request.user, public_id)
        return no_store(Response(_detail(request.user, case)))


class CaseOpenApi(APIView):
    """Register a report (by its public id) as a case; a report already in a case returns it
    with 200. Bawaslu officers and task-force analysts whose region covers the report."""

    @extend_schema(
        tags=["cases"],
        summary="Open a case from a report",
        request=s.CaseOpenInput,
        responses={201: s.CaseDetailOutput, **_DETAIL_RESPONSES},
    )
    def post(self, request):
        data = s.CaseOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = intake_selectors.report_get_for(request.user, data.validated_data["report"])
        if report is None:
            raise Refusal(ReportErrorCode.NOT_FOUND)
        existed = CaseReport.objects.filter(report=report).exists()
        try:
            case = services.case_open_from_report(actor=request.user, report=report)
        except services.CaseNotFound as exc:
            # The report is in scope, so refusing is about the role.
            raise Refusal(CaseErrorCode.ROLE_NOT_ALLOWED) from exc
        if selectors.case_get_for(request.user, case.public_id) is None:
            raise services.CaseNotFound()
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return no_store(Response(_detail(request.user, case), status=code))


def _recorded_move_refusal(case: Case, target: str) -> Refusal:
    endpoint = sanctions_endpoint(case, target)
    return Refusal(
        CaseErrorCode.RECORDED_MOVE,
        extra={"endpoint": endpoint},
        state=CaseState(target).label,
        endpoint=endpoint,
    )


class CaseTransitionApi(APIView):
    """Move the case to `target`, recording `facts` (the fields of that move's form, as on
    the case page) and `note`. Refused moves change nothing; the moves the sanctions app
    records (the PPK's decree, objection/appeal and its decision, court, closing after the
    remedy window, data block) answer 409 `recorded_move` with the sanctions `endpoint`."""

    @extend_schema(
        tags=["cases"],
        summary="Change the state of a case",
        request=s.CaseTransitionInput,
        responses=_DETAIL_RESPONSES,
    )
    def post(self, request, public_id):
        user = request.user
        case = _case_or_404(user, public_id)
        data = s.CaseTransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        target = data.validated_data["target"]
        facts = data.validated_data["facts"]
        decision = workflow.check_transition(case.state, target, "", {})
        if decision.reason in (workflow.NOT_ALLOWED, workflow.UNKNOWN_STATE):
            raise services.CaseTransitionError(decision)
        if workflow.recorded_move(case.state, target):
            raise _recorded_move_refusal(case, target)
        transition = decision.transition
        if not (selectors.case_roles_for(user, case) & transition.roles):
            refused = workflow.Decision(False, workflow.ROLE_NOT_ALLOWED, transition)
            raise services.CaseTransitionError(refused)
        form = transition_form_class(case.state, target)(
            data={**facts, "note": data.validated_data["note"]}, case=case
        )
        unknown = sorted(set(facts) - set(form.fields) - {"note"})
        if unknown:
            raise ValidationError({"facts": [_("Fakta tidak dikenal: %s") % ", ".join(unknown)]})
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        case = services.case_transition(
            actor=user, case=case, target=target, facts=form.facts(), note=form.note_text()
        )
        if selectors.case_get_for(user, case.public_id) is None:
            raise services.CaseNotFound()
        return no_store(Response(_detail(user, case)))


def _require_resolver(user, case: Case) -> None:
    if not capabilities.roles_of(user, case) & capabilities.RESOLVE_IDENTITY:
        raise Refusal(CaseErrorCode.ROLE_NOT_ALLOWED)


def _reason_dict(reason) -> dict:
    return {
        "code": reason.code,
        "label": reason.label,
        "points": reason.points,
        "detail": reason.detail,
    }


class CaseIdentityApi(APIView):
    """GET: registry people who may be the reported person, best first, with the reasons.
    POST: confirm one (`person`) or record `not_in_registry`."""

    @extend_schema(
        tags=["cases"],
        summary="Identity candidates for the reported person",
        responses={
            200: s.CaseCandidateOutput(many=True),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request, public_id):
        case = _case_or_404(request.user, public_id)
        _require_resolver(request.user, case)
        candidates = selectors.case_identity_candidates(request.user, case)
        rows = [
            {
                "rank": rank,
                "score": candidate.score,
                "person": candidate.person,
                "reasons": [_reason_dict(r) for r in candidate.reasons],
            }
            for rank, candidate in enumerate(candidates, start=1)
        ]
        return no_store(Response(s.CaseCandidateOutput(rows, many=True).data))

    @extend_schema(
        tags=["cases"],
        summary="Resolve the reported person",
        request=s.CaseIdentityInput,
        responses=_DETAIL_RESPONSES,
    )
    def post(self, request, public_id):
        user = request.user
        case = _case_or_404(user, public_id)
        _require_resolver(user, case)
        data = s.CaseIdentityInput(data=request.data)
        data.is_valid(raise_exception=True)
        person = None
        if data.validated_data.get("person"):
            # A candidate of the case, or a person of the user's registry scope: as the page.
            person = selectors.case_identity_person_for(user, case, data.validated_data["person"])
            if person is None:
                raise Refusal(
                    CaseErrorCode.PERSON_NOT_FOUND,
                    fields={"person": CaseErrorCode.PERSON_NOT_FOUND},
                )
        case = services.case_resolve_identity(
            actor=user,
            case=case,
            person=person,
            not_in_registry=data.validated_data["not_in_registry"],
            reason=data.validated_data.get("reason", ""),
        )
        return no_store(Response(_detail(user, case)))


class CaseClassifyApi(APIView):
    @extend_schema(
        tags=["cases"],
        summary="Classify the act (rules catalogue) and keep the result on the case",
        request=s.CaseClassifyInput,
        responses=_DETAIL_RESPONSES,
    )
    def post(self, request, public_id):
        user = request.user
        case = _case_or_404(user, public_id)
        data = s.CaseClassifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = services.case_classify(
            actor=user,
            case=case,
            act=values["act"],
            act_date=values["act_date"],
            phase=values.get("phase") or None,
            employee_type=values.get("employee_type") or None,
        )
        return no_store(Response(_detail(user, case)))


class CaseDuplicatesApi(APIView):
    @extend_schema(
        tags=["cases"],
        summary="Cases in scope that may report the same thing (mergeable), with reasons",
        responses={200: s.CaseDuplicateOutput(many=True), 404: ErrorSerializer},
    )
    def get(self, request, public_id):
        case = _case_or_404(request.user, public_id)
        found = selectors.case_duplicate_suggestions(request.user, case)
        rows = [
            {
                "case": other,
                "score": suggestion.score,
                "reasons": [_reason_dict(r) for r in suggestion.reasons],
            }
            for suggestion, other in found
        ]
        return no_store(Response(s.CaseDuplicateOutput(rows, many=True).data))


class CaseMergeApi(APIView):
    """Merge `duplicate` into this case: its reports are linked here, it is closed as merged;
    nothing is deleted."""

    @extend_schema(
        tags=["cases"],
        summary="Merge a duplicate case into this one",
        request=s.CaseMergeInput,
        responses=_DETAIL_RESPONSES,
    )
    def post(self, request, public_id):
        user = request.user
        case = _case_or_404(user, public_id)
        data = s.CaseMergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        duplicate = _case_or_404(user, data.validated_data["duplicate"])
        case = services.case_merge(
            actor=user,
            target=case,
            duplicate=duplicate,
            reason=data.validated_data["reason"],
        )
        return no_store(Response(_detail(user, case)))
