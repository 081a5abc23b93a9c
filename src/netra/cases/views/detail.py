"""The case page: its moves, reports and evidence, deadlines, facts and timeline; making a move;
revealing a reporter's identity."""

import contextlib
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netra.accounts.choices import Role
from netra.cases import facts as case_facts
from netra.cases import forms, retention, selectors, services, workflow
from netra.cases.choices import CaseState, OfficialOutcome
from netra.cases.errors import CaseErrorCode
from netra.cases.exports import reported_person_visible
from netra.cases.models import Case
from netra.cases.moves import MoveKind
from netra.cases.timeline import event_line
from netra.cases.views.common import S, _case_or_404, _countdown
from netra.cases.views.letters import _letters_block
from netra.intake import evidence as intake_evidence
from netra.intake import selectors as intake_selectors
from netra.intake import services as intake_services
from netra.intake.forms import EvidenceReleaseForm
from netra.intake.guidance import labels as guidance_labels
from netra.language import is_english
from netra.rules.choices import Category, PhaseHint, SanctionLevel
from netra.rules.selectors import recommending_authority_on
from netra.web.responses import apply_refusal, no_store, refusal_status

# --- The case page ----------------------------------------------------------------------------


def sanctions_page_url(case: Case, kind: str) -> str:
    """The sanctions page where a recorded move of `kind` is made (workflow.RECORDED_PAGES)."""
    return reverse(workflow.recorded_page(kind), kwargs={"case_id": case.public_id})


def _actions(user, case: Case, bound: tuple | None = None) -> tuple[list, list, dict]:
    """(possible, blocked, other): the moves `selectors.case_moves_for` gives, as the page
    shows them. A workflow move whose data guards hold has its form (or, for a recorded move,
    a link to its sanctions page); one whose data guard fails is `blocked` with the reasons;
    `other` says which of identity, classification and merging the user may open."""
    possible, blocked, other = [], [], {}
    for move in selectors.case_moves_for(user, case):
        if move.kind in MoveKind.OTHER:
            other[move.kind] = move
            continue
        if not move.ready:
            blocked.append({"target": move.target, "label": move.label, "reasons": move.reasons})
            continue
        action = {"target": move.target, "label": move.label, "terminal": move.terminal}
        if move.kind == MoveKind.RECORDED:
            action.update(kind=move.recorded, link=sanctions_page_url(case, move.recorded))
        else:
            if bound and bound[0] == move.target:
                form = bound[1]
            else:
                form_class = forms.transition_form_class(case.state, move.target)
                form = form_class(case=case, prefix=move.target)
            action.update(
                form=form,
                url=reverse(
                    "cases:transition", kwargs={"case_id": case.public_id, "target": move.target}
                ),
            )
        possible.append(action)
    return possible, blocked, other


def _sanctions_reading(case: Case, actions: list[dict]) -> list[tuple[str, str]]:
    """Sanctions records anyone who sees the case may read: the PPK's decision once one is
    recorded, the data block while the case is in the blocking branch."""
    links = []
    offered = {a.get("link") for a in actions}
    facts = case.facts or {}
    if facts.get("decree_number"):
        url = sanctions_page_url(case, workflow.RecordedMove.DECISION)
        if url and url not in offered:
            links.append((_("Lihat keputusan PPK"), url))
    if case.state in (S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED, S.UNBLOCKED):
        url = sanctions_page_url(case, workflow.RecordedMove.DATA_BLOCK)
        if url and url not in offered:
            links.append((_("Lihat pemblokiran data kepegawaian"), url))
    return links


def _reports_block(user, case: Case, revealed: dict | None = None) -> list[dict]:
    blocks = []
    for report in selectors.case_reports(case):
        in_intake_scope = intake_selectors.report_get_for(user, report.public_id) is not None
        guidance = report.guidance or {}
        flagged = [*guidance.get("formal_missing", []), *guidance.get("material_missing", [])]
        window = guidance.get("window") or {}
        blocks.append(
            {
                "report": report,
                "guidance_missing": guidance_labels(flagged),
                "window_deadline": _date_or_none(window.get("deadline")),
                "window_late": bool(window.get("late")),
                "is_primary": report.pk == case.report_id,
                "evidence": list(report.evidence.all()) if in_intake_scope else None,
                "links": list(report.links.all()),
                "may_reveal": in_intake_scope and intake_services.may_reveal_identity(user, report),
                "may_release": in_intake_scope
                and intake_services.may_release_evidence(user, report),
                "identity": (revealed or {}).get(report.pk),
            }
        )
    return blocks


def _date_or_none(value):
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else (value or "")


