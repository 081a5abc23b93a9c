"""A generated election's worth of cases, written in bulk (`netra demo cases`, the analytics
benchmark, and a few thousand in the demo so the dashboards have something to show).

Deterministic by seed, constant memory (batches of `BATCH` cases), COPY on PostgreSQL and
`executemany` on SQLite. Each case gets what the workflow would have left behind, without going
through the services (which would take days for a million cases): its report, a registry
person (teachers and health workers over-represented against the registry), the rules'
classification of the act (the real classifier, cached per act, employee type, election and
phase), the state-change events along its path with their dates, the PPK's decision where one
was taken (followed, lighter, heavier; some PPKs never decide and the follow-up deadline is
overdue), objections and appeals. No audit rows, no e-mail, no letters: a load generator.

The analytics rollups are not maintained row by row here (no signals fire on COPY): the caller
rebuilds them afterwards (`analytics.services.reconcile`).
"""

import datetime as dt
import hashlib
import json
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from netra.cases.choices import CaseEventKind, Compliance, OfficialOutcome, RemedyOutcome
from netra.cases.choices import CaseState as S
from netra.cases.choices import Remedy as RemedyKind
from netra.cases.compliance import LEVEL_RANK
from netra.cases.models import Case, CaseDeadline, CaseEvent, CaseReport
from netra.intake.choices import PublicStatus, ReporterMode, ReportSource
from netra.intake.models import Report
from netra.registry.choices import (
    AgencyKind,
    EmployeeType,
    FunctionalGroup,
    PersonStatus,
    PositionType,
)
from netra.registry.models import Agency, Person
from netra.rules.models import Sanction
from netra.sanctions.choices import DecisionBasis, DecisionStatus
from netra.sanctions.models import Decision, Remedy

BATCH = 10_000
WIB = dt.timezone(dt.timedelta(hours=7))

