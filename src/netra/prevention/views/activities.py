"""Activity pages: the organiser's workspace under /pencegahan/kegiatan/ and the public QR
self check-in at /hadir/<token>/. Thin views over `services.activities` and `selectors`.

An activity outside the user's scope is a 404; a viewer in scope (Bawaslu, BKN, auditor) sees
the page without forms and gets 403 on POST. Self check-in failures count against per-IP and
per-activity limits (django-ratelimit counters, like intake/ratelimits.py): over a limit the
page answers 429 before any registry lookup.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netra.documents.pdf import qr_data_uri
from netra.prevention import selectors, storage
from netra.prevention.access import is_prevention_staff, may_manage
from netra.prevention.check_in_codes import check_in_window, code_for, seconds_to_next
from netra.prevention.choices import PartnerBody
from netra.prevention.errors import ActivityError, ActivityErrorCode, attendance_row_text
from netra.prevention.forms.activities import (
    ActivityFilterForm,
    ActivityForm,
    AttendanceImportForm,
    CheckInForm,
    MaterialForm,
)
from netra.prevention.ratelimits import identify_blocked, identify_failed
from netra.prevention.services import activities as services
from netra.registry.choices import EmployeeType
from netra.web.origin import cross_site_post
from netra.web.responses import apply_refusal, no_store, no_store_page, refusal_status

ATTENDANCE_SHOWN = 500


def _activity_or_404(request, activity_id):
    activity = selectors.activity_get_for(request.user, activity_id)
    if activity is None:
        raise Http404
    return activity


def _staff_only(request) -> None:
    if not is_prevention_staff(request.user):
        raise PermissionDenied


def check_in_url(activity, now=None) -> str:
    """The link in the organiser's QR now: it carries the current rotating code."""
    base = settings.NETRA_PUBLIC_BASE_URL.rstrip("/")
    path = reverse("prevention:check-in", args=[activity.check_in_token])
    return f"{base}{path}?kode={code_for(activity.check_in_token, now or timezone.now())}"


# --- list, create, edit ----------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request):
    _staff_only(request)
    form = ActivityFilterForm(request.GET or None)
    activities = selectors.activities_for(request.user)
    if form.is_valid():
        if form.cleaned_data["election"]:
            activities = activities.filter(election=form.cleaned_data["election"])
        if form.cleaned_data["kind"]:
            activities = activities.filter(kind=form.cleaned_data["kind"])
    context = {
        "form": form,
        "activities": activities[:200],
        "may_create": selectors.agencies_managed_by(request.user).exists(),
    }
    return no_store_page(request, "prevention/activities/list.html", context)


