"""Every write to the rollups (docs/analytics.md).

Incremental: `refresh(name, ids)` recomputes the facts of those source objects, and applies to
the cubes only the difference between the stored fact and the new one (decrement the old key,
increment the new). It is idempotent: running it twice, or for an object that did not change,
changes nothing, so receivers may call it for anything that might have changed.

Periodic: `reconcile()` runs the same refresh over every source object in batches (fixing any
fact that drifted, e.g. after a change that bypassed the signals), then recounts every cube from
the facts with one GROUP BY and corrects the rows that differ.
"""

import logging
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from netra.analytics import facts, people
from netra.analytics.choices import PreventionKind
from netra.analytics.models import (
    AGENCY_DIMS,
    CASE_DIMS,
    HEADCOUNT_DIMS,
    NATIONAL_DIMS,
    NATIONAL_DURATION_DIMS,
    NATIONAL_REPORT_DIMS,
    PREVENTION_DIMS,
    REGENCY_DIMS,
    REGION_DIMS,
    REPORT_DIMS,
    SUMMARY_DIMS,
    UNIT_CASE_DIMS,
    UNIT_HEADCOUNT_DIMS,
    CaseAgencySummary,
    CaseCube,
    CaseFact,
    CaseNationalCube,
    CaseRegencySummary,
    CaseRegionSummary,
    CaseSummary,
    DurationCube,
    Headcount,
    NationalDurationCube,
    NationalReportCube,
    PreventionCube,
    PreventionFact,
    ReportCube,
    ReportFact,
    RollupState,
    UnitCaseCube,
    UnitHeadcount,
)

log = logging.getLogger(__name__)
BATCH = 1000

CUBES = {
    "case": (CaseCube, (*CASE_DIMS, "outcome", "sanction_level", "compliance")),
    "summary": (CaseSummary, (*SUMMARY_DIMS, "outcome", "sanction_level", "compliance")),
    "duration": (DurationCube, (*CASE_DIMS, "measure", "days")),
    "report": (ReportCube, REPORT_DIMS),
    "prevention": (PreventionCube, PREVENTION_DIMS),
    "unit": (UnitCaseCube, (*UNIT_CASE_DIMS, "outcome")),
}
MEASURES = ("outcome", "sanction_level", "compliance")
# Coarse projections (models.py): name -> (base cube, model, dims). Each is its base cube with
# fewer dimensions; refresh and reconcile keep them with their base.
PROJECTIONS = {
    "region": ("summary", CaseRegionSummary, (*REGION_DIMS, *MEASURES)),
    "regency": ("summary", CaseRegencySummary, (*REGENCY_DIMS, "outcome")),
    "agency": ("summary", CaseAgencySummary, (*AGENCY_DIMS, *MEASURES)),
    "national": ("case", CaseNationalCube, (*NATIONAL_DIMS, *MEASURES)),
    "national_duration": (
        "duration",
        NationalDurationCube,
        (*NATIONAL_DURATION_DIMS, "measure", "days"),
    ),
    "national_report": ("report", NationalReportCube, NATIONAL_REPORT_DIMS),
}
_PROJECTION_INDEX = {
    name: [CUBES[base][1].index(d) for d in dims] for name, (base, _m, dims) in PROJECTIONS.items()
}
CUBES.update({name: (model, dims) for name, (_base, model, dims) in PROJECTIONS.items()})


def project(rows) -> list:
    """The contributions `rows` (cube, key, weight) with their projections added."""
    out = list(rows)
    for cube, key, weight in out[:]:
        for name, (base, _model, _dims) in PROJECTIONS.items():
            if base == cube:
                out.append((name, tuple(key[i] for i in _PROJECTION_INDEX[name]), weight))
    return out


CASE_FIELDS = (
    *CASE_DIMS,
    "region_code",
    "unit_id",
    "outcome",
    "sanction_level",
    "compliance",
    "recommendation_days",
    "decision_days",
)
REPORT_FIELDS = REPORT_DIMS
PREVENTION_FIELDS = (
    "month",
    "election_id",
    "province",
    "regency",
    "agency_id",
    "unit_id",
    "weight",
)


