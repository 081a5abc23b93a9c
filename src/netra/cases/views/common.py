"""What the case pages share: the move labels, the sanctions pages of recorded moves, the
scoped case lookup and the deadline countdown."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases import deadlines, selectors, services, workflow
from netra.cases.choices import CaseState
from netra.cases.models import Case
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
