"""A registry person's change reaching the rollups without waiting for the nightly reconcile.

The cases' facts copy the resolved person's agency, work unit, employee type, position type
and functional group, pledges the person's agency, unit and region, and the headcounts count
people per agency, unit and region. When any of those change:

- **one person** (the registry's forms, the API, `person_set_status`): the receivers mark the
  person (and the agency the person left, read before the save); after the commit, `flush`
  refreshes that person's cases and pledges and recounts the headcount rows of the agencies
  concerned;
- **an import** (bulk writes send no post_save): the registry's `people_imported` signal
  gives the moment the import started; `refresh_imported(since)` picks the people it changed
  (`updated_at` moves only when values change, on both import paths) and the cases and
  pledges pointing at them with one set-based statement each, refreshes those facts in
  batches (a fixed handful of queries per 1,000 cases, never one per person), and rebuilds the
  headcount once.
"""

import datetime as dt
import logging

from netra.analytics.choices import PreventionKind

log = logging.getLogger(__name__)

PERSON = "person"  # marks: registry person ids whose cases and pledges to refresh
AGENCY = "headcount-agency"  # marks: agency ids (0: none) whose headcount rows to recount
MARKS = frozenset({PERSON, AGENCY})
# Margin before the import's start: the database clock and the web process's may differ a
# little; refreshing a few more people than needed changes nothing (refresh is idempotent).
CLOCK_MARGIN = dt.timedelta(minutes=2)


def flush(name: str, ids) -> None:
    """Called by `services.flush` for the marks of this module."""
    from netra.analytics import services
    from netra.registry.models import Person

    if name == AGENCY:
        services.headcount_rebuild(agency_ids=ids)
        return
    ids = sorted(ids)
    refresh_people(Person.objects.filter(pk__in=ids).values("pk"))
    agencies = set(Person.objects.filter(pk__in=ids).values_list("agency_id", flat=True).distinct())
    services.headcount_rebuild(agency_ids={a or 0 for a in agencies})


def refresh_people(people) -> dict[str, int]:
    """Refresh the case and pledge facts of `people` (a queryset of person ids, evaluated in
    the database as a subquery). Returns how many facts changed."""
    from netra.cases.models import Case
    from netra.prevention.models import Pledge

    cases = Case.objects.filter(person__in=people, merged_into__isnull=True)
    pledges = Pledge.objects.filter(person__in=people)
    return {
        "case": _refresh_all("case", cases.order_by("pk").values_list("pk", flat=True)),
        "pledge": _refresh_all(
            PreventionKind.PLEDGE, pledges.order_by("pk").values_list("pk", flat=True)
        ),
    }


def _refresh_all(name: str, ids) -> int:
    from netra.analytics import services

    ids = list(ids)  # plain integers: a million cases is a few megabytes
    changed = 0
    for start in range(0, len(ids), services.BATCH):
        changed += services.refresh(name, ids[start : start + services.BATCH])
    return changed


def refresh_imported(since: dt.datetime | None) -> dict:
    """After an import: refresh the facts of the people it changed, rebuild the headcount.
    Without `since` (an older sender), the facts are left to the nightly reconcile."""
    from netra.analytics import services
    from netra.registry.models import Person

    changed: dict = {}
    if since is not None:
        people = Person.objects.filter(updated_at__gte=since - CLOCK_MARGIN).values("pk")
        changed = refresh_people(people)
    changed["headcount"] = services.headcount_rebuild()
    log.info("analytics: registry import refreshed %s", changed)
    return changed
