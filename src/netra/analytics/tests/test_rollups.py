"""Rollups equal a direct count after every kind of change, and after the periodic reconcile.

Two checks after each step: (1) every cube equals what a recount from the source tables gives
(facts computed afresh, not the stored ones), and (2) independent GROUP BYs over the raw tables
(cases per regency, reports per day, decisions per level...) agree with the cube sums. Each
change runs through the owning app's service with its commit callbacks executed, as in
production.
"""

import datetime as dt
import io
from collections import Counter

import pytest
from django.db.models import Count, Sum
from freezegun import freeze_time

from netra.analytics import services
from netra.analytics.choices import Follow, Outcome
from netra.analytics.filters import Filters
from netra.analytics.models import (
    CaseCube,
    CaseFact,
    DurationCube,
    PreventionCube,
    ReportCube,
    RollupState,
)
from netra.analytics.services import CUBES, TRACKERS
from netra.analytics.tests.helpers import cube_rows
from netra.cases.choices import CaseState as S
from netra.cases.models import Case
from netra.cases.services import case_transition
from netra.intake.models import Report
from netra.sanctions import services as sanctions
from netra.sanctions.tests.fixtures import START

pytestmark = pytest.mark.django_db

DEMOTION = "PNS_PP94_DEMOTION_12M"  # heavy, the recommended sanction
LIGHTER = "PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y"


def recount_from_source() -> dict[str, Counter]:
    """The cubes as they should be, computed from the source tables only."""
    expected = {name: Counter() for name in CUBES}
    for name, tracker in TRACKERS.items():
        ids = list(services.facts.source_ids(name if name in ("case", "report") else "", name))
        for fact in tracker.compute(ids).values():
            for cube, key, weight in tracker.contributions(fact):
                expected[cube][key] += weight
    return {name: +counter for name, counter in expected.items()}


def assert_rollups_exact():
    expected = recount_from_source()
    for name in CUBES:
        assert cube_rows(name) == expected[name], name
    # The coarse summary is the full cube with the fine dimensions summed away.
    model, dims = CUBES["case"]
    keep = [dims.index(name) for name in CUBES["summary"][1]]
    projected = Counter()
    for key, n in cube_rows("case").items():
        projected[tuple(key[i] for i in keep)] += n
    assert cube_rows("summary") == +projected
    # Independent direct counts over the raw tables.
    live = Case.objects.filter(merged_into__isnull=True)
    by_regency = Counter()
    for code, n in live.values_list("region__code").annotate(c=Count("id")):
        by_regency[".".join(code.split(".")[:2])] += n
    cube = Counter(dict(CaseCube.objects.values_list("regency").annotate(c=Sum("n")).order_by()))
    assert +cube == +by_regency
    reports = Report.objects.count()
    assert (ReportCube.objects.aggregate(s=Sum("n"))["s"] or 0) == reports


