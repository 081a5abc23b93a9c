"""What the case pages share: the scoped case lookup and the deadline countdown. Which moves a
user may make is `selectors.case_moves_for`; how a refusal answers, `netra.web.responses`."""

from django.http import Http404
from django.utils.translation import gettext as _

from netra.cases import deadlines, selectors
from netra.cases.choices import CaseState
from netra.cases.models import Case
from netra.workdays.selectors import override_rules

S = CaseState
PAGE_SIZE = 50


def _case_or_404(request, case_id) -> Case:
    case = selectors.case_get_for(request.user, case_id)
    if case is None:
        raise Http404(_("Kasus tidak ditemukan."))
    return case


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
