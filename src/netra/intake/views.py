"""Public pages: the report form (/lapor/), the receipt, and the status page (/lapor/status/).

No cookie is set before the reporter acts (ADR 0009): the form and the status lookup are
CSRF-exempt and render no CSRF token; the reporter's session starts only after they proved
their key, and the pages shown from then on carry CSRF tokens as usual.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from netra.intake import evidence, guidance, ratelimits, selectors, services
from netra.intake.errors import ReportRefused
from netra.intake.evidence import EvidenceRejected, max_file_bytes, max_files
from netra.intake.forms import (
    MODE_HELP,
    EvidenceAddForm,
    ReplyForm,
    ReportForm,
    StatusLookupForm,
    new_idempotency_key,
    valid_form_key,
)
from netra.intake.status_help import status_help
from netra.language import is_english
from netra.web.origin import cross_site_post
from netra.web.responses import apply_refusal, no_store

SESSION_KEY = "intake_report"
# The idempotency key of the form this browser last sent: Back or reload shows its receipt.
RECEIPT_KEY = "intake_receipt"


def _idle_seconds() -> int:
    return int(settings.INTAKE_REPORTER_IDLE_SECONDS)


def _language() -> str:
    """The report's language (stored with it): the page's."""
    return "en" if is_english() else "id"


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.INTAKE_MAX_REQUEST_BYTES


def _error_page(request, status: int, message: str):
    response = render(request, "intake/error.html", {"message": message}, status=status)
    return no_store(response)


def _window_rules() -> list[dict]:
    rules = []
    for kind, label in (("regional", _("Pilkada")), ("general", _("Pemilu"))):
        days, unit = guidance.window_rule(kind, timezone.localdate())
        unit_label = _("hari kalender") if unit == "calendar" else _("hari kerja")
        rules.append({"label": label, "days": days, "unit": unit_label})
    return rules


def _form_page(request, form, status=200, held=()):
    context = {
        "form": form,
        "held": list(held),
        "mode_help": [(str(mode.value), text) for mode, text in MODE_HELP.items()],
        "window_rules": _window_rules(),
        "formal": list(guidance.FORMAL.values()),
        "material": list(guidance.MATERIAL.values()),
        "max_files": max_files(),
        "max_mb": max_file_bytes() // (1024 * 1024),
    }
    return no_store(render(request, "intake/report_form.html", context, status=status))


def _receipt_page(request, report, access_key, status=200):
    window = report.guidance.get("window", {})
    context = {
        "report": report,
        "access_key": access_key,
        "guidance": guidance.labels(
            report.guidance.get("formal_missing", []) + report.guidance.get("material_missing", [])
        ),
        "late": window.get("late"),
        "window_days": window.get("days"),
        "window_unit": _("hari kalender") if window.get("unit") == "calendar" else _("hari kerja"),
        "correction_days": guidance.correction_days(timezone.localdate()),
    }
    return no_store(render(request, "intake/receipt.html", context, status=status))


def _session_receipt(request, form_key: str | None = None):
    """(report, access key) of the form this browser sent last, if any (and if `form_key` is
    given, only for that form)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    sent = request.session.get(RECEIPT_KEY)
    if not sent or (form_key is not None and sent != form_key):
        return None
    return selectors.receipt_for_form(sent)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_form(request):
    if request.method == "GET":
        if "baru" in request.GET:  # "another report": forget the last receipt
            request.session.pop(RECEIPT_KEY, None)
        else:
            # Back after sending: the receipt of what was sent, not an empty form to send twice.
            receipt = _session_receipt(request)
            if receipt is not None:
                return _receipt_page(request, *receipt)
        return _form_page(request, ReportForm(initial={"idempotency_key": new_idempotency_key()}))
    if _too_large(request):
        return _error_page(
            request,
            413,
            _("Kiriman terlalu besar. Kurangi ukuran atau jumlah berkas bukti, lalu coba lagi."),
        )
    if cross_site_post(request):
        return _error_page(request, 403, _("Formulir harus dikirim dari halaman Netra sendiri."))
    form_key = valid_form_key(request.POST.get("idempotency_key"))
    receipt = _session_receipt(request, form_key) if form_key else None
    if receipt is not None:
        return _receipt_page(request, *receipt)  # the same form sent again (reload, Back)
    uploads = request.FILES.getlist("evidence")
    rerender = "refresh_region" in request.POST or "evidence_remove" in request.POST
    wait = ratelimits.submit_pause(request) if (uploads or not rerender) else 0
    if wait:
        response = _error_page(
            request, 429, _("Terlalu banyak laporan dari jaringan Anda. Coba lagi nanti.")
        )
        response["Retry-After"] = str(wait)
        return response
    # Files are held under the form's key before anything is checked, so that a mistake in
    # another field does not drop them (evidence.hold).
    evidence_error = None
    held = []
    if form_key:
        try:
            held = evidence.hold(form_key, uploads)
        except EvidenceRejected as exc:
            evidence_error = exc.messages[0]
            held = evidence.held(form_key)
        removed = request.POST.get("evidence_remove")
        if removed:
            evidence.release(form_key, removed)
            held = evidence.held(form_key)
    if rerender:
        # Without JavaScript, choosing a province re-renders the form with its regencies.
        form = ReportForm(initial=request.POST.dict())
        if evidence_error:
            form = ReportForm(data=request.POST)
            form.is_valid()
            form.errors.clear()
            form.add_error("evidence", evidence_error)
        return _form_page(request, form, held=held, status=400 if evidence_error else 200)
    form = ReportForm(data=request.POST, files=request.FILES)
    valid = form.is_valid()
    if evidence_error:
        form.add_error("evidence", evidence_error)
    if not valid or evidence_error:
        return _form_page(request, form, status=400, held=held)
    idempotency_key = form_key or new_idempotency_key()
    try:
        report, key = services.report_submit(
            data=form.service_data(language=_language()),
            files=[] if form_key else form.cleaned_data["evidence"],
            held=held,
            idempotency_key=idempotency_key,
        )
    except EvidenceRejected as exc:
        form.add_error("evidence", exc.messages[0])
        return _form_page(request, form, status=400, held=evidence.held(form_key))
    except services.IdempotencyConflict:
        return _error_page(
            request,
            409,
            _("Formulir ini sudah pernah dikirim dengan isi berbeda. Muat ulang halaman lapor."),
        )
    except ReportRefused as exc:
        status = apply_refusal(form, exc)
        return _form_page(request, form, status=status, held=evidence.held(form_key))
    if form_key:
        evidence.hold_close(form_key)
    # The reporter has acted: their browser keeps which form it sent (not the key itself; the
    # sealed idempotency row holds that) so Back shows this receipt, for a short idle time.
    request.session[RECEIPT_KEY] = idempotency_key
    request.session.set_expiry(_idle_seconds())
    return _receipt_page(request, report, key, status=201)


