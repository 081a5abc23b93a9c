"""Demo prevention work for `make run` (issue 5): what Kabupaten Bogor's personnel agency did
before Pilkada 2024, and a pledge campaign running now for the next election.

- Pilkada 2024: the participatory-supervision coordination meeting 120 days before the vote
  (seed 004), a circular letter, a socialization for PNS and PPPK with Bawaslu (seed 002) and a
  neutrality apel; attendance comes in through the real CSV import.
- The next election: Netra's reference calendar holds no future election yet (KPU has not set
  the date of the 2029 vote), so the demo adds a clearly named simulated one, 75 days after the
  day the demo is loaded. A campaign with the standard four-point ikrar is open; one unit
  pledged together at an apel, some people pledged on their phones, the rest not yet (partial
  coverage). A briefing held today has QR self check-in open (a QR code works only on the
  activity's day and only for a few minutes: its organiser's screen shows the current one).

Everything goes through the services with the demo HR account as the actor, so the audit trail
shows it. Returns what a newcomer needs to try it: a certificate code to verify and the NIP and
birth date of someone who has not pledged yet.
"""

import csv
import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from netra.accounts.models import User
from netra.elections.choices import ElectionKind
from netra.elections.models import Election
from netra.prevention.choices import ActivityKind, IdentityCheck, PartnerBody, SecondFactor
from netra.prevention.models import Activity, PledgeCampaign
from netra.prevention.selectors import pledge_template_current
from netra.prevention.services.activities import (
    activity_create,
    attendance_import,
    check_in_open,
)
from netra.prevention.services.pledge_codes import hr_codes_issue, pledge_code_check
from netra.prevention.services.pledges import (
    campaign_create,
    pledge_collective,
    pledge_individual,
)
from netra.registry.choices import EmployeeType, PersonStatus
from netra.registry.models import Agency, Person

AGENCY_CODE = "3201"
HR = "bkpsdm.bogor"
NEXT_ELECTION_SLUG = "simulasi-pemilu-berikutnya"
DAYS_TO_VOTE = 75
PAST_ATTENDANCE_SHARE = 0.6
INDIVIDUAL_PLEDGES = 8


class DemoPreventionUnavailable(RuntimeError):
    pass


def _next_election(today: dt.date) -> Election:
    election, _created = Election.objects.get_or_create(
        slug=NEXT_ELECTION_SLUG,
        defaults={
            "name_id": "Pemilu berikutnya (simulasi demo)",
            "name_en": "Next general election (demo simulation)",
            "kind": ElectionKind.GENERAL,
            "vote_date": today + dt.timedelta(days=DAYS_TO_VOTE),
            "source": "Demo only: not reference data.",
            "note": (
                "Simulated by `netra demo`: the vote date is made up "
                f"({DAYS_TO_VOTE} days after the demo was loaded); KPU has not set the 2029 date."
            ),
        },
    )
    return election


def _csv(people: list[Person]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["NIP", "Nama"])
    for person in people:
        writer.writerow([person.nip, person.name])
    return SimpleUploadedFile("daftar-hadir.csv", out.getvalue().encode(), "text/csv")


def _attend(hr, activity: Activity, people: list[Person]) -> None:
    batch = attendance_import(actor=hr, activity=activity, upload=_csv(people))
    if batch.outcome != "applied":
        raise DemoPreventionUnavailable(f"demo attendance refused: {batch.report[:3]}")


