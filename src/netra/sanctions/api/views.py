"""Sanctions API (staff, session + TOTP): decisions, objections/appeals, data blocks.

Every endpoint looks the case up in the caller's scope first (out of scope: 404). A service
refusal propagates to the API's exception handler (netra.web.api_errors), which answers with
its code's status (sanctions/errors.py, cases/errors.py) and `detail`, `code` and, for input
errors, `errors` (messages per field) in the caller's language.
"""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.cases.choices import CaseState
from netra.cases.selectors import case_get_for
from netra.cases.services import CaseNotFound
from netra.refusals import Refusal
from netra.sanctions import selectors, services, storage
from netra.sanctions.api import serializers as s
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.errors import SanctionErrorCode
from netra.web.api_schema import ErrorSerializer, FieldErrorSerializer
from netra.web.responses import no_store

_ERRORS = {
    400: OpenApiResponse(FieldErrorSerializer, description="Refused: invalid input or wrong state"),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="No such case in your scope"),
}


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    if not data.is_valid():
        raise ValidationError(data.errors)
    return data.validated_data


class _CaseApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def case(self, request, case_id):
        case = case_get_for(request.user, case_id)
        if case is None:
            raise CaseNotFound()
        return case

    def run(self, work, output):
        result = work()  # a refusal becomes the error answer (netra.web.api_errors)
        return no_store(Response(output(result).data, status=status.HTTP_201_CREATED))


