"""Issuing a case's letters from the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netra.cases import letters, selectors, services
from netra.cases.models import Case
from netra.cases.views.common import (
    _case_or_404,
    _refusal_status,
)
from netra.documents.selectors import documents_for_subject

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
        status = _refusal_status(exc)
        if status == 404:
            raise Http404(exc.message) from exc
        return _render_detail(request, case, status=status, error=exc.message)
    messages.success(
        request, _("Surat diterbitkan dengan kode verifikasi %(code)s.") % {"code": document.code}
    )
    return redirect("cases:detail", case_id=case.public_id)