def _status_page(request, report, *, reply_form=None, evidence_form=None, status=200):
    correction = selectors.open_correction_request(report)
    context = {
        "report": report,
        "help": status_help(report.public_status, correction=correction),
        "timeline": selectors.report_timeline(report),
        "messages_list": selectors.report_messages(report),
        "correction": correction,
        "reply_form": reply_form or ReplyForm(),
        "evidence_form": evidence_form or EvidenceAddForm(),
        "evidence_list": list(report.evidence.all()),
        "links": list(report.links.all()),
        "max_files": max_files(),
        "idle_minutes": max(1, _idle_seconds() // 60),
    }
    return no_store(render(request, "intake/status.html", context, status=status))


def _session_report(request):
    # Without a session cookie there is nothing to look up (and nothing gets created).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return None
    # Each visit restarts the idle clock; an idle session has expired in the store already.
    request.session.set_expiry(_idle_seconds())
    return selectors.report_by_public_id(public_id)


def _lookup_page(request, form, status=200, wait=0):
    context = {"form": form, "paused": bool(wait), "pause_minutes": ratelimits.minutes(wait)}
    response = no_store(render(request, "intake/status_lookup.html", context, status=status))
    if wait:
        response["Retry-After"] = str(wait)
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    if request.method == "GET":
        report = _session_report(request)
        if report is not None:
            return _status_page(request, report)
        return _lookup_page(request, StatusLookupForm())
    if cross_site_post(request):
        return _error_page(request, 403, _("Formulir harus dikirim dari halaman Netra sendiri."))
    wait = ratelimits.access_pause(request)
    if wait:
        return _lookup_page(request, StatusLookupForm(), status=429, wait=wait)
    form = StatusLookupForm(data=request.POST)
    report = None
    if form.is_valid():
        report = services.report_access(
            form.cleaned_data["tracking_number"], form.cleaned_data["access_key"]
        )
        if report is None:
            form.add_error(None, _("Nomor laporan atau kunci rahasia salah."))
    if report is None:
        ratelimits.access_failed(request, (form.cleaned_data or {}).get("tracking_number", ""))
        return _lookup_page(request, form, status=400)
    # The reporter has acted: start a fresh session (new key) holding only the report's id.
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(report.public_id)
    request.session.set_expiry(_idle_seconds())
    return _status_page(request, report)


def _require_session_report(request):
    report = _session_report(request)
    if report is None:
        return None, _error_page(
            request, 403, _("Sesi Anda sudah berakhir. Masukkan lagi nomor laporan dan kunci.")
        )
    return report, None


def _back_to_status(request):
    """A GET on a POST-only address (e.g. the language switch after a refused reply) goes
    back to the status page instead of answering 405."""
    return HttpResponseRedirect(reverse("intake:status"))


@require_http_methods(["GET", "POST"])
def status_reply(request):
    if request.method == "GET":
        return _back_to_status(request)
    report, error = _require_session_report(request)
    if error:
        return error
    form = ReplyForm(data=request.POST)
    if not form.is_valid():
        return _status_page(request, report, reply_form=form, status=400)
    try:
        services.report_message_from_reporter(report=report, body=form.cleaned_data["body"])
    except ValidationError as exc:
        form.add_error("body", exc.messages[0])
        return _status_page(request, report, reply_form=form, status=400)
    return HttpResponseRedirect(reverse("intake:status"))


@require_http_methods(["GET", "POST"])
def status_evidence(request):
    if request.method == "GET":
        return _back_to_status(request)
    report, error = _require_session_report(request)
    if error:
        return error
    if _too_large(request):
        return _error_page(request, 413, _("Kiriman terlalu besar. Kurangi ukuran berkas."))
    form = EvidenceAddForm(data=request.POST, files=request.FILES)
    form.is_valid()
    files = form.cleaned_data.get("evidence") or []
    try:
        services.report_evidence_add(report=report, files=files)
    except (EvidenceRejected, ValidationError) as exc:
        form.add_error("evidence", exc.messages[0])
        return _status_page(request, report, evidence_form=form, status=400)
    return HttpResponseRedirect(reverse("intake:status"))


@never_cache
@require_http_methods(["GET"])
def status_evidence_view(request, evidence_id):
    """The display copy (metadata removed) of one of the session's report's photos."""
    report, error = _require_session_report(request)
    if error:
        return error
    row = selectors.report_evidence_get(report, evidence_id)
    if row is None or not row.display_sha256:
        return _error_page(request, 404, _("Berkas bukti tidak ditemukan."))
    try:
        handle = services.evidence_open(actor=None, evidence_row=row, display=True)
    except evidence.EvidenceIntegrityError:
        return _error_page(request, 404, _("Berkas bukti tidak dapat ditampilkan."))
    response = FileResponse(handle, content_type=row.display_content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@require_http_methods(["GET", "POST"])
def status_leave(request):
    if request.method == "GET":
        return _back_to_status(request)
    request.session.flush()
    return HttpResponseRedirect(reverse("intake:status"))