def _service_args(data) -> dict:
    return {
        "kind": data["kind"],
        "title": data["title"],
        "election": data["election"],
        "held_on": data["held_on"],
        "unit": data["unit"],
        "partners": data["partners"],
        "audience": data["audience"],
        "place": data["place"],
        "link": data["link"],
        "description": data["description"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    _staff_only(request)
    agencies = selectors.agencies_managed_by(request.user).order_by("name")
    if not agencies.exists():
        raise PermissionDenied
    form = ActivityForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                activity = services.activity_create(
                    actor=request.user,
                    agency=form.cleaned_data["agency"],
                    **_service_args(form.cleaned_data),
                )
            except ActivityError as exc:
                status = apply_refusal(form, exc)
            else:
                return redirect("prevention:activity-detail", activity_id=activity.public_id)
    return no_store_page(
        request, "prevention/activities/form.html", {"form": form, "activity": None}, status
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id):
    activity = _activity_or_404(request, activity_id)
    if not may_manage(request.user, activity.agency):
        raise PermissionDenied
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "election": activity.election_id,
        "held_on": activity.held_on,
        "unit": activity.unit_id,
        "partners": activity.partners,
        "audience": activity.audience,
        "place": activity.place,
        "link": activity.link,
        "description": activity.description,
    }
    form = ActivityForm(request.POST or None, initial=initial, agency=activity.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.activity_update(
                    actor=request.user, activity=activity, **_service_args(form.cleaned_data)
                )
            except ActivityError as exc:
                status = apply_refusal(form, exc)
            else:
                return redirect("prevention:activity-detail", activity_id=activity.public_id)
    return no_store_page(
        request, "prevention/activities/form.html", {"form": form, "activity": activity}, status
    )


# --- detail and its forms --------------------------------------------------------------------


def _detail(request, activity, *, import_form=None, material_form=None, status=200):
    manager = may_manage(request.user, activity.agency)
    attendances = activity.attendances.select_related("person", "person__unit").order_by(
        "person__name"
    )
    last_import = activity.imports.first()
    report = [
        {**entry, "text": attendance_row_text(entry)}
        for entry in (last_import.report if last_import else [])
    ]
    context = {
        "activity": activity,
        "manager": manager,
        "partner_labels": [
            PartnerBody(v).label for v in activity.partners if v in PartnerBody.values
        ],
        "audience_labels": [
            EmployeeType(v).label for v in activity.audience if v in EmployeeType.values
        ],
        "report": report,
        "materials": activity.materials.all(),
        "attendance_count": attendances.count(),
        "attendances": attendances[:ATTENDANCE_SHOWN],
        "attendance_shown": ATTENDANCE_SHOWN,
        "last_import": last_import,
        "import_form": (import_form or AttendanceImportForm()) if manager else None,
        "material_form": (material_form or MaterialForm()) if manager else None,
    }
    return no_store_page(request, "prevention/activities/detail.html", context, status)


@login_required
@require_GET
def activity_detail(request, activity_id):
    return _detail(request, _activity_or_404(request, activity_id))


@login_required
@require_POST
def activity_import(request, activity_id):
    activity = _activity_or_404(request, activity_id)
    if not may_manage(request.user, activity.agency):
        raise PermissionDenied
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, activity, import_form=form, status=400)
    try:
        batch = services.attendance_import(
            actor=request.user, activity=activity, upload=form.cleaned_data["file"]
        )
    except ActivityError as exc:
        return _detail(request, activity, import_form=form, status=apply_refusal(form, exc))
    url = reverse("prevention:activity-detail", args=[activity.public_id])
    return redirect(f"{url}?impor={batch.outcome}#import-report")


@login_required
@require_POST
def activity_material_add(request, activity_id):
    activity = _activity_or_404(request, activity_id)
    if not may_manage(request.user, activity.agency):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, activity, material_form=form, status=400)
    try:
        services.material_add(
            actor=request.user,
            activity=activity,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ActivityError as exc:
        return _detail(request, activity, material_form=form, status=apply_refusal(form, exc))
    return redirect("prevention:activity-detail", activity_id=activity.public_id)


@login_required
@require_GET
def activity_material(request, activity_id, material_id):
    activity = _activity_or_404(request, activity_id)
    material = activity.materials.filter(public_id=material_id).first()
    if material is None:
        raise Http404
    try:
        content = storage.read_verified(material.sha256)
    except storage.PreventionFileIntegrityError:
        return no_store(
            HttpResponse(
                _("Berkas materi rusak atau hilang; hubungi administrator."),
                status=500,
                content_type="text/plain; charset=utf-8",
            )
        )
    response = HttpResponse(content, content_type=material.content_type)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        material.content_type, "bin"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="materi-{material.public_id}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_POST
def activity_checkin_toggle(request, activity_id):
    activity = _activity_or_404(request, activity_id)
    if not may_manage(request.user, activity.agency):
        raise PermissionDenied
    work = services.check_in_open if request.POST.get("open") == "1" else services.check_in_close
    try:
        work(actor=request.user, activity=activity)
    except ActivityError as exc:
        return no_store(
            HttpResponse(
                exc.message, status=refusal_status(exc), content_type="text/plain; charset=utf-8"
            )
        )
    return redirect("prevention:activity-detail", activity_id=activity.public_id)


@login_required
@require_GET
def activity_qr(request, activity_id):
    activity = _activity_or_404(request, activity_id)
    if not (activity.takes_attendance and may_manage(request.user, activity.agency)):
        raise Http404
    now = timezone.now()
    url = check_in_url(activity, now)
    opens, closes = check_in_window(activity)
    context = {
        "activity": activity,
        "check_in_url": url,
        "qr": qr_data_uri(url),
        # The page reloads itself just after the code changes (a meta refresh: no script).
        "refresh_seconds": seconds_to_next(now) + 1,
        "rotate_minutes": max(1, settings.PREVENTION_CHECK_IN_QR_ROTATE_SECONDS // 60),
        "in_window": opens <= now < closes,
    }
    return no_store_page(request, "prevention/activities/qr.html", context)


# --- public self check-in --------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    activity = selectors.activity_for_check_in(token)
    if activity is None or not activity.takes_attendance:
        raise Http404
    code = request.GET.get("kode", "")
    form = CheckInForm(request.POST or None)
    context = {"activity": activity, "form": form, "result": None, "refusal": None}
    status = 200
    try:
        # Closed, outside the activity's day, or a missing/expired QR code: said before the
        # person types anything, and again on POST (the code may expire while they type).
        services.check_in_allowed(activity=activity, code=code, now=timezone.now())
    except ActivityError as exc:
        context.update(refusal=exc, form=None)
        return no_store_page(
            request, "prevention/activities/check_in.html", context, refusal_status(exc)
        )
    if request.method == "POST":
        if cross_site_post(request):
            raise PermissionDenied
        if identify_blocked(request, activity_token=token):
            form.add_error(
                None,
                _("Terlalu banyak percobaan yang gagal. Coba lagi nanti."),
            )
            status = 429
        elif not form.is_valid():
            status = 400
        else:
            try:
                context["result"] = services.self_check_in(
                    token=token,
                    code=code,
                    nip_or_nik=form.cleaned_data["nip_or_nik"],
                    birth_date=form.cleaned_data["birth_date"],
                )
            except ActivityError as exc:
                if exc.error is ActivityErrorCode.MISMATCH:
                    identify_failed(request, activity_token=token)
                status = apply_refusal(form, exc)
            else:
                context["form"] = None
    return no_store_page(request, "prevention/activities/check_in.html", context, status)
