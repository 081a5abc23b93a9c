"""Demo cases for `make run`: at least one case in every state of the workflow, in Kabupaten
Bogor, about people of the Bogor regency government (agency 3201) so that the demo PPK and
BKPSDM accounts see the PPK side.

Everything goes through the services, with the demo staff accounts as actors (so the case
timelines and the audit trail show who did what, under which role):
`intake.services.report_submit`, `cases.services.case_open_from_report`,
`case_resolve_identity`, `case_classify`, `case_transition`, `case_merge`,
`deadlines_mark_overdue`, and the sanctions services (`decision_record`, `remedy_file`,
`remedy_decide`, `remedy_court_file`, `remedy_court_ruling`, `data_block_confirm`).

Overdue deadlines: some states are reached only once a deadline has passed (a correction not
made, a PPK that did not follow up, an objection the PPK did not decide in time). The demo runs
at today's date and cannot move the clock (freezegun is a test-only dependency), so for those
cases the builder backdates the open `CaseDeadline.due_date` with one queryset update and then
runs the real overdue sweep, which marks, audits and escalates them as it would in production.
The PPK follow-up deadline has no statutory length (DOMAIN.md §8.1): the demo gives those two
or three cases a past due date rather than setting the operators' rule setting for everyone.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from netra.accounts.models import User
from netra.cases import workflow
from netra.cases.choices import CaseState, RemedyOutcome
from netra.cases.letters import ppk_notification_issue, recommendation_letter_issue
from netra.cases.models import Case, CaseDeadline
from netra.cases.services import (
    case_classify,
    case_merge,
    case_open_from_report,
    case_resolve_identity,
    case_transition,
    deadlines_mark_overdue,
)
from netra.demo.letters import build_demo_letter_settings
from netra.elections.models import Election
from netra.intake.services import report_submit
from netra.regions.choices import RegionLevel
from netra.regions.models import Region
from netra.registry.choices import EmployeeType, PersonStatus
from netra.registry.models import Person
from netra.registry.services import person_set_status
from netra.rules.selectors import act_get

S = CaseState
D = workflow.DeadlineCode
AGENCY_CODE = "3201"
REGENCY = "32.01"
# Demo staff (demo/accounts.py) by the part they play.
BAWASLU, TASK_FORCE, PPK, HR = "bawaslu.bogor", "satgas.bkn", "ppk.bogor", "bkpsdm.bogor"
BACKDATE_DAYS = 30


class DemoCasesUnavailable(RuntimeError):
    """The demo registry, staff or reference data the cases need are missing."""


@dataclass(frozen=True)
class Scenario:
    target: str
    act: str
    place: str
    description: str
    reported: tuple[str, str]  # workplace, position (the name comes from the registry person)
    steps: tuple[str, ...] = field(default=())


# Each scenario names the steps (functions below) that take a fresh case to its state.
_TRIAGE = ("formal_check", "registered")
_STUDY = (*_TRIAGE, "identify", "study")
_TO_PPK = (*_STUDY, "recommended", "to_authority", "to_ppk")
_SANCTIONED = (*_TO_PPK, "decide_objection_route")
_OBJECTION = (*_SANCTIONED, "file_remedy")
_APPEAL = (*_TO_PPK, "decide_appeal_route", "file_remedy")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        S.RECEIVED,
        "social-media-engagement",
        "Grup WhatsApp guru se-kecamatan",
        "Seorang guru membagikan ulang unggahan kampanye calon bupati di grup WhatsApp guru.",
        ("SD Negeri", "Guru kelas"),
    ),
    Scenario(
        S.FORMAL_CHECK,
        "photos-or-gestures",
        "Akun Instagram pribadi",
        "Foto pegawai berseragam dinas berpose dengan gestur nomor urut pasangan calon.",
        ("Puskesmas", "Perawat"),
        ("formal_check",),
    ),
    Scenario(
        S.NEEDS_CORRECTION,
        "money-politics-and-gifts",
        "Balai desa",
        "Pembagian sembako berstiker calon kepada warga; pelapor belum melampirkan saksi.",
        ("Kantor Desa", "Kepala urusan"),
        ("formal_check", "needs_correction"),
    ),
    Scenario(
        S.NOT_REGISTERED,
        "online-campaigning",
        "Kanal YouTube",
        "Video ajakan memilih calon oleh pegawai kecamatan; laporan tidak dilengkapi.",
        ("Kantor Kecamatan", "Staf pelayanan"),
        ("formal_check", "needs_correction", "correction_overdue", "not_registered"),
    ),
    Scenario(
        S.REGISTERED,
        "attending-declaration-or-campaign",
        "Lapangan desa",
        "Pegawai dinas hadir dan bertepuk tangan dalam deklarasi dukungan pasangan calon.",
        ("Dinas Pendidikan", "Pengawas sekolah"),
        _TRIAGE,
    ),
    Scenario(
        S.TASK_FORCE_VERIFICATION,
        "joining-campaign-activities",
        "Gedung serbaguna",
        "Laporan masuk melalui SBT: pegawai ikut rapat tim pemenangan calon.",
        ("Sekretariat Daerah", "Analis kebijakan"),
        (*_TRIAGE, "task_force_verification"),
    ),
    Scenario(
        S.STUDY,
        "banners-and-props",
        "Halaman sekolah",
        "Spanduk calon bupati dipasang di pagar sekolah atas perintah kepala sekolah.",
        ("SD Negeri", "Kepala sekolah"),
        _STUDY,
    ),
    Scenario(
        S.NOT_A_VIOLATION,
        "photos-or-gestures",
        "Media sosial",
        "Foto bersama calon ternyata diambil sebelum yang bersangkutan menjadi pegawai.",
        ("Puskesmas", "Bidan"),
        (*_STUDY, "not_a_violation"),
    ),
    Scenario(
        S.STOPPED,
        "social-media-engagement",
        "Facebook",
        "Komentar dukungan dari akun yang belum dapat dipastikan milik terlapor.",
        ("Dinas Kesehatan", "Sanitarian"),
        (*_TRIAGE, "task_force_verification", "stop_by_task_force"),
    ),
    Scenario(
        S.RECOMMENDED,
        "banners-and-props",
        "Ruang guru",
        "Alat peraga kampanye calon dibagikan kepada guru di ruang guru.",
        ("SMP Negeri", "Guru mata pelajaran"),
        (*_STUDY, "recommended"),
    ),
    Scenario(
        S.RECOMMENDATION_TO_AUTHORITY,
        "using-office-facilities",
        "Halaman kantor dinas",
        "Mobil dinas dipakai mengangkut atribut kampanye ke lokasi pertemuan tim pemenangan.",
        ("Dinas Pekerjaan Umum", "Pengelola kendaraan"),
        (*_STUDY, "recommended", "to_authority"),
    ),
    Scenario(
        S.RECOMMENDATION_TO_PPK,
        "attending-declaration-or-campaign",
        "Alun-alun kecamatan",
        "Camat memberi sambutan dalam acara deklarasi dukungan pasangan calon.",
        ("Kantor Kecamatan", "Camat"),
        (*_TO_PPK, "ppk_notice"),
    ),
    Scenario(
        S.PPK_NO_FOLLOW_UP,
        "joining-campaign-activities",
        "Posko pemenangan",
        "Pegawai tercatat sebagai peserta pelatihan saksi pasangan calon.",
        ("Dinas Pendidikan", "Pengadministrasi"),
        (*_TO_PPK, "ppk_overdue"),
    ),
    Scenario(
        S.DATA_BLOCKED,
        "campaign-team-role",
        "Kantor tim pemenangan",
        "Pegawai menjadi bendahara tim pemenangan; PPK tidak menindaklanjuti rekomendasi.",
        ("Sekretariat Daerah", "Pengelola keuangan"),
        (*_TO_PPK, "ppk_overdue", "block"),
    ),
    Scenario(
        S.UNBLOCKED,
        "decisions-favouring-or-harming",
        "Kantor desa",
        "Bantuan sosial dipercepat bagi pendukung calon; terlapor kemudian pensiun.",
        ("Kantor Kecamatan", "Sekretaris camat"),
        (*_TO_PPK, "ppk_overdue", "block", "person_retires", "unblock"),
    ),
    Scenario(
        S.SANCTIONED,
        "social-media-engagement",
        "TikTok",
        "Video dukungan kepada calon bupati diunggah saat jam kerja dengan seragam dinas.",
        ("Dinas Kesehatan", "Perawat"),
        _SANCTIONED,
    ),
    Scenario(
        S.OBJECTION,
        "banners-and-props",
        "Rumah dinas",
        "Baliho calon dipasang di rumah dinas; terlapor mengajukan keberatan atas sanksi.",
        ("Kantor Kecamatan", "Kepala seksi"),
        _OBJECTION,
    ),
    Scenario(
        S.OBJECTION_DECIDED,
        "online-campaigning",
        "Instagram",
        "Siaran langsung kampanye dari akun pegawai; keberatan sudah diputus PPK.",
        ("Dinas Pendidikan", "Guru"),
        (*_OBJECTION, "decide_objection"),
    ),
    Scenario(
        S.DEEMED_UNDECIDED,
        "photos-or-gestures",
        "Facebook",
        "Foto gestur nomor urut di kantor; PPK tidak memutus keberatan dalam batas waktunya.",
        ("Puskesmas", "Apoteker"),
        # the sweep deems the overdue objection undecided (as the scheduler)
        (*_OBJECTION, "objection_overdue"),
    ),
    Scenario(
        S.APPEAL,
        "campaign-team-role",
        "Kantor partai",
        "Pegawai menjadi ketua tim kampanye kecamatan; banding atas pemberhentian.",
        ("Kantor Kecamatan", "Kepala seksi pemerintahan"),
        _APPEAL,
    ),
    Scenario(
        S.APPEAL_DECIDED,
        "campaign-team-role",
        "Sekretariat tim pemenangan",
        "Pegawai menjadi sekretaris tim pemenangan; banding sudah diputus BPASN.",
        ("Dinas Kesehatan", "Kepala bidang"),
        (*_APPEAL, "decide_appeal"),
    ),
    Scenario(
        S.COURT,
        "online-campaigning",
        "YouTube",
        "Konten kampanye rutin dari akun pegawai; terlapor menggugat ke PTUN.",
        ("Dinas Pendidikan", "Pengawas sekolah"),
        (*_OBJECTION, "decide_objection", "court"),
    ),
    Scenario(
        S.CLOSED,
        "banners-and-props",
        "Pagar puskesmas",
        "Spanduk calon di pagar puskesmas; PTUN menolak gugatan dan kasus selesai.",
        ("Puskesmas", "Kepala puskesmas"),
        (*_OBJECTION, "decide_objection", "court", "court_ruling"),
    ),
    Scenario(
        S.CLOSED,
        "banners-and-props",
        "Halaman sekolah",
        "Laporan lain tentang spanduk yang sama di pagar sekolah (digabung ke kasus kajian).",
        ("SD Negeri", "Kepala sekolah"),
        ("merge_into_study",),
    ),
)


# --- The steps -------------------------------------------------------------------------------


class _Builder:
    def __init__(self, *, actor, seed: int):
        self.actor = actor
        self.rng = random.Random(seed)
        self.seed = seed
        self.staff = {u.username: u for u in User.objects.filter(username__in=STAFF_NAMES)}
        missing = sorted(set(STAFF_NAMES) - set(self.staff))
        if missing:
            raise DemoCasesUnavailable(f"demo staff missing: {', '.join(missing)}")
        self.election = Election.objects.filter(slug="pilkada-2024").first()
        if self.election is None:
            raise DemoCasesUnavailable("election pilkada-2024 is not loaded")
        people = Person.objects.filter(
            agency__code=AGENCY_CODE,
            employee_type=EmployeeType.PNS,
            status=PersonStatus.ACTIVE,
        ).order_by("nip", "id")
        self.people = list(people)
        if len(self.people) < len(SCENARIOS):
            raise DemoCasesUnavailable(f"too few demo people in agency {AGENCY_CODE}")
        self.rng.shuffle(self.people)
        districts = Region.objects.filter(
            code__startswith=REGENCY + ".", level=RegionLevel.DISTRICT
        ).order_by("code")
        self.districts = list(districts[:12]) or list(Region.objects.filter(code=REGENCY))
        if not self.districts:
            raise DemoCasesUnavailable(f"region {REGENCY} is not loaded")
        self.study_case: Case | None = None
        # The scenario being built: the registry person, the act and its date.
        self.person: Person | None = None
        self.act, self.act_date = "", None

    def user(self, username: str) -> User:
        return self.staff[username]

    def move(self, case, who, target, facts=None, note=""):
        return case_transition(
            actor=self.user(who), case=case, target=target, facts=facts, note=note
        )

    def open(self, index: int, scenario: Scenario) -> Case:
        learned = dt.date(2024, 10, 1) + dt.timedelta(days=self.rng.randrange(0, 50))
        workplace, position = scenario.reported
        person = self.people[index]
        data = {
            "reporter_mode": ("confidential", "open", "anonymous")[index % 3],
            "reporter": {
                "name": f"Pelapor Kasus Demo {index + 1}",
                "email": f"pelapor.kasus{index + 1}@example.invalid",
                "address": "Alamat demo",
            },
            "witnesses": "Dua orang warga" if index % 2 == 0 else "",
            "act": act_get(scenario.act),
            "description": scenario.description,
            "event_date": learned - dt.timedelta(days=self.rng.randrange(0, 3)),
            "learned_date": learned,
            "place_text": scenario.place,
            "region": self.districts[index % len(self.districts)],
            "election": self.election,
            "reported_name": person.name_plain or person.name,
            "reported_workplace": workplace,
            "reported_position": position,
            "links": [],
            "language": "id",
        }
        report, _key = report_submit(
            data=data,
            idempotency_key=f"demo-case-{self.seed}-{index + 1}",
            actor=self.actor,
        )
        self.person, self.act, self.act_date = person, scenario.act, report.event_date
        return case_open_from_report(actor=self.user(BAWASLU), report=report)

    # Triage and study (Bawaslu; the task force verifies SBT reports)
    def formal_check(self, case):
        return self.move(case, BAWASLU, S.FORMAL_CHECK)

    def needs_correction(self, case):
        return self.move(
            case,
            BAWASLU,
            S.NEEDS_CORRECTION,
            {"missing_requirements": ["witnesses", "time_and_place"]},
            "Mohon lengkapi nama saksi serta waktu dan tempat kejadian.",
        )

    def correction_overdue(self, case):
        self._backdate(case, D.CORRECTION)
        return case

    def not_registered(self, case):
        return self.move(
            case,
            BAWASLU,
            S.NOT_REGISTERED,
            note="Pelapor tidak melengkapi laporan dalam batas waktu perbaikan.",
        )

    def registered(self, case):
        return self.move(case, BAWASLU, S.REGISTERED, {"formal_complete": True})

    def task_force_verification(self, case):
        return self.move(case, TASK_FORCE, S.TASK_FORCE_VERIFICATION)

    def stop_by_task_force(self, case):
        return self.move(
            case, TASK_FORCE, S.STOPPED, note="Akun media sosial tidak terbukti milik terlapor."
        )

    def identify(self, case):
        case_resolve_identity(actor=self.user(BAWASLU), case=case, person=self.person)
        return case_classify(
            actor=self.user(BAWASLU), case=case, act=self.act, act_date=self.act_date
        )

    def study(self, case):
        return self.move(case, BAWASLU, S.STUDY)

    def not_a_violation(self, case):
        return self.move(
            case,
            BAWASLU,
            S.NOT_A_VIOLATION,
            {"study_findings": "Foto diambil sebelum terlapor diangkat sebagai pegawai."},
        )

    def recommended(self, case):
        return self.move(
            case,
            BAWASLU,
            S.RECOMMENDED,
            {"study_findings": "Keterangan saksi dan bukti foto menguatkan laporan."},
        )

    def to_authority(self, case):
        # The recommendation goes out with its letter (in Bawaslu Kabupaten Bogor's name).
        recommendation_letter_issue(actor=self.user(BAWASLU), case=case)
        return self.move(case, BAWASLU, S.RECOMMENDATION_TO_AUTHORITY)

    def ppk_notice(self, case):
        # BKN's task force writes to the PPK (in BKN's name).
        ppk_notification_issue(actor=self.user(TASK_FORCE), case=case)
        return case

    def to_ppk(self, case):
        return self.move(case, TASK_FORCE, S.RECOMMENDATION_TO_PPK)

    # The PPK does not follow up: blocking and unblocking
    def ppk_overdue(self, case):
        self._backdate(case, D.PPK_FOLLOW_UP)  # the sweep moves it to ppk_no_follow_up
        case.refresh_from_db()
        return case

    def block(self, case):
        from netra.sanctions.services import data_block_confirm

        data_block_confirm(
            actor=self.user(TASK_FORCE),
            case=case,
            bkn_verified=True,
            note="Verifikasi BKN selesai (demo).",
        )
        case.refresh_from_db()
        return case

    def person_retires(self, case):
        person_set_status(
            actor=self.actor,
            person=case.person,
            status=PersonStatus.RETIRED,
            reason="Pensiun (demo)",
        )
        return case

    def unblock(self, case):
        return self.move(
            case, TASK_FORCE, S.UNBLOCKED, note="Terlapor pensiun; blokir data dibuka."
        )

    # The PPK decides; objection and appeal
    def _decide(self, case, sanction_code: str):
        from netra.sanctions.services import decision_record

        today = timezone.localdate()
        decision_record(
            actor=self.user(PPK),
            case=case,
            sanction_code=sanction_code,
            decree_number=f"800/{self.rng.randrange(100, 999)}/BKPSDM/{today.year}",
            decree_date=today,
            received_on=today,
            note="Keputusan PPK (demo).",
        )
        case.refresh_from_db()
        return case

    def _sanction(self, case, remedy: str, fallback: str) -> str:
        from netra.sanctions.services import catalogue_for

        catalogue = catalogue_for(case)
        for item in (case.classification or {}).get("sanctions", []):
            code = item.get("code")
            if code in catalogue and workflow.remedy_for(catalogue[code]) == remedy:
                return code
        return fallback

    def decide_objection_route(self, case):
        code = self._sanction(case, "objection", "PNS_PP94_WRITTEN_REPRIMAND")
        return self._decide(case, code)

    def decide_appeal_route(self, case):
        return self._decide(case, self._sanction(case, "appeal", "PNS_PP94_PDHTAPS"))

    def file_remedy(self, case):
        from netra.sanctions.services import remedy_file

        remedy_file(
            actor=self.user(HR),
            case=case,
            filed_on=timezone.localdate(),
            grounds="Terlapor menilai sanksi terlalu berat dibanding perbuatannya.",
        )
        case.refresh_from_db()
        return case

    def decide_objection(self, case):
        from netra.sanctions.services import remedy_decide

        remedy_decide(
            actor=self.user(PPK),
            case=case,
            outcome=RemedyOutcome.UPHELD,
            decided_on=timezone.localdate(),
            note="Keberatan ditolak; sanksi dikuatkan.",
        )
        case.refresh_from_db()
        return case

    def decide_appeal(self, case):
        from netra.sanctions.services import remedy_decide

        remedy_decide(
            actor=self.user(TASK_FORCE),
            case=case,
            outcome=RemedyOutcome.UPHELD,
            decided_on=timezone.localdate(),
            note="BPASN menguatkan keputusan (dicatat oleh Satgas).",
        )
        case.refresh_from_db()
        return case

    def objection_overdue(self, case):
        self._backdate(case, D.OBJECTION_DECISION)
        return case

    def court(self, case):
        from netra.sanctions.services import remedy_court_file

        today = timezone.localdate()
        remedy_court_file(
            actor=self.user(PPK),
            case=case,
            court_case_number=f"{self.rng.randrange(10, 99)}/G/{today.year}/PTUN.BDG",
            filed_on=today,
        )
        case.refresh_from_db()
        return case

    def court_ruling(self, case):
        from netra.sanctions.services import remedy_court_ruling

        remedy_court_ruling(
            actor=self.user(HR),
            case=case,
            ruling="Gugatan ditolak; keputusan PPK tetap berlaku.",
            ruled_on=timezone.localdate(),
        )
        case.refresh_from_db()
        return case

    def merge_into_study(self, case):
        if self.study_case is None:
            raise DemoCasesUnavailable("the study case must be built before the duplicate")
        case_merge(
            actor=self.user(BAWASLU),
            target=self.study_case,
            duplicate=case,
            reason="Laporan yang sama tentang kejadian yang sama (data demo).",
        )
        case.refresh_from_db()
        return case

    def _backdate(self, case, code: str) -> None:
        """See the module docstring: a past due date, then the real sweep."""
        past = timezone.localdate() - dt.timedelta(days=BACKDATE_DAYS)
        rows = CaseDeadline.objects.filter(case=case, code=code, met_at__isnull=True)
        if rows.update(due_date=past) != 1:
            raise DemoCasesUnavailable(f"case {case.number}: no open {code} deadline")
        deadlines_mark_overdue()

    def build(self, index: int, scenario: Scenario) -> Case:
        case = self.open(index, scenario)
        for step in scenario.steps:
            step_fn: Callable = getattr(self, step)
            case = step_fn(case)
        case.refresh_from_db()
        if case.state != scenario.target:
            raise DemoCasesUnavailable(
                f"demo case {case.number} ended in {case.state}, not {scenario.target}"
            )
        if scenario.target == S.STUDY:
            self.study_case = case
        return case


STAFF_NAMES = (BAWASLU, TASK_FORCE, PPK, HR)


@transaction.atomic
def build_demo_cases(*, actor, seed: int = 42) -> dict:
    """Create the demo cases (one or more per state) if there are no cases yet; returns the
    number of cases per state. Needs the demo registry, staff and reference data."""
    if Case.objects.exists():
        return {"created": 0, "by_state": _by_state()}
    build_demo_letter_settings(actor=actor)
    builder = _Builder(actor=actor, seed=seed)
    for index, scenario in enumerate(SCENARIOS):
        builder.build(index, scenario)
    return {"created": len(SCENARIOS), "by_state": _by_state()}


def _by_state() -> dict[str, int]:
    counts = Counter(Case.objects.values_list("state", flat=True))
    return {state: counts[state] for state in S.values if counts[state]}
