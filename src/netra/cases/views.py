"""The back-office case pages: queue, case list, overdue deadlines, the case page with its
actions, identity, duplicates and study. Thin: every read through `selectors` (out of scope is a
404), every write through a service; a refused move re-renders the page with the workflow's
message and a 4xx status, nothing changed."""

import contextlib
import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netra.accounts.choices import Role
from netra.accounts.scopes import user_scope
from netra.cases import deadlines, forms, letters, selectors, services, workflow
from netra.cases.choices import CaseState, Compliance, OfficialOutcome, Remedy, RemedyOutcome
from netra.cases.models import Case
from netra.documents.selectors import documents_for_subject
from netra.elections.selectors import election_list
from netra.intake import evidence as intake_evidence
from netra.intake import selectors as intake_selectors
from netra.intake import services as intake_services
from netra.intake.guidance import labels as guidance_labels
from netra.registry.identifiers import clean_digits
from netra.registry.selectors import person_get_for, person_list_for, person_search
from netra.rules.choices import Category, PhaseHint, SanctionLevel
from netra.rules.selectors import act_list, recommending_authority_on, sanction_list
from netra.web.responses import no_store
from netra.web.templatetags.netra_format import format_date
from netra.workdays.selectors import override_rules

S = CaseState
PAGE_SIZE = 50
RESOLVERS = frozenset({workflow.BAWASLU, workflow.TASK_FORCE})

# Guards a move's own input satisfies (a case-page form, or the sanctions page of a recorded
# move); the others read the case's data (identity, classification, deadlines...), so a move
# whose data guard fails is listed as not yet possible, without a form or link.
FORM_GUARDS = frozenset(
    {
        "formal_requirements_missing",
        "formal_requirements_complete",
        "reason_given",
        "study_has_findings",
        "sanctions_stated",
        "stop_outcome_given",
    }
)
RECORDED_GUARDS = frozenset(
    {
        "decision_recorded",
        "bkn_verification_done",
        "decision_within_remedy_window",
        "remedy_window_closed",
        "remedy_outcome_given",
        "court_case_filed",
        "court_ruling_recorded",
    }
)
# The sanctions page of each recorded move (workflow.RECORDED_MOVES); each takes case_id.
SANCTIONS_PAGES = {
    workflow.RecordedMove.DECISION: "sanctions:decision",
    workflow.RecordedMove.REMEDY: "sanctions:remedy",
    workflow.RecordedMove.REMEDY_DECISION: "sanctions:remedy-decide",
    workflow.RecordedMove.COURT: "sanctions:court",
    workflow.RecordedMove.CLOSE: "sanctions:close",
    workflow.RecordedMove.DATA_BLOCK: "sanctions:case-block",
}
ACTION_LABELS = {
    S.FORMAL_CHECK: gettext_lazy("Periksa syarat formal dan materiel"),
    S.NEEDS_CORRECTION: gettext_lazy("Minta perbaikan kepada pelapor"),
    S.REGISTERED: gettext_lazy("Registrasi laporan"),
    S.NOT_REGISTERED: gettext_lazy("Tidak diregistrasi"),
    S.TASK_FORCE_VERIFICATION: gettext_lazy("Kirim ke verifikasi Satgas Netralitas"),
    S.STUDY: gettext_lazy("Mulai kajian"),
    S.NOT_A_VIOLATION: gettext_lazy("Simpulkan kajian: bukan pelanggaran"),
    S.STOPPED: gettext_lazy("Hentikan penanganan"),
    S.RECOMMENDED: gettext_lazy("Simpulkan kajian: rekomendasikan sanksi"),
    S.RECOMMENDATION_TO_AUTHORITY: gettext_lazy("Kirim rekomendasi ke lembaga berwenang"),
    S.RECOMMENDATION_TO_PPK: gettext_lazy("Verifikasi dan teruskan ke PPK"),
    S.SANCTIONED: gettext_lazy("Catat keputusan PPK"),
    S.PPK_NO_FOLLOW_UP: gettext_lazy("Nyatakan PPK tidak menindaklanjuti"),
    S.DATA_BLOCKED: gettext_lazy("Blokir data kepegawaian"),
    S.UNBLOCKED: gettext_lazy("Buka blokir data kepegawaian"),
    S.OBJECTION: gettext_lazy("Catat keberatan"),
    S.APPEAL: gettext_lazy("Catat banding administratif"),
    S.OBJECTION_DECIDED: gettext_lazy("Catat putusan keberatan"),
    S.APPEAL_DECIDED: gettext_lazy("Catat putusan banding"),
    S.DEEMED_UNDECIDED: gettext_lazy("Nyatakan keberatan tidak diputus"),
    S.COURT: gettext_lazy("Catat gugatan ke PTUN"),
    S.CLOSED: gettext_lazy("Tutup kasus"),
}
# A label by (source, target) where the target's label does not say what the move records.
EDGE_LABELS = {
    (S.COURT, S.CLOSED): gettext_lazy("Catat putusan pengadilan"),
}
LETTERS = {
    "rekomendasi": (
        letters.recommendation_letter_issue,
        letters.RECOMMENDATION_LETTER_STATES,
        gettext_lazy("Terbitkan surat rekomendasi"),
    ),
    "ppk": (
        letters.ppk_notification_issue,
        letters.PPK_NOTIFICATION_STATES,
        gettext_lazy("Terbitkan pemberitahuan kepada PPK"),
    ),
}


