"""The audit trail in the workspace (auditors and administrators).

Which events a reader sees is decided per object type by the app that owns the object
(`netra.audit.scoping`): an event about a case, a report and its evidence, a PPK decision, an
objection or a data block is shown when the reader's scope covers the case or report; an event
about a prevention activity, campaign, pledge or pact when it covers that record's region and
agency; a letter or certificate goes with its case or pledge. Events with no such object
(logins, account changes, reference data) are shown only to national readers. A case number
outside the reader's scope gives an empty list, never an error. Times are in the reader's zone.

The chain's status is the last stored verification (`ChainCheck`), never a walk of the chain on
page load; a reader may ask for a new one, which a worker runs.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from netra.audit import selectors, services
from netra.audit.access import may_read_audit, viewer_timezone
from netra.audit.forms import AuditTrailForm
from netra.web.responses import no_store, no_store_page
from netra.web.templatetags.netra_format import format_moment

PAGE_SIZE = 50
EXPORT_BATCH = 500


def _reader_or_404(user) -> None:
    if not may_read_audit(user):
        raise Http404(_("Halaman tidak ditemukan."))


def page_context(request, events, *, zone, form=None) -> dict:
    """What the trail template needs for a queryset of events (also used by the case tab)."""
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "rows": selectors.trail_rows(page.object_list),
        "zone": zone,
        "query": query.urlencode(),
    }


@login_required
@require_GET
def trail(request):
    _reader_or_404(request.user)
    zone = viewer_timezone(request.user)
    form = AuditTrailForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    events = (
        selectors.audit_trail_for(request.user, form.trail(zone))
        if valid
        else selectors.audit_events_for(request.user).none()
    )
    context = page_context(request, events, zone=zone, form=form)
    context["chain"] = selectors.chain_status()
    context["valid"] = valid
    return no_store_page(request, "audit/trail.html", context, status=200 if valid else 400)


@login_required
@require_POST
def check_request(request):
    _reader_or_404(request.user)
    services.chain_check_request(actor=request.user)
    messages.success(
        request, _("Pemeriksaan rantai audit sedang dijalankan; muat ulang halaman sebentar lagi.")
    )
    return redirect("audit:trail")


class _Echo:
    def write(self, value):
        return value


def _csv_lines(events, zone, language):
    with translation.override(language):
        writer = csv.writer(_Echo())
        yield "\ufeff"
        yield writer.writerow(
            [
                pgettext("audit chain", "Urutan"),
                _("Waktu"),
                _("Pelaku"),
                pgettext("audit event", "Tindakan"),
                _("Tentang"),
                _("Rincian"),
            ]
        )
        batch = []
        for event in events.iterator(chunk_size=EXPORT_BATCH):
            batch.append(event)
            if len(batch) == EXPORT_BATCH:
                yield from _csv_rows(writer, batch, zone)
                batch = []
        yield from _csv_rows(writer, batch, zone)


def _csv_rows(writer, events, zone):
    for row in selectors.trail_rows(events):
        details = "; ".join(f"{fact.label}: {fact.value}" for fact in row.facts)
        cells = [row.seq, format_moment(row.occurred_at, zone), row.actor, row.action, row.subject]
        yield writer.writerow([_neutral(cell) for cell in [*cells, details]])


def _neutral(value):
    """A spreadsheet never reads a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@login_required
@require_GET
def export(request):
    _reader_or_404(request.user)
    zone = viewer_timezone(request.user)
    form = AuditTrailForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = page_context(request, selectors.audit_events_for(request.user).none(), zone=zone)
        context.update(form=form, chain=selectors.chain_status(), valid=False)
        return no_store_page(request, "audit/trail.html", context, status=400)
    events = selectors.audit_trail_for(request.user, form.trail(zone))
    filters = {k: v for k, v in request.GET.items() if k in form.fields and v}
    services.trail_export_record(actor=request.user, filters=filters)
    stamp = timezone.now().astimezone(zone).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _csv_lines(events, zone, translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{stamp}.csv"'
    return no_store(response)
