"""Sanctions pages (workspace): thin views over `services` and `selectors`.

Every URL looks the case (or decision) up in the user's scope first: out of scope is a 404.
A role that may not make the move sees the page without the form; its POST answers 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netra.cases import workflow
from netra.cases.choices import CaseState
from netra.cases.recommendation import recommendation_of
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


def _deadline(case, code: str):
    return case.deadlines.filter(code=code, met_at__isnull=True).order_by("due_date").first()


def _post(form, case, *, open_now: bool, allowed: bool, work):
    """Run a page's POST: (response or None, status). A role that may not act gets 403, a
    move the case's state does not allow 400, bad input 400 with per-field messages; on
    success the response redirects to the case page."""
    if not allowed:
        return None, 403 if open_now else 400
    if not form.is_valid():
        return None, 400
    try:
        work(form.cleaned_data)
    except CaseError as exc:
        return None, apply_refusal(form, exc)  # a 404 refusal raises Http404
    return redirect(case_url(case)), 302


# --- the case's sanctions pages: one table, one handler ---------------------------------------


@dataclass(frozen=True)
class CasePage:
    """One sanctions page of a case.

    `recorded` is the workflow's recorded move the page makes (`workflow.RecordedMove`; the
    role check is `case_moves_for`'s). `load(request, case)` reads what the page needs once
    (a dict handed to the other parts); `open_now(case, loaded)` says whether the case's state
    allows the move at all; `form(case, loaded)` gives the form class and its keyword
    arguments; `submit(request, case, data, loaded)` calls the service; `context(request,
    case, loaded)` adds the template's own context. A role that may not make the move sees
    the page without the form; its POST answers 403 (400 when the state does not allow it).
    """

    recorded: str
    template: str
    open_now: Callable[[object, dict], bool]
    form: Callable[[object, dict], tuple[type[forms.Form], dict]]
    submit: Callable[[HttpRequest, object, dict, dict], object]
    load: Callable[[HttpRequest, object], dict] = lambda request, case: {}
    context: Callable[[HttpRequest, object, dict], dict] = lambda request, case, loaded: {}
    success: str | None = None


def case_page(request, case_id, *, page: CasePage):
    """The one GET/POST handler of the case's sanctions pages (`CASE_PAGES`)."""
    case = _case_or_404(request, case_id)
    loaded = page.load(request, case)
    open_now = bool(page.open_now(case, loaded))
    allowed = open_now and _may(request.user, case, page.recorded)
    form_class, form_kwargs = page.form(case, loaded)
    form = form_class(**form_kwargs)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **form_kwargs)
        response, status = _post(
            form,
            case,
            open_now=open_now,
            allowed=allowed,
            work=lambda data: page.submit(request, case, data, loaded),
        )
        if response is not None:
            if page.success:
                messages.success(request, _(page.success))
            return response
    context = {
        "case": case,
        "case_url": case_url(case),
        "form": form if allowed else None,
        "open_now": open_now,
        "allowed": allowed,
        **page.context(request, case, loaded),
    }
    return no_store_page(request, page.template, context, status)


def _page_view(page: CasePage):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, case_id):
        return case_page(request, case_id, page=page)

    view.page = page
    return view


def _current(request, case):
    return selectors.decision_current_for(request.user, case)


# The PPK's decision. The decisions engineer adds to `_decision_context` (recommendation,
# reason for deviating...) without touching the handler.
def _decision_load(request, case) -> dict:
    return {"catalogue": services.catalogue_for(case)}


def _decision_context(request, case, loaded) -> dict:
    return {
        "awaiting": case.state in services.DECIDABLE_STATES,
        # Exactly what the case records as recommended: level and sanctions in words.
        "recommendation": recommendation_of(case),
        "ppk_deadline": _deadline(case, workflow.D.PPK_FOLLOW_UP),
        "current": _current(request, case),
        "history": selectors.decision_history_for(request.user, case),
    }


def _decision_submit(request, case, data, loaded):
    return services.decision_record(
        actor=request.user,
        case=case,
        sanction_code=data["sanction_code"],
        decree_number=data["decree_number"],
        decree_date=data["decree_date"],
        received_on=data["received_on"],
        decree_file=data["decree_file"],
        note=data["note"],
        reason=data.get("reason", ""),
    )


DECISION_PAGE = CasePage(
    recorded=Recorded.DECISION,
    template="sanctions/decision.html",
    load=_decision_load,
    open_now=lambda case, loaded: case.state in services.DECIDABLE_STATES,
    form=lambda case, loaded: (DecisionForm, {"catalogue": loaded["catalogue"]}),
    submit=_decision_submit,
    context=_decision_context,
    success=gettext_noop("Keputusan PPK dicatat."),
)


# Objection / appeal filed (which one follows from the current decision's sanction).
def _remedy_load(request, case) -> dict:
    current = _current(request, case)
    kind = current.remedy if current else ""
    return {"current": current, "kind": kind, "filing": selectors.remedy_filing_days(case, kind)}


REMEDY_PAGE = CasePage(
    recorded=Recorded.REMEDY,
    template="sanctions/remedy.html",
    load=_remedy_load,
    open_now=lambda case, loaded: (
        case.state == S.SANCTIONED and loaded["kind"] in services.REMEDY_STATES
    ),
    form=lambda case, loaded: (RemedyForm, {}),
    submit=lambda request, case, data, loaded: services.remedy_file(
        actor=request.user,
        case=case,
        filed_on=data["filed_on"],
        grounds=data["grounds"],
        received_on=data["received_on"],
    ),
    context=lambda request, case, loaded: {
        **loaded,
        "remedies": selectors.remedies_for_case(request.user, case),
    },
    success=gettext_noop("Keberatan atau banding dicatat."),
)