# Final states and their share of cases (roughly the shape of Bawaslu's 2024 figures: most
# reports end in a recommendation; a good part is never registered or is not a violation).
STATE_WEIGHTS: tuple[tuple[str, float], ...] = (
    (S.RECEIVED, 2.0),
    (S.FORMAL_CHECK, 2.0),
    (S.NEEDS_CORRECTION, 1.0),
    (S.NOT_REGISTERED, 7.0),
    (S.REGISTERED, 1.5),
    (S.TASK_FORCE_VERIFICATION, 1.5),
    (S.STUDY, 4.0),
    (S.NOT_A_VIOLATION, 12.0),
    (S.STOPPED, 3.0),
    (S.RECOMMENDED, 1.5),
    (S.RECOMMENDATION_TO_AUTHORITY, 2.0),
    (S.RECOMMENDATION_TO_PPK, 9.0),
    (S.PPK_NO_FOLLOW_UP, 4.0),
    (S.DATA_BLOCKED, 1.0),
    (S.SANCTIONED, 12.0),
    (S.OBJECTION, 0.7),
    (S.OBJECTION_DECIDED, 0.5),
    (S.APPEAL, 0.6),
    (S.APPEAL_DECIDED, 0.4),
    (S.CLOSED, 34.8),
)
_BASE = (S.RECEIVED, S.FORMAL_CHECK, S.REGISTERED, S.STUDY)
_TO_PPK = (*_BASE, S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY, S.RECOMMENDATION_TO_PPK)
PATHS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.RECEIVED,),
    S.FORMAL_CHECK: (S.RECEIVED, S.FORMAL_CHECK),
    S.NEEDS_CORRECTION: (S.RECEIVED, S.FORMAL_CHECK, S.NEEDS_CORRECTION),
    S.NOT_REGISTERED: (S.RECEIVED, S.FORMAL_CHECK, S.NOT_REGISTERED),
    S.REGISTERED: (S.RECEIVED, S.FORMAL_CHECK, S.REGISTERED),
    S.TASK_FORCE_VERIFICATION: (
        S.RECEIVED,
        S.FORMAL_CHECK,
        S.REGISTERED,
        S.TASK_FORCE_VERIFICATION,
    ),
    S.STUDY: _BASE,
    S.NOT_A_VIOLATION: (*_BASE, S.NOT_A_VIOLATION),
    S.STOPPED: (*_BASE, S.STOPPED),
    S.RECOMMENDED: (*_BASE, S.RECOMMENDED),
    S.RECOMMENDATION_TO_AUTHORITY: (*_BASE, S.RECOMMENDED, S.RECOMMENDATION_TO_AUTHORITY),
    S.RECOMMENDATION_TO_PPK: _TO_PPK,
    S.PPK_NO_FOLLOW_UP: (*_TO_PPK, S.PPK_NO_FOLLOW_UP),
    S.DATA_BLOCKED: (*_TO_PPK, S.PPK_NO_FOLLOW_UP, S.DATA_BLOCKED),
    S.SANCTIONED: (*_TO_PPK, S.SANCTIONED),
    S.OBJECTION: (*_TO_PPK, S.SANCTIONED, S.OBJECTION),
    S.OBJECTION_DECIDED: (*_TO_PPK, S.SANCTIONED, S.OBJECTION, S.OBJECTION_DECIDED),
    S.APPEAL: (*_TO_PPK, S.SANCTIONED, S.APPEAL),
    S.APPEAL_DECIDED: (*_TO_PPK, S.SANCTIONED, S.APPEAL, S.APPEAL_DECIDED),
}
# A closed case was closed after one of these (sanctioned mostly; some not proven).
CLOSED_VIA = ((S.SANCTIONED, 0.85), (S.PPK_NO_FOLLOW_UP, 0.05), (S.APPEAL_DECIDED, 0.10))
TERMINAL = {S.NOT_REGISTERED, S.NOT_A_VIOLATION, S.STOPPED, S.CLOSED}
PUBLIC_STATUS = {
    S.RECEIVED: PublicStatus.RECEIVED,
    S.FORMAL_CHECK: PublicStatus.RECEIVED,
    S.NEEDS_CORRECTION: PublicStatus.NEEDS_CORRECTION,
    S.NOT_REGISTERED: PublicStatus.NOT_REGISTERED,
    S.REGISTERED: PublicStatus.REGISTERED,
    S.TASK_FORCE_VERIFICATION: PublicStatus.IN_STUDY,
    S.STUDY: PublicStatus.IN_STUDY,
    S.NOT_A_VIOLATION: PublicStatus.CLOSED,
    S.STOPPED: PublicStatus.CLOSED,
    S.RECOMMENDED: PublicStatus.RECOMMENDED,
    S.RECOMMENDATION_TO_AUTHORITY: PublicStatus.RECOMMENDED,
    S.RECOMMENDATION_TO_PPK: PublicStatus.RECOMMENDED,
    S.CLOSED: PublicStatus.CLOSED,
}
# Typical days a step takes (the mean of an exponential spread); Bawaslu's are statutory.
STEP_DAYS = {
    S.FORMAL_CHECK: 1,
    S.NEEDS_CORRECTION: 2,
    S.NOT_REGISTERED: 3,
    S.REGISTERED: 2,
    S.TASK_FORCE_VERIFICATION: 5,
    S.STUDY: 2,
    S.NOT_A_VIOLATION: 7,
    S.STOPPED: 6,
    S.RECOMMENDED: 8,
    S.RECOMMENDATION_TO_AUTHORITY: 3,
    S.RECOMMENDATION_TO_PPK: 10,
    S.SANCTIONED: 35,
    S.PPK_NO_FOLLOW_UP: 60,
    S.DATA_BLOCKED: 20,
    S.OBJECTION: 14,
    S.OBJECTION_DECIDED: 21,
    S.APPEAL: 14,
    S.APPEAL_DECIDED: 60,
    S.CLOSED: 30,
}
# How the PPK's decision compares with the recommendation (sanctioned cases).
COMPLIANCE_WEIGHTS = ((Compliance.COMPLIANT, 0.66), (Compliance.LIGHTER, 0.27))
COMPLIANCE_WEIGHTS += ((Compliance.HEAVIER, 0.04), (Compliance.NOT_IN_CATALOGUE, 0.03))
ELECTION_WEIGHTS = (("pemilu-2024", 0.5), ("pilkada-2024", 0.4), ("pilkada-2020", 0.1))
# Act slugs by how often they are reported (social media and attending campaigns lead).
ACT_WEIGHT_DEFAULT = 1.0
ACT_WEIGHTS = {
    "social-media-engagement": 9.0,
    "online-campaigning": 5.0,
    "attending-declaration-or-campaign": 6.0,
    "photos-or-gestures": 5.0,
    "money-politics-and-gifts": 2.5,
}
# How much more often a member of a group is reported than their share of the registry.
GROUP_REPORT_WEIGHT = {"guru": 1.0, "tenaga kesehatan": 1.0}
OTHER_REPORT_WEIGHT = 0.45
NON_ASN_SHARE = 0.08
UNRESOLVED_SHARE = 0.12  # reported person not (yet) found in the registry
FINDING_SHARE = 0.22  # Bawaslu's own findings (temuan) among the reports
_GROUPS = {
    "guru": FunctionalGroup.TEACHER,
    "tenaga kesehatan": FunctionalGroup.HEALTH,
    "fungsional lain": FunctionalGroup.OTHER_FUNCTIONAL,
}
_POSITION_TYPES = {
    "struktural": PositionType.STRUCTURAL,
    "fungsional": PositionType.FUNCTIONAL,
    "pelaksana": PositionType.EXECUTOR,
}
DESCRIPTIONS = (
    "Terlapor membagikan ulang unggahan kampanye pasangan calon di media sosial.",
    "Terlapor hadir dalam kegiatan kampanye mengenakan atribut pasangan calon.",
    "Terlapor berfoto dengan gestur nomor urut pasangan calon dan mengunggahnya.",
    "Terlapor mengajak rekan kerja memilih calon tertentu dalam rapat dinas.",
    "Terlapor membagikan bahan kampanye kepada warga di lingkungan kerjanya.",
)