def build_demo_prevention(*, seed: int = 42) -> dict:
    """Create the demo activities, campaign and pledges once; returns what to try."""
    if Activity.objects.exists() or PledgeCampaign.objects.exists():
        return {"created": False}
    try:
        hr = User.objects.get(username=HR)
        agency = Agency.objects.get(code=AGENCY_CODE)
        pilkada = Election.objects.get(slug="pilkada-2024")
    except (User.DoesNotExist, Agency.DoesNotExist, Election.DoesNotExist) as exc:
        raise DemoPreventionUnavailable(str(exc)) from exc
    template = pledge_template_current("ikrar-netralitas-asn")
    if template is None:
        raise DemoPreventionUnavailable("the pledge templates are not loaded")
    rng = random.Random(seed)
    today = timezone.localdate()
    staff = list(
        Person.objects.filter(agency=agency, status=PersonStatus.ACTIVE)
        .exclude(employee_type=EmployeeType.NON_ASN)
        .select_related("unit")
        .order_by("nip")
    )

    def create(**values) -> Activity:
        return activity_create(actor=hr, agency=agency, **values)

    # Pilkada 2024 (vote on 27 Nov 2024).
    create(
        kind=ActivityKind.COORDINATION_MEETING,
        title="Rapat koordinasi pengawasan partisipatif netralitas ASN",
        election=pilkada,
        held_on=dt.date(2024, 7, 30),
        partners=[PartnerBody.BAWASLU, PartnerBody.KPU],
        audience=[EmployeeType.PNS, EmployeeType.PPPK],
        place="Gedung Tegar Beriman, Cibinong",
        description="120 hari menjelang pemungutan suara Pilkada 2024.",
    )
    create(
        kind=ActivityKind.CIRCULAR_LETTER,
        title="Surat edaran netralitas ASN pada Pilkada 2024",
        election=pilkada,
        held_on=dt.date(2024, 8, 26),
        audience=[EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.NON_ASN],
    )
    socialization = create(
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi netralitas ASN bagi PNS dan PPPK",
        election=pilkada,
        held_on=dt.date(2024, 9, 10),
        partners=[PartnerBody.BAWASLU, PartnerBody.BKN],
        audience=[EmployeeType.PNS, EmployeeType.PPPK],
        place="Aula BKPSDM Kabupaten Bogor",
    )
    past_apel = create(
        kind=ActivityKind.APEL,
        title="Apel netralitas ASN menjelang Pilkada 2024",
        election=pilkada,
        held_on=dt.date(2024, 9, 23),
        audience=[EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.NON_ASN],
        place="Halaman Kantor Bupati Bogor",
    )
    _attend(hr, socialization, rng.sample(staff, int(len(staff) * PAST_ATTENDANCE_SHARE)))
    _attend(hr, past_apel, rng.sample(staff, int(len(staff) * PAST_ATTENDANCE_SHARE)))

    # The next election: a campaign open now, one unit pledged at an apel.
    election = _next_election(today)
    campaign = campaign_create(
        actor=hr,
        agency=agency,
        election=election,
        template=template,
        title="Ikrar netralitas ASN Kabupaten Bogor",
        starts_on=today - dt.timedelta(days=14),
        ends_on=election.vote_date,
        # Personal pledge codes from HR (issue 13 §3): the demo people have no e-mail on record.
        second_factor=SecondFactor.HR_CODE,
        help_contact="BKPSDM Kabupaten Bogor, Bidang Data dan Informasi Kepegawaian",
    )
    apel = create(
        kind=ActivityKind.APEL,
        title="Apel dan ikrar netralitas ASN Sekretariat Daerah",
        election=election,
        held_on=today - dt.timedelta(days=7),
        audience=[EmployeeType.PNS, EmployeeType.PPPK],
        place="Halaman Sekretariat Daerah Kabupaten Bogor",
    )
    secretariat = [p for p in staff if p.unit and p.unit.name == "Sekretariat Daerah"]
    _attend(hr, apel, secretariat)
    pledge_collective(actor=hr, campaign=campaign, activity=apel)
    others = [p for p in staff if p not in secretariat]
    rng.shuffle(others)
    # HR prints a personal pledge code for everyone who has not pledged yet.
    codes = dict(hr_codes_issue(actor=hr, campaign=campaign))
    certificate_code = ""
    for person in others[:INDIVIDUAL_PLEDGES]:
        proof = pledge_code_check(campaign=campaign, person=person, code=codes[person])
        outcome = pledge_individual(
            campaign=campaign, person=person, identity_check=IdentityCheck.BIRTH_DATE, proof=proof
        )
        certificate_code = certificate_code or outcome.pledge.certificate.code
    not_yet = next(p for p in others[INDIVIDUAL_PLEDGES:] if p.birth_date)
    briefing = create(
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi netralitas ASN bagi guru dan tenaga kesehatan",
        election=election,
        held_on=today,
        partners=[PartnerBody.BAWASLU],
        audience=[EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.NON_ASN],
        place="Aula Dinas Pendidikan Kabupaten Bogor",
    )
    check_in_open(actor=hr, activity=briefing)
    return {
        "created": True,
        "election": election.slug,
        "certificate_code": certificate_code,
        "try_pledge": {
            "nip": not_yet.nip,
            "birth_date": not_yet.birth_date.isoformat(),
            "pledge_code": codes[not_yet],
        },
        # The organiser's screen with the rotating QR (sign in as the agency's HR).
        "check_in_path": f"/pencegahan/kegiatan/{briefing.public_id}/qr/",
    }