# The objection or appeal decided.
def _remedy_decide_load(request, case) -> dict:
    return {
        "pending": selectors.remedy_open_for(request.user, case),
        "catalogue": services.catalogue_for(case),
    }


def _remedy_decide_open(case, loaded) -> bool:
    return case.state in services.DECIDED_STATES and loaded["pending"] is not None


def _remedy_decide_context(request, case, loaded) -> dict:
    deadline_code = (
        workflow.D.OBJECTION_DECISION
        if case.state == S.OBJECTION
        else workflow.D.APPEAL_BPASN_DECISION
    )
    open_now = _remedy_decide_open(case, loaded)
    return {
        "pending": loaded["pending"],
        "deadline": _deadline(case, deadline_code) if open_now else None,
        "current": _current(request, case),
    }


REMEDY_DECIDE_PAGE = CasePage(
    recorded=Recorded.REMEDY_DECISION,
    template="sanctions/remedy_decide.html",
    load=_remedy_decide_load,
    open_now=_remedy_decide_open,
    form=lambda case, loaded: (RemedyDecideForm, {"catalogue": loaded["catalogue"]}),
    submit=lambda request, case, data, loaded: services.remedy_decide(
        actor=request.user,
        case=case,
        outcome=data["outcome"],
        decided_on=data["decided_on"],
        note=data["note"],
        new_sanction_code=data["new_sanction_code"] or None,
        new_decree_number=data["new_decree_number"],
        new_decree_date=data["new_decree_date"],
        new_decree_file=data["new_decree_file"],
    ),
    context=_remedy_decide_context,
    success=gettext_noop("Putusan keberatan atau banding dicatat."),
)


# Administrative court (PTUN): file the case after the objection or appeal; record the ruling
# while the case is in court (which closes it).
def _court_submit(request, case, data, loaded):
    if case.state == S.COURT:
        return services.remedy_court_ruling(
            actor=request.user,
            case=case,
            ruling=data["court_ruling"],
            ruled_on=data["court_ruled_on"],
        )
    return services.remedy_court_file(
        actor=request.user,
        case=case,
        court_case_number=data["court_case_number"],
        filed_on=data["court_filed_on"],
    )


COURT_PAGE = CasePage(
    recorded=Recorded.COURT,
    template="sanctions/court.html",
    load=lambda request, case: {"remedy": selectors.remedies_for_case(request.user, case).first()},
    open_now=lambda case, loaded: (
        loaded["remedy"] is not None
        and (case.state == S.COURT or case.state in services.COURT_FROM)
    ),
    form=lambda case, loaded: (CourtRulingForm if case.state == S.COURT else CourtFileForm, {}),
    submit=_court_submit,
    context=lambda request, case, loaded: {
        "mode": "ruling" if case.state == S.COURT else "file",
        "remedy": loaded["remedy"],
        "current": _current(request, case),
    },
    success=gettext_noop("Perkara PTUN dicatat."),
)


# Closing once no remedy is pending: after the remedy window of a sanction (as computed from
# the date received), or after the objection or appeal was decided.
def _close_load(request, case) -> dict:
    sanctioned = case.state == S.SANCTIONED
    return {
        "sanctioned": sanctioned,
        "window_end": services.remedy_window_end(case) if sanctioned else None,
        "window_over": sanctioned and services.remedy_window_over(case),
    }


CLOSE_PAGE = CasePage(
    recorded=Recorded.CLOSE,
    template="sanctions/close.html",
    load=_close_load,
    open_now=lambda case, loaded: case.state in services.COURT_FROM or loaded["window_over"],
    form=lambda case, loaded: (CloseForm, {}),
    submit=lambda request, case, data, loaded: services.sanction_close(
        actor=request.user, case=case, note=data["note"]
    ),
    context=lambda request, case, loaded: {
        **loaded,
        "remedy_pending": case.state in (S.OBJECTION, S.APPEAL, S.COURT),
        "current": _current(request, case),
        "remedy": selectors.remedies_for_case(request.user, case).first(),
    },
    success=gettext_noop("Kasus ditutup."),
)


# The case's personnel-data block (status, dates, reasons); the task force confirms a
# requested block here after BKN verification.
CASE_BLOCK_PAGE = CasePage(
    recorded=Recorded.DATA_BLOCK,
    template="sanctions/case_block.html",
    open_now=lambda case, loaded: case.state == S.PPK_NO_FOLLOW_UP,
    form=lambda case, loaded: (BlockConfirmForm, {}),
    submit=lambda request, case, data, loaded: services.data_block_confirm(
        actor=request.user, case=case, note=data["note"], bkn_verified=data["bkn_verified"]
    ),
    context=lambda request, case, loaded: {
        "blocks": list(selectors.data_blocks_for_case(request.user, case)),
    },
    success=gettext_noop("Blokir data kepegawaian dikonfirmasi."),
)

CASE_PAGES = {
    page.recorded: page
    for page in (
        DECISION_PAGE,
        REMEDY_PAGE,
        REMEDY_DECIDE_PAGE,
        COURT_PAGE,
        CLOSE_PAGE,
        CASE_BLOCK_PAGE,
    )
}

decision = _page_view(DECISION_PAGE)
remedy = _page_view(REMEDY_PAGE)
remedy_decide = _page_view(REMEDY_DECIDE_PAGE)
court = _page_view(COURT_PAGE)
close = _page_view(CLOSE_PAGE)
case_block = _page_view(CASE_BLOCK_PAGE)


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
