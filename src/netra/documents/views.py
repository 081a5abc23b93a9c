"""Public verification pages: /verify/ (type a code) and /verify/<code>/ (the answer, and an
optional check that an uploaded PDF is byte-identical to the issued one).

No cookie is set: the pages render no CSRF token and the upload check is CSRF-exempt (it changes
nothing and needs no session); a POST that a browser says came from another site is refused.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from netra.documents import codes, ratelimits, selectors
from netra.documents.choices import VerifyState
from netra.documents.forms import UploadCheckForm, VerifyCodeForm
from netra.web.responses import no_store

# Multipart framing around the file; bodies above the file limit plus this are refused unread.
UPLOAD_OVERHEAD_BYTES = 64 * 1024

STATUS_BY_STATE = {
    VerifyState.VALID: 200,
    VerifyState.REVOKED: 200,
    VerifyState.SUPERSEDED: 200,
    VerifyState.NOT_FOUND: 404,
    VerifyState.MALFORMED: 400,
}


def _cross_site(request) -> bool:
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    return origin.rstrip("/") != f"{request.scheme}://{request.get_host()}"


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.DOCUMENTS_UPLOAD_MAX_BYTES + UPLOAD_OVERHEAD_BYTES


def _error(request, status: int, message: str):
    return no_store(render(request, "documents/error.html", {"message": message}, status=status))


def _rate_limited(request):
    return _error(
        request,
        429,
        _("Terlalu banyak pemeriksaan dari jaringan Anda. Tunggu sebentar, lalu coba lagi."),
    )


def _result_page(request, result, *, upload_form=None, upload_match=None, status=None):
    context = {
        "result": result,
        "states": VerifyState,
        "form": VerifyCodeForm(initial={"code": result.code}),
        "upload_form": upload_form or UploadCheckForm(),
        "upload_match": upload_match,
        "max_mb": settings.DOCUMENTS_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    status = status or STATUS_BY_STATE[VerifyState(result.state)]
    return no_store(render(request, "documents/verify_result.html", context, status=status))


@require_GET
def verify_form(request):
    """The form submits by GET; a well-formed code redirects to its result page."""
    if "code" not in request.GET:
        return no_store(render(request, "documents/verify_form.html", {"form": VerifyCodeForm()}))
    form = VerifyCodeForm(data=request.GET)
    if form.is_valid() and codes.is_valid(form.cleaned_data["code"]):
        canonical = codes.normalise(form.cleaned_data["code"])
        return HttpResponseRedirect(reverse("documents:verify_code", kwargs={"code": canonical}))
    if ratelimits.verify_blocked(request):
        return _rate_limited(request)
    if form.is_valid():
        form.add_error("code", _("Kode ini tidak sah. Periksa kembali setiap hurufnya."))
    response = render(request, "documents/verify_form.html", {"form": form}, status=400)
    return no_store(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_code(request, code: str):
    if request.method == "POST":
        if _cross_site(request):
            return _error(request, 403, _("Formulir harus dikirim dari halaman Netra sendiri."))
        if _too_large(request):
            return _error(
                request,
                413,
                _("Berkas terlalu besar (paling besar %(mb)s MB).")
                % {"mb": settings.DOCUMENTS_UPLOAD_MAX_BYTES // (1024 * 1024)},
            )
    if ratelimits.verify_blocked(request):
        return _rate_limited(request)
    result = selectors.document_verify(code)
    if request.method == "GET" or not result.found:
        return _result_page(request, result)
    upload_form = UploadCheckForm(data=request.POST, files=request.FILES)
    if not upload_form.is_valid():
        return _result_page(request, result, upload_form=upload_form, status=400)
    upload = upload_form.cleaned_data["pdf"]
    match = selectors.document_matches_upload(result.document, upload.chunks())
    return _result_page(request, result, upload_match=match)