def _case_or_404(request, case_id) -> Case:
    case = selectors.case_get_for(request.user, case_id)
    if case is None:
        raise Http404(_("Kasus tidak ditemukan."))
    return case


def _refusal_status(exc: services.CaseError) -> int:
    if isinstance(exc, services.CaseNotFound):
        return 404
    if exc.code == "role_not_allowed":
        return 403
    if exc.code in ("not_allowed", "unknown_state"):
        return 409
    return 400


def _countdown(due, unit, region_code, cache: dict | None = None):
    """The countdown to `due`; `cache` keeps each region's holiday overrides for a page."""
    if due is None:
        return None
    overrides = None
    if cache is not None:
        if region_code not in cache:
            cache[region_code] = override_rules(region_code)
        overrides = cache[region_code]
    return deadlines.countdown(
        due, unit=unit or "working", region_code=region_code, overrides=overrides
    )


# --- Queue, list, overdue ---------------------------------------------------------------------


def _filter_form(request) -> forms.QueueFilterForm:
    return forms.QueueFilterForm(request.GET or None, elections=election_list())


def _with_countdowns(cases) -> list:
    rows = list(cases)
    open_rows = selectors.case_open_deadlines(rows)
    cache: dict = {}
    for case in rows:
        dated = [d for d in open_rows.get(case.pk, []) if d.due_date]
        case.next_deadline = dated[0] if dated else None
        case.countdown = (
            _countdown(dated[0].due_date, dated[0].unit, case.region.code, cache) if dated else None
        )
    return rows


