"""Undoing a merge through the API (the merge itself is `views.CaseMergeApi`)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from netra.cases import services
from netra.cases.api import serializers as s
from netra.cases.api.views import _DETAIL_RESPONSES, _case_or_404, _detail
from netra.web.responses import no_store


class CaseUnmergeApi(APIView):
    """Undo the merge of this (duplicate) case into another, before the other case reaches the
    recommendation: the reports the merge linked there are unlinked, this case returns to the
    state it was merged from. After the recommendation: 409 `unmerge_after_recommendation`;
    a case not merged: 409 `not_merged`; no reason: 400 `unmerge_reason_required`."""

    @extend_schema(
        tags=["cases"],
        summary="Undo the merge of this duplicate case",
        request=s.CaseUnmergeInput,
        responses=_DETAIL_RESPONSES,
    )
    def post(self, request, public_id):
        user = request.user
        duplicate = _case_or_404(user, public_id)
        data = s.CaseUnmergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        duplicate = services.case_unmerge(
            actor=user, duplicate=duplicate, reason=data.validated_data["reason"]
        )
        return no_store(Response(_detail(user, duplicate)))