@dataclass(frozen=True)
class Tracker:
    """How one kind of source object feeds the rollups."""

    name: str  # "case", "report" or a PreventionKind value
    fact_model: type
    fact_fields: tuple[str, ...]

    def compute(self, ids) -> dict[int, dict]:
        if self.name == "case":
            return facts.case_facts(ids)
        if self.name == "report":
            return facts.report_facts(ids)
        return facts.prevention_facts(self.name, ids)

    def contributions(self, fact: dict | None):
        if self.name == "case":
            return project(facts.case_contributions(fact))
        if self.name == "report":
            return project(facts.report_contributions(fact))
        return project(facts.prevention_contributions(self.name, fact))

    def facts_for(self, ids):
        if self.name == "case":
            return CaseFact.objects.filter(case_id__in=ids)
        if self.name == "report":
            return ReportFact.objects.filter(report_id__in=ids)
        return PreventionFact.objects.filter(kind=self.name, object_id__in=ids)

    def source_id(self, fact) -> int:
        if self.name == "case":
            return fact.case_id
        if self.name == "report":
            return fact.report_id
        return fact.object_id

    def new_fact(self, source_id: int, values: dict):
        if self.name == "case":
            return CaseFact(case_id=source_id, **values)
        if self.name == "report":
            return ReportFact(report_id=source_id, **values)
        return PreventionFact(kind=self.name, object_id=source_id, **values)

    def all_facts(self):
        if self.name == "case":
            return CaseFact.objects.all()
        if self.name == "report":
            return ReportFact.objects.all()
        return PreventionFact.objects.filter(kind=self.name)


TRACKERS = {
    "case": Tracker("case", CaseFact, CASE_FIELDS),
    "report": Tracker("report", ReportFact, REPORT_FIELDS),
    **{kind: Tracker(kind, PreventionFact, PREVENTION_FIELDS) for kind in PreventionKind.values},
}


def refresh(name: str, ids) -> int:
    """Bring the facts of these source ids and the cubes up to date; returns how many facts
    changed. Safe to call concurrently: the facts are locked, cube rows are changed by relative
    updates in a fixed order, and a lost race on a new row is retried once."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    tracker = TRACKERS[name]
    changed = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        try:
            changed += _refresh_batch(tracker, batch)
        except IntegrityError:
            # Another transaction created one of these facts meanwhile: recompute on top of it.
            changed += _refresh_batch(tracker, batch)
    if changed:
        _touch(changed_at=timezone.now())
    return changed


def _refresh_batch(tracker: Tracker, ids: list[int], *, cubes: bool = True) -> int:
    """Rewrite the facts of `ids` that changed; with `cubes`, apply the difference to the
    cubes too (the reconcile recounts the cubes once at the end instead: one GROUP BY is far
    cheaper than a relative update per key for every batch)."""
    with transaction.atomic():
        old = {
            tracker.source_id(f): f
            for f in tracker.facts_for(ids).select_for_update().order_by("pk")
        }
        new = tracker.compute(ids)
        deltas: dict[str, Counter] = defaultdict(Counter)
        creates, updates, deletes = [], [], []
        for source_id in ids:
            fact = old.get(source_id)
            before = {f: getattr(fact, f) for f in tracker.fact_fields} if fact else None
            after = new.get(source_id)
            if before == after:
                continue
            if cubes:
                for cube, key, weight in tracker.contributions(before):
                    deltas[cube][key] -= weight
                for cube, key, weight in tracker.contributions(after):
                    deltas[cube][key] += weight
            if fact is None:
                creates.append(tracker.new_fact(source_id, after))
            elif after is None:
                deletes.append(fact.pk)
            else:
                for field, value in after.items():
                    setattr(fact, field, value)
                updates.append(fact)
        if creates:
            tracker.fact_model.objects.bulk_create(creates)
        if updates:
            tracker.fact_model.objects.bulk_update(updates, list(tracker.fact_fields))
        if deletes:
            tracker.fact_model.objects.filter(pk__in=deletes).delete()
        for cube, counter in deltas.items():
            _apply(cube, counter)
        return len(creates) + len(updates) + len(deletes)


def _apply(cube: str, counter: Counter) -> None:
    model, dims = CUBES[cube]
    for key in sorted(counter, key=repr):  # one order for every writer: no deadlocks
        delta = counter[key]
        if not delta:
            continue
        lookup = dict(zip(dims, key, strict=True))
        rows = model.objects.filter(**lookup)
        if rows.update(n=F("n") + delta):
            if delta < 0:
                rows.filter(n__lte=0).delete()
            continue
        if delta < 0:
            log.warning("analytics: %s row missing for a decrement; reconcile will fix", cube)
            continue
        try:
            with transaction.atomic():
                model.objects.create(**lookup, n=delta)
        except IntegrityError:
            rows.update(n=F("n") + delta)


def _touch(**fields) -> None:
    updated = RollupState.objects.filter(name="rollups").update(**fields)
    if not updated:
        try:
            with transaction.atomic():
                RollupState.objects.create(name="rollups", **fields)
        except IntegrityError:
            RollupState.objects.filter(name="rollups").update(**fields)


# --- marking on change: refresh after the writer's transaction commits ---------------------

_pending = threading.local()


def _queue() -> dict[str, set]:
    if not hasattr(_pending, "ids"):
        _pending.ids = defaultdict(set)
    return _pending.ids


def mark(name: str, ids) -> None:
    """Refresh these source objects once the current transaction commits (at once outside a
    transaction). A rolled-back transaction leaves its ids queued: refreshing them later is
    harmless, refresh recomputes from what is stored."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    _queue()[name].update(ids)
    if not connection.in_atomic_block:
        flush()
        return
    # Every mark registers the flush: the first one to run empties the queue and the others
    # find nothing to do. (Registering once per transaction missed a flush whenever an earlier
    # one was still pending outside the callbacks that were run, e.g. a test fixture's marks
    # before `captureOnCommitCallbacks`; scanning the pending callbacks was O(n) per mark.)
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    queue = _queue()
    while queue:
        name, ids = queue.popitem()
        if name in people.MARKS:  # a registry person changed: expands to cases and pledges
            people.flush(name, ids)
        else:
            refresh(name, ids)