def _classification_display(case: Case) -> dict:
    """The classification snapshot with labels for its codes and a real date."""
    snapshot = dict(case.classification or {})
    if not snapshot:
        return {}
    with contextlib.suppress(ValueError):
        snapshot["act_date"] = dt.date.fromisoformat(str(snapshot.get("act_date")))
    snapshot["category_label"] = _label(Category, snapshot.get("category"))
    snapshot["level_label"] = _label(SanctionLevel, snapshot.get("level"))
    snapshot["phase_label"] = _label(PhaseHint, snapshot.get("phase"))
    language = "en" if is_english() else "id"
    snapshot["warnings"] = [
        {**warning, "message": (warning.get("messages") or {}).get(language, warning["message"])}
        for warning in snapshot.get("warnings") or []
    ]
    return snapshot


def _outcome_label(case: Case) -> str:
    if case.outcome in OfficialOutcome.values:
        return OfficialOutcome(case.outcome).label
    return ""


def _deadline_rows(case: Case) -> list:
    rows = list(case.deadlines.select_related("rule").order_by("met_at", "due_date", "id"))
    for row in rows:
        row.countdown = (
            _countdown(row.due_date, row.unit, case.region.code) if row.met_at is None else None
        )
    return rows


def _facts_rows(user, case: Case) -> list[tuple[str, str]]:
    """The facts recorded with the moves, labelled and in words (cases/facts.py); the
    free texts only for roles that may see who is reported."""
    rows = case_facts.display_rows(case, personal=reported_person_visible(user, case))
    return [(row.label, row.value) for row in rows]


def _events(user, case: Case) -> list:
    events = list(selectors.case_events(case))
    personal = reported_person_visible(user, case)
    for event in events:
        event.line = event_line(event, personal=personal)
        event.to_label = (
            CaseState(event.to_state).label if event.to_state in CaseState.values else ""
        )
        event.role_label = Role(event.role).label if event.role in Role.values else event.role
    return events


def _detail_context(
    request, case: Case, *, bound=None, revealed=None, error="", error_link=None
) -> dict:
    user = request.user
    possible, blocked, other = _actions(user, case, bound)
    issued, letter_actions = _letters_block(user, case)
    return {
        "case": case,
        "state_label": CaseState(case.state).label,
        "outcome_label": _outcome_label(case),
        "deadline_rows": _deadline_rows(case),
        "events": _events(user, case),
        "reports": _reports_block(user, case, revealed),
        "classification": _classification_display(case),
        "facts_rows": _facts_rows(user, case),
        "actions": possible,
        "blocked_actions": blocked,
        "letters_issued": issued,
        "letter_actions": letter_actions,
        "sanctions_links": _sanctions_reading(case, possible),
        "authority_today": (
            recommending_authority_on(timezone.localdate())
            if case.state in (S.STUDY, S.RECOMMENDED)
            else None
        ),
        "may_resolve": MoveKind.RESOLVE_IDENTITY in other,
        "may_classify": MoveKind.CLASSIFY in other,
        "may_merge": MoveKind.MERGE in other,
        "is_terminal": case.state in workflow.TERMINAL_STATES,
        # Retention (ADR 0014): when a not-registered report's content will be purged.
        "purge_due": retention.purge_date(case),
        "error": error,
        "error_link": error_link,
    }


def _render_detail(request, case: Case, *, status=200, **extra):
    context = _detail_context(request, case, **extra)
    return no_store(render(request, "cases/detail.html", context, status=status))


@login_required
@require_GET
def detail(request, case_id):
    return _render_detail(request, _case_or_404(request, case_id))


@login_required
@require_POST
def transition(request, case_id, target):
    case = _case_or_404(request, case_id)
    if target not in S.values or workflow.transition_get(case.state, target) is None:
        # No such move from this state: the workflow's own refusal, before any form.
        reason = workflow.UNKNOWN_STATE if target not in S.values else workflow.NOT_ALLOWED
        refused = services.CaseTransitionError(workflow.Decision(False, reason))
        return _render_detail(request, case, status=refusal_status(refused), error=refused.message)
    kind = workflow.recorded_move(case.state, target)
    if kind:
        return _refuse_recorded_move(request, case, target, kind)
    form_class = forms.transition_form_class(case.state, target)
    form = form_class(request.POST, case=case, prefix=target)
    if not form.is_valid():
        return _render_detail(
            request,
            case,
            status=400,
            bound=(target, form),
            error=_("Periksa isian pada formulir tindakan."),
        )
    try:
        case = services.case_transition(
            actor=request.user,
            case=case,
            target=target,
            facts=form.facts(),
            note=form.note_text(),
        )
    except services.CaseError as exc:
        status = apply_refusal(form, exc)
        case.refresh_from_db()
        return _render_detail(request, case, status=status, bound=(target, form), error=exc.message)
    messages.success(
        request,
        _("Status kasus sekarang: %(state)s.") % {"state": CaseState(case.state).label},
    )
    return redirect("cases:detail", case_id=case.public_id)


