"""A case's letters on the case page: the list with downloads, and issuing (or re-issuing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from netra.cases import capabilities, letters, services
from netra.cases.errors import LetterErrorCode
from netra.cases.models import Case
from netra.cases.views.common import (
    _case_or_404,
)
from netra.documents.choices import DocumentKind
from netra.documents.services import DocumentIntegrityError
from netra.web.responses import no_store, refusal_status

# The page's name for each letter: (issue service, who may issue it, when, label, re-issue label)
LETTERS = {
    "rekomendasi": (
        letters.recommendation_letter_issue,
        capabilities.ISSUE_RECOMMENDATION_LETTER,
        letters.RECOMMENDATION_LETTER_STATES,
        DocumentKind.RECOMMENDATION_LETTER,
        gettext_lazy("Terbitkan surat rekomendasi"),
        gettext_lazy("Terbitkan ulang surat rekomendasi (menggantikan yang lama)"),
    ),
    "ppk": (
        letters.ppk_notification_issue,
        capabilities.ISSUE_PPK_NOTIFICATION,
        letters.PPK_NOTIFICATION_STATES,
        DocumentKind.PPK_NOTIFICATION,
        gettext_lazy("Terbitkan pemberitahuan kepada PPK"),
        gettext_lazy("Terbitkan ulang pemberitahuan kepada PPK (menggantikan yang lama)"),
    ),
}


def _letters_block(user, case: Case) -> tuple[list, list]:
    """The case's letters (with their download links) and the letters the user may issue now."""
    rows = letters.case_letters(case)
    for row in rows:
        row.download_url = reverse(
            "cases:letter-download", kwargs={"case_id": case.public_id, "code": row.code}
        )
    current_kinds = {row.document.kind for row in rows if row.is_current}
    available = []
    for kind, (_issue, capability, states, doc_kind, label, again) in LETTERS.items():
        if capabilities.may(user, case, capability) and case.state in states:
            available.append(
                {
                    "label": again if doc_kind in current_kinds else label,
                    "url": reverse(
                        "cases:letter", kwargs={"case_id": case.public_id, "kind": kind}
                    ),
                }
            )
    return rows, available


@login_required
@require_POST
def letter(request, case_id, kind):
    from netra.cases.views.detail import _render_detail

    case = _case_or_404(request, case_id)
    if kind not in LETTERS:
        raise Http404(_("Jenis surat tidak dikenal."))
    issue = LETTERS[kind][0]
    try:
        document = issue(actor=request.user, case=case)
    except services.CaseError as exc:
        status = refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_detail(request, case, status=status, error=exc.message)
    messages.success(
        request,
        _("Surat nomor %(number)s diterbitkan dengan kode verifikasi %(code)s.")
        % {"number": document.letter_number, "code": document.code},
    )
    return redirect("cases:detail", case_id=case.public_id)


def letter_pdf_response(row: letters.LetterRow, data: bytes) -> HttpResponse:
    """The PDF as a download (never cached; the browser may not guess another type)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{row.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_GET
def letter_download(request, case_id, code):
    """One letter of the case as PDF, for everyone who sees the case; each download audited."""
    from netra.cases.views.detail import _render_detail

    case = _case_or_404(request, case_id)
    try:
        row, data = letters.letter_open(actor=request.user, case=case, code=code)
    except letters.LetterError as exc:
        raise Http404(exc.message) from exc
    except DocumentIntegrityError:
        return _render_detail(
            request,
            case,
            status=LetterErrorCode.INTEGRITY_FAILED.status,
            error=LetterErrorCode.INTEGRITY_FAILED.render(),
        )
    return letter_pdf_response(row, data)