# --- periodic reconcile ----------------------------------------------------------------------


def reconcile(*, batch: int = BATCH, set_based: bool | None = None) -> dict:
    """Recompute every fact from the sources and recount every cube from the facts.

    Returns how many facts and cube rows were corrected (0 and 0 when the incremental path kept
    up). Runs in batches, each its own transaction, so writers are never blocked for long.
    On PostgreSQL the set-based path (`bulk.py`) does the same unless `set_based=False`."""
    from netra.analytics import bulk

    if bulk.available() and set_based is not False:  # minutes for a million cases
        facts_fixed = bulk.reconcile_facts(TRACKERS)
        cubes_fixed = {}
        for name in CUBES:
            fixed = bulk.recount(name)
            cubes_fixed[name] = _recount(name) if fixed is None else fixed
        return _reconciled(facts_fixed, cubes_fixed)
    facts_fixed: dict[str, int] = {}
    for name, tracker in TRACKERS.items():
        fixed = 0
        ids = list(facts.source_ids(name if name in ("case", "report") else "", name))
        stored = set(tracker.all_facts().values_list(_source_field(name), flat=True))
        stale = stored.difference(ids)  # facts whose source is gone
        every = sorted(stale.union(ids))
        for start in range(0, len(every), batch):
            fixed += _refresh_batch(tracker, every[start : start + batch], cubes=False)
        facts_fixed[name] = fixed
    cubes_fixed = {name: _recount(name) for name in CUBES}
    return _reconciled(facts_fixed, cubes_fixed)


def _reconciled(facts_fixed: dict, cubes_fixed: dict) -> dict:
    headcount = headcount_rebuild()
    corrections = {"facts": facts_fixed, "cubes": cubes_fixed, "headcount": headcount}
    now = timezone.now()
    _touch(reconciled_at=now, changed_at=now, last_corrections=corrections)
    return corrections


def _source_field(name: str) -> str:
    return {"case": "case_id", "report": "report_id"}.get(name, "object_id")


def _expected(name: str) -> dict[tuple, int]:
    """The cube's rows as recounted from the facts (one GROUP BY per fact kind)."""
    expected: Counter = Counter()
    if name in PROJECTIONS:
        for key, n in _expected(PROJECTIONS[name][0]).items():
            expected[tuple(key[i] for i in _PROJECTION_INDEX[name])] += n
        return {key: n for key, n in expected.items() if n}
    if name in ("case", "summary"):
        dims = CASE_DIMS if name == "case" else SUMMARY_DIMS
        measures = ("outcome", "sanction_level", "compliance")
        for row in CaseFact.objects.values(*dims, *measures).annotate(c=Count("id")):
            expected[tuple(row[f] for f in (*dims, *measures))] += row["c"]
    elif name == "duration":
        for measure, field in (
            ("recommendation", "recommendation_days"),
            ("decision", "decision_days"),
        ):
            rows = (
                CaseFact.objects.filter(**{f"{field}__isnull": False})
                .values(*CASE_DIMS, field)
                .annotate(c=Count("id"))
            )
            for row in rows:
                expected[(*(row[f] for f in CASE_DIMS), measure, row[field])] += row["c"]
    elif name == "unit":
        dims = (*UNIT_CASE_DIMS, "outcome")
        for row in CaseFact.objects.exclude(unit_id=0).values(*dims).annotate(c=Count("id")):
            expected[tuple(row[f] for f in dims)] += row["c"]
    elif name == "report":
        for row in ReportFact.objects.values(*REPORT_DIMS).annotate(c=Count("id")):
            expected[tuple(row[f] for f in REPORT_DIMS)] += row["c"]
    else:
        dims = PREVENTION_DIMS[1:]
        rows = PreventionFact.objects.values("kind", *dims).annotate(c=Sum("weight"))
        for row in rows:
            expected[(row["kind"], *(row[f] for f in dims))] += row["c"]
    return {key: n for key, n in expected.items() if n}