class GenerationUnavailable(RuntimeError):
    """Reference data the cases need (regions, rules, elections) is missing."""


@dataclass
class _Setup:
    elections: list  # (Election, weight)
    acts: list[str]
    act_ids: dict[str, int]
    act_weights: list[float]
    places: tuple
    agencies: dict[str, int]
    regions: dict[str, int]
    sanctions_by_type: dict[str, list[Sanction]]
    classifications: dict


def _setup() -> _Setup:
    from netra.elections.models import Election
    from netra.regions.models import Region
    from netra.registry.demo_file import RegionsMissing, _places
    from netra.rules.models import ProhibitedAct

    elections = []
    for slug, weight in ELECTION_WEIGHTS:
        election = Election.objects.filter(slug=slug).first()
        if election:
            elections.append((election, weight))
    acts = list(ProhibitedAct.objects.order_by("position", "slug").values_list("slug", "id"))
    if not elections or not acts:
        raise GenerationUnavailable("rules and elections must be loaded (netra load-reference)")
    try:
        places = _places()
    except RegionsMissing as exc:
        raise GenerationUnavailable(str(exc)) from exc
    agencies = _ensure_agencies(places[0])
    sanctions: dict[str, list[Sanction]] = {}
    for sanction in Sanction.objects.order_by("code", "-version"):
        for employee_type in sanction.employee_types:
            bucket = sanctions.setdefault(employee_type, [])
            if all(s.code != sanction.code for s in bucket):
                bucket.append(sanction)
    return _Setup(
        elections=elections,
        acts=[slug for slug, _pk in acts],
        act_ids=dict(acts),
        act_weights=[ACT_WEIGHTS.get(slug, ACT_WEIGHT_DEFAULT) for slug, _pk in acts],
        places=places,
        agencies=agencies,
        regions=dict(Region.objects.values_list("code", "id")),
        sanctions_by_type=sanctions,
        classifications={},
    )


