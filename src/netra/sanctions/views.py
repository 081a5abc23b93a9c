"""Sanctions pages (workspace): thin views over `services` and `selectors`.

Every URL looks the case (or decision) up in the user's scope first: out of scope is a 404.
A role that may not make the move sees the page without the form; its POST answers 403.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.selectors import case_get_for, case_moves_for
from netra.cases.services import CaseError
from netra.sanctions import selectors, services, storage
from netra.sanctions.choices import DataBlockStatus
from netra.sanctions.forms import (
    BlockConfirmForm,
    BlockFilterForm,
    CloseForm,
    CourtFileForm,
    CourtRulingForm,
    DecisionForm,
    RemedyDecideForm,
    RemedyForm,
)
from netra.web.responses import apply_refusal, no_store, no_store_page, refusal_status

S = CaseState
Recorded = workflow.RecordedMove


def case_url(case) -> str:
    """The case page (cases:detail), or its path while that page does not exist yet."""
    try:
        return reverse("cases:detail", args=[case.public_id])
    except NoReverseMatch:
        return f"/kasus/{case.public_id}/"


def _case_or_404(request, case_id):
    case = case_get_for(request.user, case_id)
    if case is None:
        raise Http404
    return case


def _may(user, case, kind: str) -> bool:
    """May `user` make the recorded move of `kind` (workflow.RecordedMove) on `case` now?
    The moves are `cases.selectors.case_moves_for`'s, as on the case page and in the API."""
    return any(move.recorded == kind for move in case_moves_for(user, case))


def _case_page(request, template, case, form, *, open_now, allowed, status, **extra):
    """A case's sanctions page: the case, its link, and the form only for a role that may act."""
    context = {
        "case": case,
        "case_url": case_url(case),
        "form": form if allowed else None,
        "open_now": open_now,
        "allowed": allowed,
        **extra,
    }
    return no_store_page(request, template, context, status)


def _deadline(case, code: str):
    return case.deadlines.filter(code=code, met_at__isnull=True).order_by("due_date").first()


def _post(form, *, open_now: bool, allowed: bool, work):
    """Run a page's POST: (response or None, status). A role that may not act gets 403, a
    move the case's state does not allow 400, bad input 400 with per-field messages; on
    success the response redirects to the case page."""
    if not allowed:
        return None, 403 if open_now else 400
    if not form.is_valid():
        return None, 400
    try:
        case = work(form.cleaned_data)
    except CaseError as exc:
        return None, apply_refusal(form, exc)  # a 404 refusal raises Http404
    return redirect(case_url(case)), 302


