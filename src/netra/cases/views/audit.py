"""The case's audit tab (`/kasus/<id>/audit/`): every audit event about the case, its reports
and evidence, decisions, objections, data blocks and letters, for auditors and administrators
who see the case. The events come from the audit app's selectors (scoped the same way as the
workspace trail); times are in the case region's zone."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netra.audit.access import may_read_audit
from netra.audit.selectors import audit_events_of_case_for
from netra.audit.views import page_context
from netra.cases.views.common import _case_or_404
from netra.regions.timezones import region_timezone
from netra.web.responses import no_store_page


@login_required
@require_GET
def case_audit(request, case_id):
    if not may_read_audit(request.user):
        raise Http404(_("Kasus tidak ditemukan."))
    case = _case_or_404(request, case_id)
    events = audit_events_of_case_for(request.user, case.number)
    context = page_context(request, events, zone=region_timezone(case.region.code))
    context["case"] = case
    return no_store_page(request, "cases/audit.html", context)