def _ensure_agencies(places) -> dict[str, int]:
    """The agencies the generated people work for (kept when they already exist)."""
    existing = dict(Agency.objects.values_list("code", "id"))
    regions = {}
    from netra.regions.models import Region

    regions = dict(Region.objects.values_list("code", "id"))
    new = []
    for place in places:
        if place.agency_code in existing:
            continue
        if len(place.agency_code) == 4:
            kind, region = AgencyKind.REGENCY, regions.get(place.regency)
            name = place.agency_name.removeprefix("Pemerintah ")
            title = (
                f"Wali Kota {name.removeprefix('Kota ')}"
                if name.startswith("Kota ")
                else f"Bupati {name.removeprefix('Kabupaten ')}"
            )
        elif len(place.agency_code) == 2:
            kind, region = AgencyKind.PROVINCE, regions.get(place.agency_code)
            title = place.agency_name.replace("Pemerintah Provinsi", "Gubernur")
        else:
            kind, region, title = AgencyKind.CENTRAL, None, f"Menteri/Kepala {place.agency_name}"
        new.append(
            Agency(
                code=place.agency_code,
                name=place.agency_name,
                kind=kind,
                region_id=region,
                ppk_title=title[:200],
            )
        )
    Agency.objects.bulk_create(new, batch_size=1000)
    return dict(Agency.objects.values_list("code", "id"))


def _classification(setup: _Setup, act: str, employee_type: str, election, phase: str) -> dict:
    """The rules' classification, computed once per combination (the classifier reads the
    catalogue; a million calls would dominate the run)."""
    key = (act, employee_type, election.pk, phase)
    if key not in setup.classifications:
        from netra.cases.services import _json_ready
        from netra.rules.classification import ClassificationError, classify

        try:
            result = classify(
                act=act,
                employee_type=employee_type,
                act_date=election.vote_date - dt.timedelta(days=30),
                election=election,
                phase=phase,
            )
            setup.classifications[key] = _json_ready(result.as_dict())
        except ClassificationError:
            setup.classifications[key] = {}
    return setup.classifications[key]