# --- decision --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, case_id):
    case = _case_or_404(request, case_id)
    catalogue = services.catalogue_for(case)
    awaiting = case.state in services.DECIDABLE_STATES
    allowed = awaiting and _may(request.user, case, Recorded.DECISION)
    form = DecisionForm(catalogue=catalogue)
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST, request.FILES, catalogue=catalogue)

        def work(data):
            services.decision_record(
                actor=request.user,
                case=case,
                sanction_code=data["sanction_code"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                received_on=data["received_on"],
                decree_file=data["decree_file"],
                note=data["note"],
            )
            return case

        response, status = _post(form, open_now=awaiting, allowed=allowed, work=work)
        if response is not None:
            return response
    classification = case.classification or {}
    return _case_page(
        request,
        "sanctions/decision.html",
        case,
        form,
        open_now=awaiting,
        allowed=allowed,
        status=status,
        awaiting=awaiting,
        recommended_level=classification.get("level"),
        recommended_sanctions=classification.get("sanctions", []),
        ppk_deadline=_deadline(case, workflow.D.PPK_FOLLOW_UP),
        current=selectors.decision_current_for(request.user, case),
        history=selectors.decision_history_for(request.user, case),
    )


# --- objection / appeal ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def remedy(request, case_id):
    case = _case_or_404(request, case_id)
    current = selectors.decision_current_for(request.user, case)
    kind = current.remedy if current else ""
    target = services.REMEDY_STATES.get(kind)
    open_now = case.state == S.SANCTIONED and target is not None
    allowed = open_now and _may(request.user, case, Recorded.REMEDY)
    form = RemedyForm()
    status = 200
    if request.method == "POST":
        form = RemedyForm(request.POST)

        def work(data):
            services.remedy_file(
                actor=request.user,
                case=case,
                filed_on=data["filed_on"],
                grounds=data["grounds"],
                received_on=data["received_on"],
            )
            return case

        response, status = _post(form, open_now=open_now, allowed=allowed, work=work)
        if response is not None:
            return response
    return _case_page(
        request,
        "sanctions/remedy.html",
        case,
        form,
        open_now=open_now,
        allowed=allowed,
        status=status,
        current=current,
        kind=kind,
        remedies=selectors.remedies_for_case(request.user, case),
    )


@login_required
@require_http_methods(["GET", "POST"])
def remedy_decide(request, case_id):
    case = _case_or_404(request, case_id)
    pending = selectors.remedy_open_for(request.user, case)
    target = services.DECIDED_STATES.get(case.state)
    open_now = target is not None and pending is not None
    allowed = open_now and _may(request.user, case, Recorded.REMEDY_DECISION)
    catalogue = services.catalogue_for(case)
    form = RemedyDecideForm(catalogue=catalogue)
    status = 200
    if request.method == "POST":
        form = RemedyDecideForm(request.POST, request.FILES, catalogue=catalogue)

        def work(data):
            services.remedy_decide(
                actor=request.user,
                case=case,
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                note=data["note"],
                new_sanction_code=data["new_sanction_code"] or None,
                new_decree_number=data["new_decree_number"],
                new_decree_date=data["new_decree_date"],
                new_decree_file=data["new_decree_file"],
            )
            return case

        response, status = _post(form, open_now=open_now, allowed=allowed, work=work)
        if response is not None:
            return response
    deadline_code = (
        workflow.D.OBJECTION_DECISION
        if case.state == S.OBJECTION
        else workflow.D.APPEAL_BPASN_DECISION
    )
    return _case_page(
        request,
        "sanctions/remedy_decide.html",
        case,
        form,
        open_now=open_now,
        allowed=allowed,
        status=status,
        pending=pending,
        deadline=_deadline(case, deadline_code) if open_now else None,
        current=selectors.decision_current_for(request.user, case),
    )


# --- court, closing and the case's data block ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def court(request, case_id):
    """Administrative court (PTUN): file the case after the objection or appeal; record the
    ruling while the case is in court (which closes it)."""
    case = _case_or_404(request, case_id)
    remedy = selectors.remedies_for_case(request.user, case).first()
    if case.state == S.COURT:
        mode, form_class = "ruling", CourtRulingForm
    else:
        mode, form_class = "file", CourtFileForm
    open_now = remedy is not None and (case.state == S.COURT or case.state in services.COURT_FROM)
    allowed = open_now and _may(request.user, case, Recorded.COURT)
    form = form_class()
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)

        def work(data):
            if mode == "file":
                services.remedy_court_file(
                    actor=request.user,
                    case=case,
                    court_case_number=data["court_case_number"],
                    filed_on=data["court_filed_on"],
                )
            else:
                services.remedy_court_ruling(
                    actor=request.user,
                    case=case,
                    ruling=data["court_ruling"],
                    ruled_on=data["court_ruled_on"],
                )
            return case

        response, status = _post(form, open_now=open_now, allowed=allowed, work=work)
        if response is not None:
            return response
    return _case_page(
        request,
        "sanctions/court.html",
        case,
        form,
        open_now=open_now,
        allowed=allowed,
        status=status,
        mode=mode,
        remedy=remedy,
        current=selectors.decision_current_for(request.user, case),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, case_id):
    """Close the case once no remedy is pending: after the remedy window of a sanction (as
    computed from the date received), or after the objection or appeal was decided."""
    case = _case_or_404(request, case_id)
    window_end = services.remedy_window_end(case) if case.state == S.SANCTIONED else None
    window_over = case.state == S.SANCTIONED and services.remedy_window_over(case)
    open_now = case.state in services.COURT_FROM or window_over
    allowed = open_now and _may(request.user, case, Recorded.CLOSE)
    form = CloseForm()
    status = 200
    if request.method == "POST":
        form = CloseForm(request.POST)

        def work(data):
            return services.sanction_close(actor=request.user, case=case, note=data["note"])

        response, status = _post(form, open_now=open_now, allowed=allowed, work=work)
        if response is not None:
            return response
    return _case_page(
        request,
        "sanctions/close.html",
        case,
        form,
        open_now=open_now,
        allowed=allowed,
        status=status,
        sanctioned=case.state == S.SANCTIONED,
        remedy_pending=case.state in (S.OBJECTION, S.APPEAL, S.COURT),
        window_end=window_end,
        window_over=window_over,
        current=selectors.decision_current_for(request.user, case),
        remedy=selectors.remedies_for_case(request.user, case).first(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_block(request, case_id):
    """The case's personnel-data block (status, dates, reasons); the task force confirms a
    requested block here after BKN verification."""
    case = _case_or_404(request, case_id)
    open_now = case.state == S.PPK_NO_FOLLOW_UP
    allowed = open_now and _may(request.user, case, Recorded.DATA_BLOCK)
    form = BlockConfirmForm()
    status = 200
    if request.method == "POST":
        form = BlockConfirmForm(request.POST)

        def work(data):
            services.data_block_confirm(
                actor=request.user,
                case=case,
                note=data["note"],
                bkn_verified=data["bkn_verified"],
            )
            return case

        response, status = _post(form, open_now=open_now, allowed=allowed, work=work)
        if response is not None:
            return response
    return _case_page(
        request,
        "sanctions/case_block.html",
        case,
        form,
        open_now=open_now,
        allowed=allowed,
        status=status,
        blocks=list(selectors.data_blocks_for_case(request.user, case)),
    )


# --- data blocks and decree files ------------------------------------------------------------


def _blocks_page(request, *, status=200, error=""):
    form = BlockFilterForm(request.GET or None)
    status_filter = ""
    if form.is_bound:
        if form.is_valid():
            status_filter = form.cleaned_data["status"]
        else:
            status = 400
    rows = list(selectors.data_blocks_for(request.user, status=status_filter or None)[:200])
    for row in rows:
        row.may_confirm = row.status == DataBlockStatus.REQUESTED and _may(
            request.user, row.case, Recorded.DATA_BLOCK
        )
    context = {"form": form, "blocks": rows, "status_filter": status_filter, "error": error}
    return no_store_page(request, "sanctions/blocks.html", context, status)


@login_required
@require_GET
def blocks(request):
    return _blocks_page(request)


@login_required
@require_POST
def block_confirm(request, block_id):
    """The task force confirms a requested block, ticking that BKN verification is done."""
    block = selectors.data_blocks_for(request.user).filter(public_id=block_id).first()
    if block is None:
        raise Http404
    form = BlockConfirmForm(request.POST)
    form.is_valid()  # an unticked or missing box is simply "not verified"
    try:
        services.data_block_confirm(
            actor=request.user,
            case=block.case,
            bkn_verified=bool(form.cleaned_data.get("bkn_verified")),
        )
    except CaseError as exc:
        return _blocks_page(request, status=refusal_status(exc), error=exc.message)
    return redirect(reverse("sanctions:blocks") + "?status=active")


@login_required
@require_GET
def decree_file(request, decision_id):
    found = selectors.decision_get_for(request.user, decision_id)
    if found is None or not found.has_file:
        raise Http404
    try:
        data = services.decree_file_open(actor=request.user, decision=found)
    except storage.DecreeIntegrityError:
        response = HttpResponse(
            _("Berkas SK tidak dapat dibuka: isinya tidak cocok dengan yang dicatat."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
        return no_store(response)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="SK-{found.public_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)