def queue_context(request) -> dict:
    """What the queue shows (also the landing page `/kerja/`)."""
    user = request.user
    form = _filter_form(request)
    values = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_queue_filtered(
        user,
        state=values.get("state") or "",
        overdue=bool(values.get("overdue")),
        election=values.get("election") or "",
        number=values.get("q") or "",
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    new_reports = selectors.reports_new_for(user)
    return {
        "filter_form": form,
        "page": page,
        "cases": _with_countdowns(page.object_list),
        "new_reports": list(new_reports[:PAGE_SIZE]),
        "may_start": workflow.BAWASLU in user_scope(user).roles,
        "new_count": new_reports.count(),
        "overdue_count": selectors.deadlines_late_for(user).count(),
    }


@login_required
@require_GET
def queue(request):
    return no_store(render(request, "cases/queue.html", queue_context(request)))


def _export_links(request) -> list[tuple[str, str]]:
    query = request.GET.urlencode()
    links = []
    for fmt in ("csv", "xlsx"):
        url = reverse("cases:export", kwargs={"fmt": fmt})
        links.append((fmt.upper(), f"{url}?{query}" if query else url))
    return links


@login_required
@require_GET
def case_list(request):
    from netra.cases.filters import CaseFilterSet, with_due_dates

    filterset = CaseFilterSet(request.GET or None, queryset=selectors.case_list_for(request.user))
    valid = not filterset.is_bound or filterset.is_valid()
    cases = with_due_dates(filterset.qs if valid else selectors.case_list_for(request.user).none())
    page = Paginator(cases.select_related("election"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filterset.form,
        "page": page,
        "cases": _with_countdowns(page.object_list),
        "export_links": _export_links(request),
        "query": _query_without_page(request),
    }
    status = 200 if valid or not request.GET else 400
    return no_store(render(request, "cases/list.html", context, status=status))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def export(request, fmt):
    from netra.cases.exports import EXPORT_FORMATS, case_export_response
    from netra.cases.filters import CaseFilterSet

    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Format tidak dikenal."))
    filterset = CaseFilterSet(request.GET or None, queryset=selectors.case_list_for(request.user))
    if request.GET and not filterset.is_valid():
        context = {
            "filter_form": filterset.form,
            "page": None,
            "cases": [],
            "export_links": _export_links(request),
            "query": "",
        }
        return no_store(render(request, "cases/list.html", context, status=400))
    filters = {k: v for k, v in request.GET.lists() if k != "page"}
    return case_export_response(request, filterset.qs, fmt, filters=filters)


@login_required
@require_GET
def overdue(request):
    rows = selectors.deadlines_late_for(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    cache: dict = {}
    for row in items:
        row.countdown = _countdown(row.due_date, row.unit, row.case.region.code, cache)
    context = {"page": page, "deadlines": items}
    return no_store(render(request, "cases/overdue.html", context))


@login_required
@require_POST
def start_check(request, report_id):
    """Open the case of a new report and move it to the formal check."""
    report = selectors.report_new_get_for(request.user, report_id)
    if report is None:
        raise Http404(_("Laporan tidak ditemukan."))
    try:
        case = services.case_start_check(actor=request.user, report=report)
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return no_store(render(request, "cases/queue.html", queue_context(request), status=status))
    messages.success(
        request, _("Kasus %(number)s dibuka; pemeriksaan syarat dimulai.") % {"number": case.number}
    )
    return redirect("cases:detail", case_id=case.public_id)


# --- The case page ----------------------------------------------------------------------------


def sanctions_page_url(case: Case, kind: str) -> str | None:
    """The sanctions page where a recorded move is made (None while that page is missing)."""
    name = SANCTIONS_PAGES.get(kind)
    if name is None:
        return None
    try:
        return reverse(name, kwargs={"case_id": case.public_id})
    except NoReverseMatch:
        return None


def _action_label(source: str, target: str) -> str:
    return EDGE_LABELS.get((source, target)) or ACTION_LABELS.get(target, CaseState(target).label)


def _recorded_kind(case: Case, target: str) -> str | None:
    return workflow.recorded_move(case.state, target)


def _actions(user, case: Case, bound: tuple | None = None) -> tuple[list, list]:
    """(possible, blocked): the moves the user's roles allow from the case's state, each with
    its form, or for a recorded move (workflow.RECORDED_MOVES) a link to its sanctions page;
    moves whose data guards fail are `blocked` with the workflow's message."""
    facts = services.case_facts(case)
    possible, blocked, seen = [], [], set()
    roles = selectors.case_roles_for(user, case)
    for role in sorted(roles):
        for transition in workflow.allowed_transitions(case.state, role):
            target = transition.target
            if target in seen or set(transition.guards) & forms.MERGE_ONLY:
                continue
            seen.add(target)
            label = _action_label(case.state, target)
            kind = _recorded_kind(case, target)
            satisfied = RECORDED_GUARDS if kind else FORM_GUARDS
            failing = [
                workflow.GUARDS[g].message
                for g in transition.guards
                if g not in satisfied and not workflow.GUARDS[g].holds(facts)
            ]
            if failing:
                blocked.append({"target": target, "label": label, "reasons": failing})
                continue
            action = {
                "target": target,
                "label": label,
                "terminal": target in workflow.TERMINAL_STATES,
            }
            if kind:
                link = sanctions_page_url(case, kind)
                if link is None:
                    continue  # its sanctions page is not available yet
                action.update(kind=kind, link=link)
            else:
                if bound and bound[0] == target:
                    form = bound[1]
                else:
                    form_class = forms.transition_form_class(case.state, target)
                    form = form_class(case=case, prefix=target)
                action.update(
                    form=form,
                    url=reverse(
                        "cases:transition", kwargs={"case_id": case.public_id, "target": target}
                    ),
                )
            possible.append(action)
    possible.extend(_decision_after_block(case, roles, seen))
    return possible, blocked


def _decision_after_block(case: Case, roles: set, seen: set) -> list[dict]:
    """From `data_blocked` the PPK's decree lifts the block and sanctions the case in one step
    on the decision page (data_blocked -> unblocked -> sanctioned)."""
    if case.state != S.DATA_BLOCKED or S.SANCTIONED in seen:
        return []
    lift = workflow.transition_get(case.state, S.UNBLOCKED)
    decide = workflow.transition_get(S.UNBLOCKED, S.SANCTIONED)
    if not (lift and decide and roles & lift.roles & decide.roles):
        return []
    link = sanctions_page_url(case, workflow.RecordedMove.DECISION)
    if link is None:
        return []
    return [
        {
            "target": S.SANCTIONED,
            "label": ACTION_LABELS[S.SANCTIONED],
            "terminal": False,
            "kind": workflow.RecordedMove.DECISION,
            "link": link,
        }
    ]


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
                "identity": (revealed or {}).get(report.pk),
            }
        )
    return blocks


def _date_or_none(value):
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _letters_block(user, case: Case) -> tuple[list, list]:
    issued = list(documents_for_subject(letters.subject_ref_for(case)))
    roles = selectors.case_roles_for(user, case)
    available = []
    if roles & letters.LETTER_ROLES:
        for kind, (_issue, states, label) in LETTERS.items():
            if case.state in states:
                available.append(
                    {
                        "label": label,
                        "url": reverse(
                            "cases:letter", kwargs={"case_id": case.public_id, "kind": kind}
                        ),
                    }
                )
    return issued, available


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


def _facts_rows(case: Case) -> list[tuple[str, str]]:
    """The facts recorded with the moves, in words: labels for codes (requirements, sanctions,
    outcomes), dates the Indonesian way; facts with no value are left out."""
    sanction_names = {s.code: s.label for s in sanction_list()}
    rows = []
    for key, value in sorted((case.facts or {}).items()):
        if value in (None, "", []):
            continue
        rows.append((FACT_LABELS.get(key, key), _fact_text(key, value, sanction_names)))
    return rows


_FACT_CHOICES = {
    "outcome": OfficialOutcome,
    "compliance": Compliance,
    "remedy": Remedy,
    "remedy_outcome": RemedyOutcome,
}


def _fact_text(key: str, value, sanction_names: dict[str, str]) -> str:
    requirements = dict(forms.REQUIREMENTS)
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if key in ("recommended_sanctions", "decision_sanction"):
        codes = value if isinstance(value, list) else [value]
        return "; ".join(str(sanction_names.get(code, code)) for code in codes)
    if isinstance(value, list):
        return ", ".join(str(requirements.get(v, v)) for v in value) or "—"
    choices = _FACT_CHOICES.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        with contextlib.suppress(ValueError):
            return format_date(dt.date.fromisoformat(value))
    return str(value)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


FACT_LABELS = {
    "requirements_met": gettext_lazy("Syarat yang terpenuhi"),
    "missing_requirements": gettext_lazy("Syarat yang belum lengkap"),
    "formal_complete": gettext_lazy("Syarat lengkap"),
    "reason": gettext_lazy("Alasan"),
    "study_findings": gettext_lazy("Temuan kajian"),
    "outcome": gettext_lazy("Hasil"),
    "recommended_sanctions": gettext_lazy("Sanksi yang direkomendasikan"),
    "decision_sanction": gettext_lazy("Sanksi yang dijatuhkan"),
    "decree_number": gettext_lazy("Nomor SK"),
    "decree_date": gettext_lazy("Tanggal SK"),
    "decision_received_on": gettext_lazy("Tanggal SK diterima terlapor"),
    "compliance": gettext_lazy("Kesesuaian dengan rekomendasi"),
    "remedy": gettext_lazy("Upaya administratif yang tersedia"),
    "remedy_decided_on": gettext_lazy("Tanggal keberatan/banding diputus"),
    "court_filed_on": gettext_lazy("Tanggal gugatan didaftarkan"),
    "court_ruled_on": gettext_lazy("Tanggal putusan pengadilan"),
    "bkn_verified": gettext_lazy("Verifikasi BKN"),
    "remedy_filed_on": gettext_lazy("Tanggal keberatan/banding diajukan"),
    "remedy_filed_in_time": gettext_lazy("Diajukan tepat waktu"),
    "remedy_outcome": gettext_lazy("Hasil keberatan/banding"),
    "remedy_window_over": gettext_lazy("Masa keberatan/banding berakhir"),
    "court_case_number": gettext_lazy("Nomor perkara PTUN"),
    "court_ruling": gettext_lazy("Putusan pengadilan"),
}


def _events(case: Case) -> list:
    events = list(selectors.case_events(case))
    for event in events:
        event.to_label = (
            CaseState(event.to_state).label if event.to_state in CaseState.values else ""
        )
        event.role_label = Role(event.role).label if event.role in Role.values else event.role
    return events


def _detail_context(
    request, case: Case, *, bound=None, revealed=None, error="", error_link=None
) -> dict:
    user = request.user
    possible, blocked = _actions(user, case, bound)
    issued, letter_actions = _letters_block(user, case)
    roles = selectors.case_roles_for(user, case)
    return {
        "case": case,
        "state_label": CaseState(case.state).label,
        "outcome_label": _outcome_label(case),
        "deadline_rows": _deadline_rows(case),
        "events": _events(case),
        "reports": _reports_block(user, case, revealed),
        "classification": _classification_display(case),
        "facts_rows": _facts_rows(case),
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
        "may_resolve": bool(roles & RESOLVERS) and case.state not in workflow.TERMINAL_STATES,
        "may_merge": workflow.BAWASLU in roles and case.state not in workflow.TERMINAL_STATES,
        "is_terminal": case.state in workflow.TERMINAL_STATES,
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
        reason = "unknown_state" if target not in S.values else "not_allowed"
        message = workflow.Decision(False, reason).message
        return _render_detail(request, case, status=409, error=message)
    kind = _recorded_kind(case, target)
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
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
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
    label = _action_label(case.state, target)
    link = sanctions_page_url(case, kind)
    message = _(
        "Tindakan “%(action)s” dilakukan di halaman sanksi kasus ini (yang menyimpan "
        "catatannya), tidak di sini. Tidak ada yang diubah."
    ) % {"action": label}
    error_link = (_("Buka halaman sanksi: %(action)s") % {"action": label}, link) if link else None
    return _render_detail(request, case, status=409, error=message, error_link=error_link)


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
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=row.original_name,
        content_type=row.display_content_type if display else row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_POST
def letter(request, case_id, kind):
    case = _case_or_404(request, case_id)
    if kind not in LETTERS:
        raise Http404(_("Jenis surat tidak dikenal."))
    issue = LETTERS[kind][0]
    try:
        document = issue(actor=request.user, case=case)
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_detail(request, case, status=status, error=exc.message)
    messages.success(
        request, _("Surat diterbitkan dengan kode verifikasi %(code)s.") % {"code": document.code}
    )
    return redirect("cases:detail", case_id=case.public_id)


# --- Identity ---------------------------------------------------------------------------------


def _identity_context(request, case: Case, *, form=None, error="") -> dict:
    user = request.user
    roles = selectors.case_roles_for(user, case)
    may_resolve = bool(roles & RESOLVERS) and case.state not in workflow.TERMINAL_STATES
    candidates = selectors.case_identity_candidates(user, case) if may_resolve else []
    search_form = forms.RegistrySearchForm(request.GET or None)
    results = None
    if may_resolve and search_form.is_valid():
        query = search_form.cleaned_data["q"]
        digits = clean_digits(query)
        if len(digits) in (16, 18):
            results = list(person_list_for(user).filter(nip=digits)[:20]) + list(
                person_list_for(user).filter(nik=digits)[:20]
            )
        else:
            results = person_search(query, user=user, limit=20)
    return {
        "case": case,
        "report": case.report,
        "may_resolve": may_resolve,
        "candidates": candidates,
        "search_form": search_form,
        "results": results,
        "form": form,
        "error": error,
    }


def _render_identity(request, case, *, status=200, **extra):
    context = _identity_context(request, case, **extra)
    return no_store(render(request, "cases/identity.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def identity(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_identity(request, case)
    form = forms.IdentityConfirmForm(request.POST)
    if not form.is_valid():
        return _render_identity(
            request, case, status=400, form=form, error=form.non_field_errors()[0]
        )
    person = None
    wanted = form.cleaned_data.get("person")
    if wanted:
        try:
            candidates = selectors.case_identity_candidates(request.user, case)
        except PermissionDenied:
            candidates = []
        person = next((c.person for c in candidates if c.person.public_id == wanted), None)
        person = person or person_get_for(request.user, wanted)
        if person is None:
            return _render_identity(
                request, case, status=400, error=_("Orang tersebut tidak ditemukan di registri.")
            )
    try:
        services.case_resolve_identity(
            actor=request.user,
            case=case,
            person=person,
            not_in_registry=bool(form.cleaned_data.get("not_in_registry")),
        )
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_identity(request, case, status=status, error=exc.message)
    messages.success(request, _("Identitas terlapor dicatat."))
    return redirect("cases:detail", case_id=case.public_id)


# --- Duplicates -------------------------------------------------------------------------------


def _render_duplicates(request, case, *, status=200, error=""):
    roles = selectors.case_roles_for(request.user, case)
    context = {
        "case": case,
        "suggestions": selectors.case_duplicate_suggestions(request.user, case),
        "may_merge": workflow.BAWASLU in roles and case.state not in workflow.TERMINAL_STATES,
        "merged_cases": list(case.merged_cases.all()),
        "error": error,
    }
    return no_store(render(request, "cases/duplicates.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_duplicates(request, case)
    form = forms.MergeForm(request.POST)
    other = None
    if form.is_valid():
        other = selectors.case_get_for(request.user, form.cleaned_data["duplicate"])
    if other is None:
        return _render_duplicates(
            request, case, status=400, error=_("Pilih kasus duplikat yang akan digabungkan.")
        )
    try:
        services.case_merge(actor=request.user, target=case, duplicate=other)
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_duplicates(request, case, status=status, error=exc.message)
    messages.success(
        request,
        _("Kasus %(other)s digabung ke kasus ini; laporannya kini ditangani di sini.")
        % {"other": other.number},
    )
    return redirect("cases:detail", case_id=case.public_id)


# --- Study (kajian) ---------------------------------------------------------------------------


def _render_study(request, case, *, status=200, form=None, error=""):
    roles = selectors.case_roles_for(request.user, case)
    may_classify = bool(roles & RESOLVERS) and case.state not in workflow.TERMINAL_STATES
    acts = list(act_list())
    if form is None and may_classify:
        initial = {}
        snapshot = case.classification or {}
        if snapshot:
            initial = {"act": snapshot.get("act"), "act_date": snapshot.get("act_date")}
        elif case.report.act_id:
            initial = {"act": case.report.act.slug, "act_date": case.report.event_date}
        form = forms.ClassifyForm(initial=initial, acts=acts)
    possible, blocked = _actions(request.user, case)
    study_targets = {S.NOT_A_VIOLATION, S.STOPPED, S.RECOMMENDED}
    context = {
        "case": case,
        "form": form if may_classify else None,
        "classification": _classification_display(case),
        "person_type": case.person.get_employee_type_display() if case.person_id else "",
        "actions": [a for a in possible if a["target"] in study_targets],
        "blocked_actions": [a for a in blocked if a["target"] in study_targets],
        "error": error,
        "today": timezone.localdate(),
    }
    return no_store(render(request, "cases/study.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def study(request, case_id):
    case = _case_or_404(request, case_id)
    if request.method == "GET":
        return _render_study(request, case)
    form = forms.ClassifyForm(request.POST, acts=list(act_list()))
    if not form.is_valid():
        return _render_study(request, case, status=400, form=form)
    data = form.cleaned_data
    try:
        services.case_classify(
            actor=request.user,
            case=case,
            act=data["act"],
            act_date=data["act_date"],
            phase=data.get("phase") or None,
            employee_type=data.get("employee_type") or None,
        )
    except services.CaseError as exc:
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        form.add_error(None, exc.message)
        return _render_study(request, case, status=status, form=form, error=exc.message)
    messages.success(request, _("Klasifikasi kajian dicatat."))
    return redirect("cases:study", case_id=case.public_id)
