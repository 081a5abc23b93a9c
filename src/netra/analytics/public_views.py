"""The public statistics page (/statistik/): no login, no script, no cookie (ADR 0007)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from netra.analytics import public
from netra.analytics.errors import AnalyticsErrorCode as E
from netra.analytics.errors import FilterError
from netra.analytics.models import CaseRegionSummary
from netra.analytics.public_forms import PublicStatisticsForm
from netra.elections.models import Election

# The only query parameters the public statistics take: any other filter is refused, so that
# nobody can ask for two overlapping aggregates and subtract them (docs/analytics.md).
PARAMS = frozenset({"election", "format"})


def election_from(query, *, required: bool):
    """The election the query names (by slug); refuses other filters and unknown elections.
    Without one: the latest election with cases (or None when `required` is False)."""
    for name in query:
        if name not in PARAMS:
            raise FilterError(E.BAD_FILTER, name=name, value=query.get(name))
    slug = (query.get("election") or "").strip()
    if not slug:
        if required:
            raise FilterError(E.ELECTION_REQUIRED)
        with_data = CaseRegionSummary.objects.values("election_id").distinct()
        return (
            Election.objects.filter(pk__in=with_data).order_by("-vote_date").first()
            or Election.objects.order_by("-vote_date").first()
        )
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        raise FilterError(E.BAD_FILTER, name="election", value=slug)
    return election


@require_GET
def statistics(request):
    status, error, stats, election = 200, "", None, None
    try:
        election = election_from(request.GET, required=False)
    except FilterError as refusal:
        status, error = refusal.status, refusal.message
    if election is not None:
        stats = public.public_statistics(election)
    context = {
        "form": PublicStatisticsForm(election=election),
        "election": election,
        "stats": stats,
        "tables": _tables(stats) if stats else [],
        "error": error,
        "minimum": public.MINIMUM,
        "title": _("Statistik netralitas ASN"),
    }
    return render(request, "analytics/public_statistics.html", context, status=status)


def _tables(stats):
    """Tables for the template: rows of (label, [value or None, ...])."""
    out = []
    for table in stats.tables:
        rows = [(label, [stats.shown(cell) for cell in cells]) for _key, label, cells in table.rows]
        out.append(
            {
                "key": table.key,
                "title": table.title,
                "row_title": table.row_title,
                "columns": [label for _key, label in table.columns],
                "rows": rows,
                "totals": [stats.shown(cell) for cell in table.footer],
            }
        )
    return out