def _refuse_recorded_move(request, case: Case, target: str, kind: str):
    """A move whose records the sanctions app keeps is made on its page only: 409, nothing
    changed, with a link to that page."""
    label = workflow.move_label(case.state, target)
    link = sanctions_page_url(case, kind)
    message = _(
        "Tindakan “%(action)s” dilakukan di halaman sanksi kasus ini (yang menyimpan "
        "catatannya), tidak di sini. Tidak ada yang diubah."
    ) % {"action": label}
    error_link = (_("Buka halaman sanksi: %(action)s") % {"action": label}, link)
    status = CaseErrorCode.RECORDED_MOVE.status
    return _render_detail(request, case, status=status, error=message, error_link=error_link)


@login_required
@require_POST
def reveal(request, case_id, report_id):
    """Show the reporter's identity once (audited by intake), for the roles allowed."""
    case = _case_or_404(request, case_id)
    report = selectors.case_report_get(case, report_id)
    if report is None or intake_selectors.report_get_for(request.user, report.public_id) is None:
        raise Http404(_("Laporan tidak ditemukan."))
    try:
        identity = intake_services.reporter_identity_reveal(actor=request.user, report=report)
    except PermissionDenied:
        return _render_detail(
            request,
            case,
            status=403,
            error=_("Anda tidak berwenang melihat identitas pelapor."),
        )
    return _render_detail(request, case, revealed={report.pk: identity})


@login_required
@require_GET
def evidence(request, case_id, evidence_id):
    """An evidence file of a report in the case, through intake's verified read."""
    case = _case_or_404(request, case_id)
    row = selectors.case_evidence_get(case, evidence_id)
    if row is None or (
        intake_selectors.evidence_get_for(request.user, row.report.public_id, row.public_id) is None
    ):
        raise Http404(_("Bukti tidak ditemukan."))
    copy = request.GET.get("copy", "original")
    if copy not in ("original", "display"):
        return _render_detail(
            request, case, status=400, error=_("Pilih salinan asli atau tampilan.")
        )
    display = copy == "display"
    if display and not row.display_sha256:
        raise Http404(_("Tidak ada salinan tampilan untuk berkas ini."))
    try:
        handle = intake_services.evidence_open(
            actor=request.user, evidence_row=row, display=display
        )
    except intake_evidence.EvidenceIntegrityError:
        return _render_detail(
            request,
            case,
            status=409,
            error=_(
                "Berkas bukti tidak cocok dengan sidik SHA-256 yang tercatat; berkas tidak "
                "ditampilkan. Laporkan kepada administrator."
            ),
        )
    except intake_evidence.EvidenceQuarantined:
        return _render_detail(
            request,
            case,
            status=409,
            error=_(
                "Berkas ini dikarantina: belum dapat diperiksa antivirus atau isinya tidak "
                "dapat diperiksa, jadi tidak diunduhkan. Minta administrator memeriksa dan "
                "melepaskannya."
            ),
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=intake_services.evidence_download_name(row, display=display),
        content_type=row.display_content_type if display else row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_POST
def evidence_release(request, case_id, evidence_id):
    """Release a quarantined evidence file after an officer checked it by other means (the
    roles intake's `may_release_evidence` allows; audited; the file's hash is checked again)."""
    case = _case_or_404(request, case_id)
    row = selectors.case_evidence_get(case, evidence_id)
    if row is None or (
        intake_selectors.evidence_get_for(request.user, row.report.public_id, row.public_id) is None
    ):
        raise Http404(_("Bukti tidak ditemukan."))
    forbidden = _("Anda tidak berwenang melepaskan bukti dari karantina.")
    if not intake_services.may_release_evidence(request.user, row.report):
        return _render_detail(request, case, status=403, error=forbidden)
    form = EvidenceReleaseForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _render_detail(request, case, status=400, error=first)
    try:
        intake_services.evidence_release(
            actor=request.user, evidence_row=row, reason=form.cleaned_data["reason"]
        )
    except PermissionDenied:
        return _render_detail(request, case, status=403, error=forbidden)
    except ValidationError as exc:
        status = 409 if "evidence" in exc.message_dict else 400
        return _render_detail(request, case, status=status, error=exc.messages[0])
    except intake_evidence.EvidenceIntegrityError:
        return _render_detail(
            request,
            case,
            status=409,
            error=_(
                "Berkas bukti tidak cocok dengan sidik SHA-256 yang tercatat, jadi tidak "
                "dilepaskan dari karantina. Laporkan kepada administrator."
            ),
        )
    messages.success(
        request,
        _("Berkas “%(name)s” dilepaskan dari karantina dan kini dapat diunduh.")
        % {"name": row.original_name},
    )
    url = reverse("cases:detail", kwargs={"case_id": case.public_id})
    return redirect(f"{url}#report-{row.report.public_id}")