def _moment(day_offset: float, base: dt.date, rng: random.Random) -> dt.datetime:
    start = dt.datetime.combine(base, dt.time(8), tzinfo=WIB)
    return start + dt.timedelta(days=day_offset, minutes=rng.randrange(0, 9 * 60))


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def generate_cases(
    *,
    cases: int,
    seed: int = 42,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Write `cases` cases with everything around them; returns counts per table and state."""
    if cases < 1:
        raise ValueError("cases must be 1 or more")
    setup = _setup()
    rng = random.Random(seed)
    now = now or timezone.now()
    today = now.astimezone(WIB).date()
    people = _people(setup, rng, seed)
    ids = {model: _next_id(model) for model in (Report, Case, Person, Decision)}
    totals: dict[str, int] = {}
    by_state: dict[str, int] = {}
    done = 0
    while done < cases:
        size = min(BATCH, cases - done)
        batch = _Batch()
        for _i in range(size):
            _one_case(setup, rng, people, batch, ids, now, today, by_state)
        with transaction.atomic():
            batch.write()
        for table, n in batch.counts().items():
            totals[table] = totals.get(table, 0) + n
        done += size
        if progress:
            progress(size)
    _reset_sequences()
    return {"cases": cases, "rows": totals, "by_state": by_state}


class _Batch:
    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[dict]] = {
            m: [] for m in (Person, Report, Case, CaseReport, CaseEvent, CaseDeadline, Decision)
        }
        self.rows[Remedy] = []

    def add(self, model, **values) -> None:
        self.rows[model].append(values)

    def counts(self) -> dict[str, int]:
        return {m._meta.label: len(rows) for m, rows in self.rows.items() if rows}

    def write(self) -> None:
        self._drop_known_people()
        for model, rows in self.rows.items():
            if rows:
                bulk_insert(model, rows)

    def _drop_known_people(self) -> None:
        """A generated NIP already in the registry: the case is about that person instead."""
        nips = [p["nip"] for p in self.rows[Person] if p["nip"]]
        known = dict(Person.objects.filter(nip__in=nips).values_list("nip", "id"))
        if not known:
            return
        remap = {p["id"]: known[p["nip"]] for p in self.rows[Person] if p["nip"] in known}
        self.rows[Person] = [p for p in self.rows[Person] if p["id"] not in remap]
        for model in (Case, Decision):
            for row in self.rows[model]:
                row["person_id"] = remap.get(row["person_id"], row["person_id"])


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _people(setup: _Setup, rng: random.Random, seed: int) -> Iterator[dict | None]:
    """Registry rows of reported people, teachers and health workers over-represented; None
    for a reported person not in the registry."""
    from netra.registry.demo_file import SLOTS, generate_rows

    # NIPs are unique within one seed (a bijection on the NIP slots); a NIP already in the
    # registry (another seed, the registry demo) is dropped when the batch is written.
    for row in generate_rows(people=SLOTS, seed=seed + 7919, places=setup.places):
        if row.bad:
            continue
        values = row.values
        weight = GROUP_REPORT_WEIGHT.get(values["functional_group"], OTHER_REPORT_WEIGHT)
        if rng.random() > weight:
            continue
        yield None if rng.random() < UNRESOLVED_SHARE else values


def _person_values(setup: _Setup, values: dict, rng: random.Random, pk: int, now) -> dict:
    from netra.registry.names import name_key, name_variants_key, split_name

    non_asn = rng.random() < NON_ASN_SHARE
    plain = split_name(values["name"]).plain
    return {
        "id": pk,
        "public_id": uuid.uuid4(),
        "employee_type": (
            EmployeeType.NON_ASN
            if non_asn
            else (EmployeeType.PPPK if values["employee_type"] == "PPPK" else EmployeeType.PNS)
        ),
        "nip": None if non_asn else values["nip"],
        "nik": values["nik"] or None,
        "name": values["name"],
        "name_plain": plain,
        "name_key": name_key(plain),
        "name_variants_key": name_variants_key(plain),
        "gender": {"L": "M", "P": "F"}.get(values["gender"], ""),
        "position": values["position"],
        "position_type": _POSITION_TYPES.get(values["position_type"], ""),
        "functional_group": _GROUPS.get(values["functional_group"], FunctionalGroup.NONE),
        "agency_id": setup.agencies[values["agency_code"]],
        "region_id": setup.regions.get(values["region_code"]),
        "status": PersonStatus.ACTIVE if values["status"] == "aktif" else PersonStatus.RETIRED,
        "created_at": now,
        "updated_at": now,
    }


def _one_case(setup, rng, people, batch, ids, now, today, by_state) -> None:
    election, _w = rng.choices(setup.elections, [w for _e, w in setup.elections])[0]
    # Reports cluster before the vote (campaign), tailing off after it.
    offset = rng.triangular(-200, 45, -25)
    reported = _moment(offset, election.vote_date, rng)
    if reported > now:
        reported = now - dt.timedelta(days=rng.uniform(1, 60))
    final = _pick(rng, STATE_WEIGHTS)
    path = PATHS.get(final)
    if path is None:  # closed
        via = _pick(rng, CLOSED_VIA)
        path = (*PATHS[via], S.CLOSED)
    person_row = next(people)
    person_id = None
    employee_type = rng.choice((EmployeeType.PNS, EmployeeType.PNS, EmployeeType.PPPK))
    region_code = ""
    if person_row is not None:
        person_id = ids[Person]
        ids[Person] += 1
        person = _person_values(setup, person_row, rng, person_id, now)
        batch.add(Person, **person)
        employee_type = person["employee_type"]
        region_code = person_row["region_code"][:5]
    if not region_code:
        place = setup.places[2][rng.randrange(len(setup.places[2]))]
        region_code = place.regency
    region_id = setup.regions.get(region_code)
    act = rng.choices(setup.acts, setup.act_weights)[0]
    phase = "candidate" if offset > -75 else "prospective_candidate"
    classification = (
        _classification(setup, act, employee_type, election, phase)
        if S.STUDY in path or final == S.REGISTERED
        else {}
    )
    # Dates along the path (each step after the previous one, never after now).
    moments = [reported]
    for state in path[1:]:
        step = rng.expovariate(1 / STEP_DAYS.get(state, 5)) + 0.2
        moments.append(min(moments[-1] + dt.timedelta(days=step), now))
    report_id = ids[Report]
    ids[Report] += 1
    case_id = ids[Case]
    ids[Case] += 1
    source = ReportSource.FINDING if rng.random() < FINDING_SHARE else ReportSource.PUBLIC
    tracking = _readable("NTR", reported.year, report_id)
    batch.add(
        Report,
        id=report_id,
        public_id=uuid.uuid4(),
        tracking_number=tracking,
        access_key_digest=hashlib.sha256(f"generated:{tracking}".encode()).hexdigest(),
        source=source,
        reporter_mode=rng.choice(list(ReporterMode.values)),
        act_id=setup.act_ids[act],
        description=rng.choice(DESCRIPTIONS),
        event_date=(reported - dt.timedelta(days=rng.randrange(0, 5))).date(),
        learned_date=reported.date(),
        place_text="",
        region_id=region_id,
        election_id=election.pk,
        reported_name=person_row["name"] if person_row else "",
        reported_workplace=person_row["unit"] if person_row else "",
        reported_position=person_row["position"] if person_row else "",
        reported_nip=(person_row["nip"] if person_row and rng.random() < 0.4 else ""),
        public_status=_public_status(path),
        created_at=reported,
        updated_at=moments[-1],
    )
    level = classification.get("level") or ""
    sanctions = [s["code"] for s in classification.get("sanctions", [])]
    facts: dict = {}
    if S.RECOMMENDED in path and level:
        facts["recommended_level"] = level
        facts["recommended_sanctions"] = sanctions[:2]
    outcome = _outcome(path, rng)
    if path[-1] == S.STOPPED:
        facts["outcome"] = outcome
    if path[-1] == S.CLOSED and S.PPK_NO_FOLLOW_UP in path and S.SANCTIONED not in path:
        facts["person_left"] = True
    closed_at = moments[-1] if path[-1] in TERMINAL else None
    batch.add(
        Case,
        id=case_id,
        public_id=uuid.uuid4(),
        number=_readable("KSS", reported.year, case_id),
        state=path[-1],
        report_id=report_id,
        region_id=region_id,
        election_id=election.pk,
        person_id=person_id,
        person_not_in_registry=person_row is None and S.STUDY in path,
        classification=classification,
        facts=facts,
        outcome=outcome,
        created_at=reported,
        updated_at=moments[-1],
        closed_at=closed_at,
    )
    by_state[path[-1]] = by_state.get(path[-1], 0) + 1
    batch.add(CaseReport, case_id=case_id, report_id=report_id, is_primary=True, added_at=reported)
    previous = ""
    for state, moment in zip(path, moments, strict=True):
        batch.add(
            CaseEvent,
            case_id=case_id,
            kind=CaseEventKind.TRANSITION,
            from_state=previous,
            to_state=state,
            role="",
            note="",
            created_at=moment,
        )
        previous = state
    if S.RECOMMENDATION_TO_PPK in path:
        _ppk_side(
            setup,
            rng,
            batch,
            ids,
            case_id,
            person_id,
            employee_type,
            path,
            moments,
            sanctions,
            level,
            today,
            facts,
        )


_SPACE = 31**7
_SCRAMBLE = 2_654_435_761  # not a multiple of 31: i -> A*i mod 31**7 is a bijection


def _readable(prefix: str, year: int, pk: int) -> str:
    """A tracking or case number in the real shape ("NTR-24-7K3Q-9XWM"), unique per row id,
    looking as random as the real ones."""
    from netra.readable_codes import ALPHABET, check_char

    n = (_SCRAMBLE * pk + 977) % _SPACE
    body = ""
    for _i in range(7):
        n, digit = divmod(n, 31)
        body += ALPHABET[digit]
    chars = body + check_char(f"{year % 100:02d}{body}")
    return f"{prefix}-{year % 100:02d}-{chars[:4]}-{chars[4:]}"


def _public_status(path: tuple[str, ...]) -> str:
    for state in reversed(path):
        if state in PUBLIC_STATUS:
            status = PUBLIC_STATUS[state]
            if state in (S.SANCTIONED,) or (
                S.SANCTIONED in path and status == PublicStatus.RECOMMENDED
            ):
                return PublicStatus.DECIDED
            return status
    return PublicStatus.DECIDED


def _outcome(path: tuple[str, ...], rng: random.Random) -> str:
    last = path[-1]
    if last == S.NOT_A_VIOLATION:
        return OfficialOutcome.NOT_PROVEN
    if last in (S.NOT_REGISTERED,):
        return OfficialOutcome.REJECTED
    if last == S.STOPPED:
        return rng.choice((OfficialOutcome.CANCELLED, OfficialOutcome.NOT_PROVEN))
    if S.SANCTIONED in path:
        return OfficialOutcome.SANCTIONED
    if S.PPK_NO_FOLLOW_UP in path and last == S.CLOSED:
        return OfficialOutcome.ALREADY_LEFT
    if S.RECOMMENDATION_TO_PPK in path:
        return OfficialOutcome.AWAITING_PPK_FOLLOW_UP
    if S.RECOMMENDATION_TO_AUTHORITY in path:
        return OfficialOutcome.AWAITING_BKN_VERIFICATION
    return ""


def _ppk_side(
    setup,
    rng,
    batch,
    ids,
    case_id,
    person_id,
    employee_type,
    path,
    moments,
    sanctions,
    level,
    today,
    facts,
) -> None:
    """The PPK follow-up deadline and, when the PPK decided, its decree (and any remedy)."""
    sent = moments[path.index(S.RECOMMENDATION_TO_PPK)]
    decided = S.SANCTIONED in path
    due = (sent + dt.timedelta(days=30)).date()
    met = moments[path.index(S.SANCTIONED)] if decided else None
    overdue = None if met else (due if due < today else None)
    batch.add(
        CaseDeadline,
        case_id=case_id,
        code="ppk_follow_up",
        state=S.RECOMMENDATION_TO_PPK,
        started_at=sent,
        due_date=due,
        unit="calendar",
        met_at=met,
        overdue_since=overdue,
    )
    if not decided:
        return
    compliance = _pick(rng, COMPLIANCE_WEIGHTS)
    catalogue = setup.sanctions_by_type.get(employee_type) or []
    rank = LEVEL_RANK.get(level)
    chosen = _decided_sanction(rng, catalogue, sanctions, rank, compliance)
    if chosen is None:
        return
    decision_id = ids[Decision]
    ids[Decision] += 1
    facts["decision_sanction"] = chosen.code  # the case row is written with the batch
    decree_day = met.date()
    remedy = ""
    if S.OBJECTION in path:
        remedy = RemedyKind.OBJECTION
    elif S.APPEAL in path:
        remedy = RemedyKind.APPEAL
    batch.add(
        Decision,
        id=decision_id,
        public_id=uuid.uuid4(),
        case_id=case_id,
        person_id=person_id,
        sanction_id=chosen.pk,
        sanction_code=chosen.code,
        sanction_label_id=chosen.label_id,
        sanction_label_en=chosen.label_en,
        sanction_levels=list(chosen.levels),
        remedy=remedy,
        decree_number=f"800/{case_id}/BKPSDM/{decree_day.year}",
        decree_date=decree_day,
        received_on=decree_day + dt.timedelta(days=rng.randrange(1, 6)),
        compliance=compliance,
        official_outcome=OfficialOutcome.SANCTIONED,
        basis=DecisionBasis.PPK,
        status=DecisionStatus.IN_FORCE,
        note="",
        recorded_at=met,
    )
    if remedy:
        kind_state = S.OBJECTION if remedy == RemedyKind.OBJECTION else S.APPEAL
        decided_state = S.OBJECTION_DECIDED if remedy == RemedyKind.OBJECTION else S.APPEAL_DECIDED
        filed = moments[path.index(kind_state)]
        ruled = moments[path.index(decided_state)] if decided_state in path else None
        batch.add(
            Remedy,
            public_id=uuid.uuid4(),
            case_id=case_id,
            decision_id=decision_id,
            kind=remedy,
            filed_on=filed.date(),
            grounds="Terlapor menilai sanksi terlalu berat.",
            filing_deadline=decree_day + dt.timedelta(days=14),
            filed_in_time=True,
            decided_on=ruled.date() if ruled else None,
            outcome=(rng.choice((RemedyOutcome.UPHELD, RemedyOutcome.LIGHTENED)) if ruled else ""),
            decision_note="",
            court_case_number="",
            court_ruling="",
            created_at=filed,
        )


def _decided_sanction(rng, catalogue, recommended, rank, compliance):
    by_code = {s.code: s for s in catalogue}
    own = [by_code[c] for c in recommended if c in by_code]
    if rank is None or compliance == Compliance.COMPLIANT or not catalogue:
        return rng.choice(own) if own else (rng.choice(catalogue) if catalogue else None)

    def ranks(s) -> list[int]:
        return [LEVEL_RANK[lv] for lv in s.levels if lv in LEVEL_RANK]

    if compliance == Compliance.LIGHTER:
        pool = [s for s in catalogue if ranks(s) and max(ranks(s)) < rank]
    elif compliance == Compliance.HEAVIER:
        pool = [s for s in catalogue if ranks(s) and min(ranks(s)) > rank]
    else:
        pool = []
    if pool:
        return rng.choice(pool)
    return rng.choice(own) if own else rng.choice(catalogue)


# --- bulk writing ------------------------------------------------------------------------


def _columns(model, rows: list[dict]) -> list[tuple[str, models.Field]]:
    """Every concrete column: those given in the rows and the others' defaults."""
    given = set(rows[0])
    out = []
    for f in model._meta.concrete_fields:
        name = f.attname
        if name in given or f.name in given:
            out.append((name if name in given else f.name, f))
        elif not f.primary_key:
            out.append((name, f))
    return out


def _value(field: models.Field, value):
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


def bulk_insert(model, rows: list[dict]) -> None:
    """Insert dict rows into `model`'s table: COPY on PostgreSQL, executemany elsewhere.
    Fields not in the rows get their default (auto_now fields: now)."""
    cols = _columns(model, rows)
    now = timezone.now()
    defaults = {}
    for key, f in cols:
        if key in rows[0]:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[key] = now
        else:
            defaults[key] = f.get_default()  # "" for text, None when nullable
    table = model._meta.db_table
    names = [f.column for _k, f in cols]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
            with cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(
                        [_value(f, row[k] if k in row else _fresh(f, defaults[k])) for k, f in cols]
                    )
        else:
            placeholders = ", ".join(["%s"] * len(names))
            # Table and column names come from the model, never from input.
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608
            values = []
            for row in rows:
                values.append(
                    [
                        f.get_db_prep_save(
                            row[k] if k in row else _fresh(f, defaults[k]), connection
                        )
                        for k, f in cols
                    ]
                )
            cursor.executemany(sql, values)


def _fresh(field: models.Field, default):
    # A callable default (uuid4) must differ per row.
    if field.has_default() and callable(field.default):
        return field.default()
    return default


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(
        no_style(), [Person, Report, Case, CaseReport, CaseEvent, CaseDeadline, Decision, Remedy]
    )
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