class DecisionApi(_CaseApi):
    """The PPK's decision on a case: read the current one and its history, or record it
    (multipart with the decree PDF). Recording moves the case to `sanctioned` (lifting a
    data block first) and returns the decision with its compliance with the recommendation."""

    @extend_schema(operation_id="sanctions_decision_get", responses={200: s.DecisionsOutput})
    def get(self, request, case_id):
        case = self.case(request, case_id)
        body = s.DecisionsOutput(
            {
                "current": selectors.decision_current_for(request.user, case),
                "history": list(selectors.decision_history_for(request.user, case)),
            }
        ).data
        return no_store(Response(body))

    @extend_schema(
        operation_id="sanctions_decision_record",
        request={"multipart/form-data": s.DecisionInput, "application/json": s.DecisionInput},
        responses={201: s.DecisionOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.DecisionInput, request)
        return self.run(
            lambda: services.decision_record(
                actor=request.user,
                case=case,
                sanction_code=data["sanction_code"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                received_on=data.get("received_on"),
                decree_file=data.get("decree_file"),
                note=data.get("note", ""),
                reason=data.get("reason", ""),
            ),
            s.DecisionOutput,
        )


class RemedyApi(_CaseApi):
    """Objections and appeals of a case: list them, or record one (which of the two follows
    from the sanction; filed within 14 working days of receipt, PP 79/2021)."""

    @extend_schema(operation_id="sanctions_remedy_list", responses={200: s.RemedyOutput(many=True)})
    def get(self, request, case_id):
        case = self.case(request, case_id)
        rows = selectors.remedies_for_case(request.user, case)
        return no_store(Response(s.RemedyOutput(rows, many=True).data))

    @extend_schema(
        operation_id="sanctions_remedy_file",
        request=s.RemedyInput,
        responses={201: s.RemedyOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.RemedyInput, request)
        return self.run(
            lambda: services.remedy_file(
                actor=request.user,
                case=case,
                filed_on=data["filed_on"],
                grounds=data["grounds"],
                received_on=data.get("received_on"),
            ),
            s.RemedyOutput,
        )


class RemedyDecideApi(_CaseApi):
    """Record the decision on the pending objection or appeal; an outcome that changes the
    sanction records a new decision that supersedes the old one."""

    @extend_schema(
        operation_id="sanctions_remedy_decide",
        request={
            "multipart/form-data": s.RemedyDecideInput,
            "application/json": s.RemedyDecideInput,
        },
        responses={201: s.RemedyOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.RemedyDecideInput, request)
        return self.run(
            lambda: services.remedy_decide(
                actor=request.user,
                case=case,
                outcome=data["remedy_outcome"],
                decided_on=data["decided_on"],
                note=data.get("note", ""),
                new_sanction_code=data.get("new_sanction_code") or None,
                new_decree_number=data.get("new_decree_number", ""),
                new_decree_date=data.get("new_decree_date"),
                new_decree_file=data.get("new_decree_file"),
            ),
            s.RemedyOutput,
        )


def _close_status(case) -> dict:
    sanctioned = case.state == CaseState.SANCTIONED
    over = sanctioned and services.remedy_window_over(case)
    return {
        "case": case,
        "closable": over or case.state in services.COURT_FROM,
        "remedy_window_end": services.remedy_window_end(case) if sanctioned else None,
        "remedy_window_over": over,
    }


class CourtFileApi(_CaseApi):
    """File the administrative court case (PTUN) after the objection or appeal was decided (or
    deemed undecided): the case moves to `court`."""

    @extend_schema(
        operation_id="sanctions_court_file",
        request=s.CourtFileInput,
        responses={201: s.RemedyOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.CourtFileInput, request)
        return self.run(
            lambda: services.remedy_court_file(
                actor=request.user,
                case=case,
                court_case_number=data["court_case_number"],
                filed_on=data["court_filed_on"],
            ),
            s.RemedyOutput,
        )


class CourtRulingApi(_CaseApi):
    """Record the court's ruling on a case in `court`: the case is closed."""

    @extend_schema(
        operation_id="sanctions_court_ruling",
        request=s.CourtRulingInput,
        responses={201: s.RemedyOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.CourtRulingInput, request)
        return self.run(
            lambda: services.remedy_court_ruling(
                actor=request.user,
                case=case,
                ruling=data["court_ruling"],
                ruled_on=data["court_ruled_on"],
            ),
            s.RemedyOutput,
        )


class CloseApi(_CaseApi):
    """Whether the case may be closed now (GET), and closing it (POST): once no remedy is
    pending, i.e. the objection/appeal window of a sanction is over (computed from the date
    received) or the objection/appeal was decided."""

    @extend_schema(operation_id="sanctions_close_status", responses={200: s.CloseStatusOutput})
    def get(self, request, case_id):
        case = self.case(request, case_id)
        return no_store(Response(s.CloseStatusOutput(_close_status(case)).data))

    @extend_schema(
        operation_id="sanctions_close",
        request=s.CloseInput,
        responses={201: s.CloseStatusOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.CloseInput, request)
        return self.run(
            lambda: _close_status(
                services.sanction_close(actor=request.user, case=case, note=data.get("note", ""))
            ),
            s.CloseStatusOutput,
        )


class CaseBlockApi(_CaseApi):
    """The personnel-data blocks of one case (newest first)."""

    @extend_schema(
        operation_id="sanctions_case_blocks",
        responses={200: s.DataBlockOutput(many=True), 404: _ERRORS[404]},
    )
    def get(self, request, case_id):
        case = self.case(request, case_id)
        rows = selectors.data_blocks_for_case(request.user, case)
        return no_store(Response(s.DataBlockOutput(rows, many=True).data))


class CaseBlockConfirmApi(_CaseApi):
    """The task force confirms the block of a case the PPK did not follow up, after BKN
    verification (`bkn_verified` must be true): the case moves to `data_blocked` and the
    requested block becomes active."""

    @extend_schema(
        operation_id="sanctions_case_block_confirm",
        request=s.BlockConfirmInput,
        responses={201: s.DataBlockOutput, **_ERRORS},
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        data = _input(s.BlockConfirmInput, request)
        return self.run(
            lambda: services.data_block_confirm(
                actor=request.user,
                case=case,
                note=data.get("note", ""),
                bkn_verified=data["bkn_verified"],
            ),
            s.DataBlockOutput,
        )


class DataBlockListApi(generics.ListAPIView):
    """Personnel-data blocking requests on cases in your scope, newest first."""

    serializer_class = s.DataBlockOutput
    filter_backends: list = []

    def get_queryset(self):
        query = s.BlockQuery(data=self.request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        return selectors.data_blocks_for(
            self.request.user, status=query.validated_data.get("status")
        )

    @extend_schema(
        operation_id="sanctions_blocks_list",
        parameters=[
            OpenApiParameter("status", str, enum=DataBlockStatus.values, required=False),
        ],
    )
    def get(self, request, *args, **kwargs):
        return no_store(super().get(request, *args, **kwargs))


class DecreeFileApi(APIView):
    """The decree PDF of a decision (hash verified on every read; attachment)."""

    @extend_schema(
        operation_id="sanctions_decree_file",
        responses={
            (200, "application/pdf"): OpenApiResponse(description="The decree PDF"),
            404: OpenApiResponse(ErrorSerializer, description="No such decision or file in scope"),
            409: OpenApiResponse(ErrorSerializer, description="The stored file no longer matches"),
        },
    )
    def get(self, request, decision_id):
        found = selectors.decision_get_for(request.user, decision_id)
        if found is None or not found.has_file:
            raise Refusal(SanctionErrorCode.DECISION_NOT_FOUND)
        try:
            data = services.decree_file_open(actor=request.user, decision=found)
        except storage.DecreeIntegrityError as exc:
            raise Refusal(SanctionErrorCode.DECREE_FILE_CHANGED) from exc
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="SK-{found.public_id}.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        return no_store(response)