@pytest.fixture
def w(sanctions_world, django_capture_on_commit_callbacks):
    """`sanctions_world` where every step's commit callbacks run (the rollup refresh among
    them), like a request in production."""

    def step(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    sanctions_world["step"] = step
    return sanctions_world


def totals(user=None, **filters):
    from netra.analytics.selectors import case_totals

    return case_totals(user or USER["admin"], Filters(**filters).resolve())


USER: dict = {}


@pytest.fixture(autouse=True)
def _admin(make_staff):
    user = make_staff(role=None, username="analytics-admin")
    user.is_superuser = True
    user.save()
    USER["admin"] = user


@freeze_time(START)
def test_every_kind_of_change_keeps_rollups_exact(w):
    step = w["step"]
    # Report received, case opened: one report, one pending case.
    case = step(w["open"])
    assert_rollups_exact()
    assert totals() == {"cases": 1, "pending": 1, "proven": 0, "not_proven": 0, "dropped": 0}
    assert ReportCube.objects.get().n == 1
    # Verified (registered) and studied: still pending.
    case = step(case_transition, actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    case = step(
        case_transition,
        actor=w["bawaslu"],
        case=case,
        target=S.REGISTERED,
        facts={"formal_complete": True},
    )
    case = step(case_transition, actor=w["bawaslu"], case=case, target=S.STUDY)
    assert_rollups_exact()
    # Not proven.
    step(
        case_transition,
        actor=w["bawaslu"],
        case=case,
        target=S.NOT_A_VIOLATION,
        facts={"study_findings": "Tidak ada bukti keterlibatan."},
    )
    assert_rollups_exact()
    assert totals()["not_proven"] == 1
    # Proven and recommended to the PPK (a second case): compliance pending, a duration.
    proven = step(w["to_ppk"])
    assert_rollups_exact()
    assert totals() == {"cases": 2, "pending": 0, "proven": 1, "not_proven": 1, "dropped": 0}
    fact = CaseFact.objects.get(case=proven)
    assert fact.compliance == Follow.PENDING and fact.recommendation_days == 0
    assert fact.agency_id == w["agency"].pk and fact.regency == "32.01" and fact.province == "32"
    assert fact.act == "banners-and-props" and fact.ppk_visible
    # PPK decision: sanction level heavy, followed.
    decision = step(
        sanctions.decision_record,
        actor=w["ppk"],
        case=proven,
        sanction_code=DEMOTION,
        decree_number="800/123/BKPSDM/2024",
        decree_date=dt.date(2024, 10, 1),
        received_on=dt.date(2024, 10, 1),
    )
    assert_rollups_exact()
    assert CaseCube.objects.get(outcome=Outcome.PROVEN).sanction_level == "heavy"
    assert CaseCube.objects.get(outcome=Outcome.PROVEN).compliance == Follow.FOLLOWED
    assert DurationCube.objects.filter(measure="decision").get().days == 0
    # Objection lightening the sanction: the level and compliance move with it.
    step(
        sanctions.remedy_file,
        actor=w["ppk"],
        case=proven,
        filed_on=dt.date(2024, 10, 1),
        grounds="Sanksi terlalu berat.",
    )
    step(
        sanctions.remedy_decide,
        actor=w["ppk"],
        case=proven,
        outcome="lightened",
        decided_on=dt.date(2024, 10, 1),
        new_sanction_code=LIGHTER,
        new_decree_number="800/200/BKPSDM/2024",
    )
    assert_rollups_exact()
    row = CaseCube.objects.get(outcome=Outcome.PROVEN)
    assert row.compliance == Follow.PARTLY and row.sanction_level != "heavy"
    assert decision.pk  # the first decision is kept (superseded), never counted twice
    assert CaseCube.objects.aggregate(s=Sum("n"))["s"] == 2


def test_overdue_then_not_followed(w, django_capture_on_commit_callbacks):
    from netra.cases.tasks import mark_overdue
    from netra.rules.services import rules_setting_set

    step = w["step"]
    with freeze_time(START):
        rules_setting_set(actor=None, code="ppk.followup_deadline_days", value="5")
        case = step(w["to_ppk"])
        assert CaseFact.objects.get(case=case).compliance == Follow.PENDING
    with freeze_time("2024-10-09 01:00:00"), django_capture_on_commit_callbacks(execute=True):
        mark_overdue.delay().get()
    assert_rollups_exact()
    # The sweep marked the PPK deadline overdue and declared no follow-up.
    assert CaseFact.objects.get(case=case).compliance in (Follow.OVERDUE, Follow.NOT_FOLLOWED)
    assert Case.objects.get(pk=case.pk).state == S.PPK_NO_FOLLOW_UP
    assert CaseFact.objects.get(case=case).compliance == Follow.NOT_FOLLOWED


def test_overdue_while_waiting(w):
    """A PPK deadline marked overdue (the sweep's first step) counts as overdue."""
    from netra.cases.models import CaseDeadline
    from netra.cases.workflow import DeadlineCode

    with freeze_time(START):
        case = w["step"](w["to_ppk"])
    deadline = CaseDeadline.objects.get(case=case, code=DeadlineCode.PPK_FOLLOW_UP)
    deadline.overdue_since = dt.date(2024, 10, 9)
    w["step"](deadline.save, update_fields=["overdue_since"])
    assert CaseFact.objects.get(case=case).compliance == Follow.OVERDUE
    assert_rollups_exact()


def test_merge_counts_once(w):
    from netra.cases.services import case_merge

    with freeze_time(START):
        first = w["step"](w["open"])
        second = w["step"](w["open"])
        assert totals()["cases"] == 2
        w["step"](case_merge, actor=w["bawaslu"], target=first, duplicate=second, reason="sama")
    assert totals()["cases"] == 1
    assert ReportCube.objects.aggregate(s=Sum("n"))["s"] == 2  # both reports still counted
    assert_rollups_exact()


def test_reconcile_corrects_drift_and_is_a_no_op_when_exact(w):
    with freeze_time(START):
        case = w["step"](w["to_ppk"])
        w["step"](w["open"])
    assert services.reconcile()["cubes"] == dict.fromkeys(CUBES, 0)
    # Drift: a change that bypassed the signals, a cube row damaged, a fact lost.
    Case.objects.filter(pk=case.pk).update(state=S.CLOSED)
    CaseCube.objects.filter(outcome=Outcome.PENDING).update(n=40)
    ReportCube.objects.all().delete()
    CaseFact.objects.exclude(case=case).delete()
    corrections = services.reconcile()
    assert corrections["facts"]["case"] == 2 and corrections["cubes"]["report"] >= 1
    assert_rollups_exact()
    state = RollupState.objects.get(name="rollups")
    assert state.reconciled_at and state.last_corrections == corrections
    # And a second run finds nothing to correct.
    again = services.reconcile()
    assert sum(again["facts"].values()) == 0 and sum(again["cubes"].values()) == 0


def test_refresh_is_idempotent(w):
    with freeze_time(START):
        case = w["step"](w["to_ppk"])
    before = {name: cube_rows(name) for name in CUBES}
    assert services.refresh("case", [case.pk, case.pk]) == 0
    assert {name: cube_rows(name) for name in CUBES} == before


def test_prevention_rollups(prevention_world, django_capture_on_commit_callbacks):
    from netra.prevention.choices import ActivityKind, AttendanceSource
    from netra.prevention.models import Attendance
    from netra.prevention.services.activities import activity_create
    from netra.prevention.tests.fixtures import campaign_for, pledge_with_proof

    pw = prevention_world
    with django_capture_on_commit_callbacks(execute=True):
        activity = activity_create(
            actor=pw["hr"],
            agency=pw["agency"],
            kind=ActivityKind.SOCIALIZATION,
            title="Sosialisasi netralitas ASN",
            election=pw["election"],
            held_on=pw["today"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("teacher1", "teacher2", "nurse1"):
            Attendance.objects.create(
                activity=activity, person=pw["people"][key], source=AttendanceSource.CHECK_IN
            )
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaign_for(pw)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_with_proof(campaign=campaign, person=pw["people"]["teacher1"])
    assert_rollups_exact()
    counts = dict(PreventionCube.objects.values_list("kind").annotate(s=Sum("n")).order_by())
    assert counts == {"activity": 1, "attendance": 3, "pledge": 1}
    assert PreventionCube.objects.filter(agency_id=pw["agency"].pk).count() == 3
    # An attendance removed (e.g. a wrong row undone): the activity's weight follows.
    with django_capture_on_commit_callbacks(execute=True):
        Attendance.objects.filter(person=pw["people"]["nurse1"]).delete()
    assert PreventionCube.objects.get(kind="attendance").n == 2
    assert_rollups_exact()
    # Headcount is rebuilt by the reconcile: 11 active people, 9 of them in Bogor.
    services.reconcile()
    from netra.analytics.selectors import prevention_vs_violations

    rows = {r["key"]: r for r in prevention_vs_violations(pw["task_force"], Filters())}
    bogor = rows[pw["agency"].code]
    assert bogor["headcount"] == 9 and bogor["pledges"] == 1 and bogor["attendance"] == 2
    assert bogor["pledge_coverage"] == pytest.approx(1 / 9)
    assert rows[pw["other_agency"].code]["headcount"] == 2


def test_a_rolled_back_change_leaves_no_trace_and_later_commits_still_refresh(w):
    """The refresh is queued for after the commit: a rolled-back transaction changes no
    rollup, and the next committed change is still picked up."""
    from django.db import transaction

    with freeze_time(START):
        case = w["step"](w["open"])
    before = cube_rows("case")
    try:
        with transaction.atomic():
            case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert cube_rows("case") == before
    case = Case.objects.get(pk=case.pk)
    w["step"](case_transition, actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    assert_rollups_exact()


def test_reconcile_command_and_nightly_schedule(db):
    import json

    from django.conf import settings
    from django.core.management import call_command

    out = io.StringIO()
    call_command("analytics_reconcile", "--json", stdout=out)
    corrections = json.loads(out.getvalue())
    assert set(corrections) == {"facts", "cubes", "headcount"}
    assert settings.CELERY_BEAT_SCHEDULE["analytics-reconcile"]["task"] == "analytics.reconcile"
    from netra.analytics.tasks import reconcile

    assert reconcile.delay().get()["cubes"] == dict.fromkeys(CUBES, 0)


def test_a_registry_import_refreshes_the_headcount_without_waiting_for_the_reconcile(
    regions_sample, django_capture_on_commit_callbacks
):
    """Imports write people in bulk (no post_save per person): the import's signal recounts the
    prevention coverage's denominator once, so a fresh registry never shows 0 employees."""
    from netra.analytics.models import Headcount
    from netra.registry.choices import PersonStatus
    from netra.registry.demo import build_demo_registry
    from netra.registry.models import Person

    with django_capture_on_commit_callbacks(execute=True):
        build_demo_registry(seed=7, people=40)
    active = Person.objects.filter(status=PersonStatus.ACTIVE).count()
    assert active >= 40
    assert Headcount.objects.aggregate(n=Sum("n"))["n"] == active


def test_a_dry_run_import_leaves_the_headcount_alone(db, django_capture_on_commit_callbacks):
    from netra.analytics.models import Headcount
    from netra.registry.services import ImportSummary, _announce

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _announce(ImportSummary(source="x.csv", sha256="0", dry_run=True, created=3))
    assert callbacks == [] and not Headcount.objects.exists()


# --- a registry person's change (single edit, status, import) --------------------------------


def assert_headcount_exact():
    """Headcount and UnitHeadcount equal a direct GROUP BY over the registry's active people."""
    from netra.analytics.models import Headcount, UnitHeadcount
    from netra.registry.choices import PersonStatus
    from netra.registry.models import Person

    active = Person.objects.filter(status=PersonStatus.ACTIVE)
    by_agency = Counter(
        {a or 0: n for a, n in active.values_list("agency_id").annotate(c=Count("id")).order_by()}
    )
    stored = Headcount.objects.values_list("agency_id").annotate(s=Sum("n")).order_by()
    assert +Counter(dict(stored)) == +by_agency
    by_unit = Counter(
        dict(active.exclude(unit=None).values_list("unit_id").annotate(c=Count("id")).order_by())
    )
    stored = UnitHeadcount.objects.values_list("unit_id").annotate(s=Sum("n")).order_by()
    assert +Counter(dict(stored)) == +by_unit


def assert_units_exact():
    """Cases per work unit in the unit cube equal a direct count over cases and people."""
    from netra.analytics.models import UnitCaseCube

    live = Case.objects.filter(merged_into__isnull=True, person__unit__isnull=False)
    direct = Counter(dict(live.values_list("person__unit_id").annotate(c=Count("id")).order_by()))
    cube = UnitCaseCube.objects.values_list("unit_id").annotate(s=Sum("n")).order_by()
    assert +Counter(dict(cube)) == +direct


@pytest.fixture
def moved(w, regions_sample):
    """A second agency with a work unit, where the case's person is moved to."""
    from netra.registry.services import work_unit_upsert
    from netra.registry.tests.factories import AgencyFactory

    agency = AgencyFactory(code="DEPOK01", name="Pemerintah Kota Depok")
    unit = work_unit_upsert(actor=None, agency=agency, name="Dinas Pendidikan")
    return {"agency": agency, "unit": unit}


def _edit_person(w, **changes):
    from netra.registry.services import person_upsert

    p = w["person"]
    values = {
        "employee_type": p.employee_type,
        "name": p.name,
        "nip": p.nip,
        "position": p.position,
        "position_type": p.position_type,
        "functional_group": p.functional_group,
        "agency": p.agency,
        "unit": p.unit,
        "region": p.region,
        **changes,
    }
    w["person"] = w["step"](person_upsert, actor=None, **values)
    return w["person"]


def test_a_person_edited_in_the_registry_moves_their_cases_at_once(w, moved):
    from netra.registry.choices import FunctionalGroup, PositionType
    from netra.registry.services import person_set_status

    with freeze_time(START):
        case = w["step"](w["to_ppk"])
        w["step"](services.headcount_rebuild)
    old_code = w["agency"].code
    assert totals(agency=old_code)["cases"] == 1
    assert_headcount_exact()
    # A single edit (the registry's form): another agency, a work unit, another position.
    _edit_person(
        w,
        agency=moved["agency"],
        unit=moved["unit"],
        position="Perawat Ahli Pertama",
        position_type=PositionType.FUNCTIONAL,
        functional_group=FunctionalGroup.HEALTH,
    )
    fact = CaseFact.objects.get(case=case)
    assert (fact.agency_id, fact.unit_id) == (moved["agency"].pk, moved["unit"].pk)
    assert fact.functional_group == FunctionalGroup.HEALTH
    assert totals(agency=old_code)["cases"] == 0
    assert totals(agency="DEPOK01")["cases"] == 1
    assert totals(functional_group=FunctionalGroup.HEALTH)["cases"] == 1
    assert_rollups_exact()
    assert_units_exact()
    assert_headcount_exact()  # the old agency lost the person, the new one gained it
    # Leaving the service (status): the headcount follows; the case stays where it was.
    w["step"](person_set_status, actor=None, person=w["person"], status="retired")
    assert_headcount_exact()
    assert_rollups_exact()
    # And the reconcile agrees: nothing left to correct.
    corrections = services.reconcile()
    assert sum(corrections["facts"].values()) == 0 and sum(corrections["cubes"].values()) == 0
    assert corrections["headcount"] == 0


def _import_file(tmp_path, rows):
    import csv

    path = tmp_path / "pegawai.csv"
    header = "nip,name,employee_type,position,position_type,agency_code,agency_name,unit"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header.split(","))
        writer.writerows(rows)
    return path


def test_a_registry_import_moves_cases_in_one_set_based_refresh(
    w, moved, tmp_path, django_assert_max_num_queries
):
    """Both import paths (batched in Python on SQLite, set-based on PostgreSQL) write people
    in bulk without post_save: the import's one signal refreshes the cases of the people it
    changed, with a number of queries that does not grow with the people imported."""
    from netra.analytics import people
    from netra.registry.models import Person
    from netra.registry.services import registry_import

    with freeze_time(START):
        case = w["step"](w["to_ppk"])
        w["step"](w["open"])
    p = w["person"]
    path = _import_file(
        tmp_path,
        [
            [
                p.nip,
                p.name,
                "PNS",
                "Perawat Ahli Pertama",
                "functional",
                "DEPOK01",
                "",
                "Dinas Pendidikan",
            ]
        ],
    )
    summary = w["step"](registry_import, actor=None, path=path)
    assert summary.updated == 1, summary
    p = Person.objects.get(pk=p.pk)
    assert (p.agency_id, p.unit_id) == (moved["agency"].pk, moved["unit"].pk)
    fact = CaseFact.objects.get(case=case)
    assert (fact.agency_id, fact.unit_id) == (moved["agency"].pk, moved["unit"].pk)
    assert fact.functional_group == "health"
    assert totals(agency="DEPOK01")["cases"] == 1
    assert_rollups_exact()
    assert_units_exact()
    assert_headcount_exact()
    # The refresh after an import costs a bounded number of queries, whatever its size.
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # every person counts as changed
    from netra.registry.tests.factories import PersonFactory

    PersonFactory.create_batch(40, agency=moved["agency"], unit=moved["unit"])
    with django_assert_max_num_queries(40):
        people.refresh_imported(since)
    assert_rollups_exact()
    assert_headcount_exact()


@freeze_time(START)
def test_a_case_without_a_matched_person_takes_an_unmistakable_group_from_the_report(w):
    """Not 'not determined' when the report says the person is a teacher or a health worker;
    a position that names neither stays not determined (no guess)."""
    teacher = w["step"](w["open"], reported_position="Guru kelas SDN 1")
    other = w["step"](w["open"], reported_position="Kepala urusan umum")
    assert CaseFact.objects.get(case=teacher).functional_group == "teacher"
    assert CaseFact.objects.get(case=other).functional_group == ""
    assert_rollups_exact()
