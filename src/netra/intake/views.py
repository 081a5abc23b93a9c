"""Public pages: the report form (/lapor/), the receipt, and the status page (/lapor/status/).

No cookie is set before the reporter acts (ADR 0009): the form and the status lookup are
CSRF-exempt and render no CSRF token; the reporter's session starts only after they proved
their key, and the pages shown from then on carry CSRF tokens as usual.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from netra.intake import guidance, ratelimits, selectors, services
from netra.intake.errors import ReportRefused
from netra.intake.evidence import EvidenceRejected, max_file_bytes, max_files
from netra.intake.forms import (
    EvidenceAddForm,
    ReplyForm,
    ReportForm,
    StatusLookupForm,
    new_idempotency_key,
)
from netra.language import is_english
from netra.web.responses import apply_refusal, no_store

SESSION_KEY = "intake_report"
REPORTER_SESSION_SECONDS = 30 * 60


def _language() -> str:
    """The report's language (stored with it): the page's."""
    return "en" if is_english() else "id"


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.INTAKE_MAX_REQUEST_BYTES


def _cross_site(request) -> bool:
    """A CSRF-exempt form still refuses a POST that a browser says came from another site."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    return origin.rstrip("/") != f"{request.scheme}://{request.get_host()}"


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


def _form_page(request, form, status=200):
    context = {
        "form": form,
        "window_rules": _window_rules(),
        "formal": list(guidance.FORMAL.values()),
        "material": list(guidance.MATERIAL.values()),
        "max_files": max_files(),
        "max_mb": max_file_bytes() // (1024 * 1024),
    }
    return no_store(render(request, "intake/report_form.html", context, status=status))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_form(request):
    if request.method == "GET":
        return _form_page(request, ReportForm(initial={"idempotency_key": new_idempotency_key()}))
    if _too_large(request):
        return _error_page(
            request,
            413,
            _("Kiriman terlalu besar. Kurangi ukuran atau jumlah berkas bukti, lalu coba lagi."),
        )
    if _cross_site(request):
        return _error_page(request, 403, _("Formulir harus dikirim dari halaman Netra sendiri."))
    if "refresh_region" in request.POST:
        # Without JavaScript, choosing a province re-renders the form with its regencies.
        initial = request.POST.dict()
        return _form_page(request, ReportForm(initial=initial))
    if ratelimits.submit_blocked(request):
        return _error_page(
            request, 429, _("Terlalu banyak laporan dari jaringan Anda. Coba lagi nanti.")
        )
    form = ReportForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    if not form.cleaned_data["idempotency_key"]:
        form.cleaned_data["idempotency_key"] = new_idempotency_key()
    try:
        report, key = services.report_submit(
            data=form.service_data(language=_language()),
            files=form.cleaned_data["evidence"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except EvidenceRejected as exc:
        form.add_error("evidence", exc.messages[0])
        return _form_page(request, form, status=400)
    except services.IdempotencyConflict:
        return _error_page(
            request,
            409,
            _("Formulir ini sudah pernah dikirim dengan isi berbeda. Muat ulang halaman lapor."),
        )
    except ReportRefused as exc:
        return _form_page(request, form, status=apply_refusal(form, exc))
    window = report.guidance.get("window", {})
    context = {
        "report": report,
        "access_key": key,
        "guidance": guidance.labels(
            report.guidance.get("formal_missing", []) + report.guidance.get("material_missing", [])
        ),
        "late": window.get("late"),
        "window_days": window.get("days"),
        "window_unit": _("hari kalender") if window.get("unit") == "calendar" else _("hari kerja"),
        "correction_days": guidance.correction_days(timezone.localdate()),
    }
    return no_store(render(request, "intake/receipt.html", context, status=201))


def _status_page(request, report, *, reply_form=None, evidence_form=None, status=200):
    context = {
        "report": report,
        "timeline": selectors.report_timeline(report),
        "messages_list": selectors.report_messages(report),
        "correction": selectors.open_correction_request(report),
        "reply_form": reply_form or ReplyForm(),
        "evidence_form": evidence_form or EvidenceAddForm(),
        "evidence_list": list(report.evidence.all()),
        "max_files": max_files(),
    }
    return no_store(render(request, "intake/status.html", context, status=status))


def _session_report(request):
    # Without a session cookie there is nothing to look up (and nothing gets created).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    public_id = request.session.get(SESSION_KEY)
    return selectors.report_by_public_id(public_id) if public_id else None


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    if request.method == "GET":
        report = _session_report(request)
        if report is not None:
            return _status_page(request, report)
        return no_store(render(request, "intake/status_lookup.html", {"form": StatusLookupForm()}))
    if _cross_site(request):
        return _error_page(request, 403, _("Formulir harus dikirim dari halaman Netra sendiri."))
    if ratelimits.access_blocked(request):
        return _error_page(
            request,
            429,
            _("Terlalu banyak percobaan yang salah. Tunggu sekitar satu jam, lalu coba lagi."),
        )
    form = StatusLookupForm(data=request.POST)
    report = None
    if form.is_valid():
        report = services.report_access(
            form.cleaned_data["tracking_number"], form.cleaned_data["access_key"]
        )
        if report is None:
            form.add_error(None, _("Nomor laporan atau kunci rahasia salah."))
    if report is None:
        ratelimits.access_failed(request)
        response = render(request, "intake/status_lookup.html", {"form": form}, status=400)
        return no_store(response)
    # The reporter has acted: start a fresh session (new key) holding only the report's id.
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(report.public_id)
    request.session.set_expiry(REPORTER_SESSION_SECONDS)
    return _status_page(request, report)


def _require_session_report(request):
    report = _session_report(request)
    if report is None:
        return None, _error_page(
            request, 403, _("Sesi Anda sudah berakhir. Masukkan lagi nomor laporan dan kunci.")
        )
    return report, None


@require_POST
def status_reply(request):
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


@require_POST
def status_evidence(request):
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


@require_POST
def status_leave(request):
    request.session.flush()
    return HttpResponseRedirect(reverse("intake:status"))