def _recount(name: str) -> int:
    """Set the cube to the recount from the facts. The cube rows are locked before the facts
    are counted: a refresh running meanwhile either committed before (its facts are counted)
    or waits for the lock and applies its difference on top of the recount."""
    model, dims = CUBES[name]
    fixed = 0
    with transaction.atomic():
        actual = {}
        for row in model.objects.select_for_update().values("pk", "n", *dims):
            actual[tuple(row[f] for f in dims)] = (row["pk"], row["n"])
        expected = _expected(name)
        gone, changed = [], []
        for key, (pk, n) in actual.items():
            want = expected.get(key, 0)
            if want == 0:
                gone.append(pk)
            elif want != n:
                changed.append(model(pk=pk, n=want))
        for start in range(0, len(gone), 1000):
            model.objects.filter(pk__in=gone[start : start + 1000]).delete()
        model.objects.bulk_update(changed, ["n"], batch_size=1000)
        fixed += len(gone) + len(changed)
        missing = [
            model(**dict(zip(dims, key, strict=True)), n=n)
            for key, n in expected.items()
            if key not in actual
        ]
        model.objects.bulk_create(missing, batch_size=1000)
        fixed += len(missing)
    if fixed:
        log.warning("analytics: reconcile corrected %d %s cube rows", fixed, name)
    return fixed


def headcount_rebuild(agency_ids=None) -> int:
    """Recount active registry people per agency and region (`Headcount`) and per work unit
    (`UnitHeadcount`); with `agency_ids`, only those agencies' rows (0: people without an
    agency), as after one person's change. Returns rows changed."""
    from netra.registry.choices import PersonStatus
    from netra.registry.models import Person

    people = Person.objects.filter(status=PersonStatus.ACTIVE)
    agencies = None
    if agency_ids is not None:
        agencies = sorted({int(a or 0) for a in agency_ids})
        in_agencies = Q(agency_id__in=[a for a in agencies if a])
        if 0 in agencies:
            in_agencies |= Q(agency__isnull=True)
        people = people.filter(in_agencies)
    expected: Counter = Counter()
    by_unit: Counter = Counter()
    rows = people.values(
        "region__code", "agency_id", "unit_id", "employee_type", "functional_group"
    ).annotate(c=Count("id"))
    for row in rows:
        province, regency = facts.region_parts(row["region__code"])
        agency, kind, group = (
            row["agency_id"] or 0,
            row["employee_type"] or "",
            row["functional_group"] or "",
        )
        expected[(province, regency, agency, kind, group)] += row["c"]
        if row["unit_id"]:
            by_unit[(province, regency, agency, row["unit_id"], kind, group)] += row["c"]
    with transaction.atomic():
        changed = _sync_counts(Headcount, HEADCOUNT_DIMS, expected, agencies)
        changed += _sync_counts(UnitHeadcount, UNIT_HEADCOUNT_DIMS, by_unit, agencies)
    return changed


def _sync_counts(model, dims, expected: Counter, agencies: list[int] | None) -> int:
    """Make the table's rows (those of `agencies` when given) equal `expected`."""
    rows = model.objects.select_for_update()
    if agencies is not None:
        rows = rows.filter(agency_id__in=agencies)
    actual = {
        tuple(row[f] for f in dims): (row["pk"], row["n"]) for row in rows.values("pk", "n", *dims)
    }
    changed = 0
    for key, (pk, n) in actual.items():
        if key not in expected:
            model.objects.filter(pk=pk).delete()
            changed += 1
        elif expected[key] != n:
            model.objects.filter(pk=pk).update(n=expected[key])
            changed += 1
    missing = [
        model(**dict(zip(dims, key, strict=True)), n=n)
        for key, n in expected.items()
        if key not in actual
    ]
    model.objects.bulk_create(missing, batch_size=1000)
    return changed + len(missing)
