"""Prevention at agency scale: attendance import of a large list, then the coverage reads of
the workspace pages, on the people the registry benchmark imported (one agency, one unit).

Attendance and pledges for the coverage reads are bulk-inserted (their services are measured
elsewhere: the import here, the pledge flow in the tests); the reads are what every page view
costs.
"""

import csv
import datetime as dt
import io
import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from netra.accounts.choices import Role
from netra.accounts.models import Membership, User
from netra.elections.choices import ElectionKind
from netra.elections.models import Election
from netra.prevention import coverage
from netra.prevention.choices import (
    ActivityKind,
    AttendanceSource,
    IdentityCheck,
    PledgeMethod,
)
from netra.prevention.models import Activity, Attendance, Pledge, PledgeCampaign
from netra.prevention.selectors import pledge_template_current
from netra.prevention.services import prevention_load_reference
from netra.prevention.services.activities import attendance_import
from netra.registry.models import Agency, Person

IMPORT_ROWS = 2_000
ATTENDED_SHARE = 0.4
PLEDGED_SHARE = 0.25


def _timed(label: str, work, repeat: int = 3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return f"{label}: {best * 1000:,.0f} ms (best of {repeat})", result


def run():
    prevention_load_reference()
    agency = Agency.objects.get(code="3201")
    people = list(Person.objects.filter(agency=agency).values_list("pk", "nip"))
    today = timezone.localdate()
    election = Election.objects.create(
        slug="bench-election",
        name_id="Pemilu (benchmark)",
        kind=ElectionKind.GENERAL,
        vote_date=today + dt.timedelta(days=60),
    )
    hr = User.objects.create(username="bench-hr")
    Membership.objects.create(user=hr, role=Role.AGENCY_HR, agency=agency)
    rng = random.Random(11)

    # 1. The import service on a list of IMPORT_ROWS NIPs (resolved, checked, stored at once).
    apel = Activity.objects.create(
        kind=ActivityKind.APEL,
        title="Apel (benchmark)",
        agency=agency,
        region=agency.region,
        election=election,
        held_on=today - dt.timedelta(days=30),
    )
    chosen = rng.sample(people, min(IMPORT_ROWS, len(people)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["NIP"])
    writer.writerows([nip] for _pk, nip in chosen)
    upload = SimpleUploadedFile("hadir.csv", out.getvalue().encode(), "text/csv")
    started = time.perf_counter()
    batch = attendance_import(actor=hr, activity=apel, upload=upload)
    seconds = time.perf_counter() - started
    yield (
        f"attendance import, {batch.rows_total} NIPs: {seconds:.1f} s "
        f"= {batch.rows_total / seconds:,.0f} rows/s (outcome {batch.outcome}, "
        f"added {batch.rows_added})"
    )

    # 2. Coverage reads with ATTENDED_SHARE attended and PLEDGED_SHARE pledged.
    talk = Activity.objects.create(
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi (benchmark)",
        agency=agency,
        region=agency.region,
        election=election,
        held_on=today - dt.timedelta(days=10),
    )
    attended = rng.sample(people, int(len(people) * ATTENDED_SHARE))
    Attendance.objects.bulk_create(
        [
            Attendance(activity=talk, person_id=pk, source=AttendanceSource.IMPORT)
            for pk, _ in attended
        ],
        batch_size=2_000,
        ignore_conflicts=True,
    )
    template = pledge_template_current("ikrar-netralitas-asn")
    campaign = PledgeCampaign.objects.create(
        title="Ikrar (benchmark)",
        agency=agency,
        region=agency.region,
        election=election,
        template=template,
        starts_on=today - dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=20),
    )
    pledged = rng.sample(people, int(len(people) * PLEDGED_SHARE))
    Pledge.objects.bulk_create(
        [
            Pledge(
                campaign=campaign,
                person_id=pk,
                template=template,
                method=PledgeMethod.INDIVIDUAL,
                identity_check=IdentityCheck.BIRTH_DATE,
                pledged_at=timezone.now() - dt.timedelta(days=rng.randrange(40)),
            )
            for pk, _ in pledged
        ],
        batch_size=2_000,
    )
    everyone = coverage.population(agency=agency)
    agencies = Agency.objects.all()
    yield (
        f"coverage data: {len(people):,} people, {len(attended):,} attended, "
        f"{len(pledged):,} pledged"
    )
    for label, work in [
        ("coverage per agency", lambda: coverage.coverage_by_agency(agencies, election)),
        ("coverage per unit", lambda: coverage.coverage_by_unit(agency, election)),
        ("coverage per region", lambda: coverage.coverage_by_region(everyone, election)),
        (
            "coverage per type x group",
            lambda: coverage.coverage_by_type_and_group(everyone, election),
        ),
        ("units without activity", lambda: list(coverage.units_without_activity(agency, election))),
        ("coverage chart", lambda: coverage.coverage_chart(agency, election, today=today)),
    ]:
        line, _result = _timed(label, work)
        yield line
