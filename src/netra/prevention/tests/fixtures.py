"""Shared prevention fixtures."""

import pytest


@pytest.fixture
def pledges_loaded(db):
    """The pledge templates of pledge_templates.toml."""
    from netra.prevention.services import prevention_load_reference

    return prevention_load_reference()


@pytest.fixture
def prevention_world(regions_sample, elections_loaded, pledges_loaded, make_staff):
    """A known registry for prevention tests, with an election 90 days ahead.

    Kabupaten Bogor (32.01) has three units and ten people:
      - Dinas Pendidikan: 4 teachers (PNS x2, PPPK, non-ASN);
      - Puskesmas Cibinong: 3 health workers (PNS, PPPK x2);
      - Sekretariat Daerah: 3 others (PNS x3, no functional group), one of them retired.
    Kabupaten Sarolangun (15.03) has one unit and two PNS teachers.
    Staff: HR of each agency, Bawaslu Jawa Barat (region 32), the national BKN task force and an
    auditor of Jawa Barat. `w["people"]` maps short keys to people with known birth dates; ASN
    have a NIP, the contract teacher (teacher4) only a NIK.
    """
    import datetime as dt

    from django.utils import timezone

    from netra.elections.choices import ElectionKind
    from netra.elections.models import Election
    from netra.prevention.selectors import pledge_template_current
    from netra.regions.models import Region
    from netra.registry.choices import EmployeeType, FunctionalGroup, PersonStatus
    from netra.registry.tests.factories import (
        AgencyFactory,
        PersonFactory,
        WorkUnitFactory,
        make_nik,
    )

    today = timezone.localdate()
    election = Election.objects.create(
        slug="pemilu-uji",
        name_id="Pemilu Uji",
        name_en="Test general election",
        kind=ElectionKind.GENERAL,
        vote_date=today + dt.timedelta(days=90),
        source="test fixture",
    )
    bogor = AgencyFactory(
        code="BOGOR01",
        name="Pemerintah Kabupaten Bogor",
        kind="regency",
        region=Region.objects.get(code="32.01"),
        ppk_title="Bupati Bogor",
    )
    sarolangun = AgencyFactory(
        code="SAROLANGUN01",
        name="Pemerintah Kabupaten Sarolangun",
        kind="regency",
        region=Region.objects.get(code="15.03"),
        ppk_title="Bupati Sarolangun",
    )
    units = {
        "education": WorkUnitFactory(agency=bogor, name="Dinas Pendidikan"),
        "health": WorkUnitFactory(agency=bogor, name="Puskesmas Cibinong"),
        "secretariat": WorkUnitFactory(agency=bogor, name="Sekretariat Daerah"),
        "sarolangun_school": WorkUnitFactory(agency=sarolangun, name="SD Negeri 1 Sarolangun"),
    }
    T, H, N = FunctionalGroup.TEACHER, FunctionalGroup.HEALTH, FunctionalGroup.NONE
    PNS, PPPK, NON = EmployeeType.PNS, EmployeeType.PPPK, EmployeeType.NON_ASN
    rows = [
        # key, unit, type, group, name, birth date
        ("teacher1", "education", PNS, T, "Siti Rahmawati, S.Pd.", dt.date(1985, 3, 14)),
        ("teacher2", "education", PNS, T, "Budi Santoso, S.Pd.", dt.date(1979, 11, 2)),
        ("teacher3", "education", PPPK, T, "Dewi Lestari, S.Pd.", dt.date(1990, 6, 30)),
        ("teacher4", "education", NON, T, "Rudi Hartono", dt.date(1995, 1, 9)),
        ("nurse1", "health", PNS, H, "Ns. Ani Suryani, S.Kep.", dt.date(1988, 8, 8)),
        ("nurse2", "health", PPPK, H, "Rina Marlina, A.Md.Keb.", dt.date(1992, 2, 20)),
        ("nurse3", "health", PPPK, H, "Yusuf Hidayat, A.Md.Kep.", dt.date(1993, 12, 1)),
        ("clerk1", "secretariat", PNS, N, "Agus Salim, S.E.", dt.date(1975, 5, 5)),
        ("clerk2", "secretariat", PNS, N, "Agus Salim, S.Sos.", dt.date(1981, 7, 17)),
        ("retired", "secretariat", PNS, N, "Hadi Purnomo", dt.date(1962, 4, 4)),
        ("saro1", "sarolangun_school", PNS, T, "Ahmad Fauzi, S.Pd.", dt.date(1984, 9, 12)),
        ("saro2", "sarolangun_school", PNS, T, "Nurhayati, S.Pd.", dt.date(1987, 10, 3)),
    ]
    people = {}
    for key, unit_key, kind, group, name, birth in rows:
        unit = units[unit_key]
        numbers = {}
        if kind == NON:
            # Contract staff have no NIP; they identify with their NIK.
            numbers = {"nip": None, "nik": make_nik("320101", birth, gender="M", sequence=7)}
        people[key] = PersonFactory(
            **numbers,
            agency=unit.agency,
            unit=unit,
            region=unit.agency.region,
            employee_type=kind,
            functional_group=group,
            name=name,
            birth_date=birth,
            position="Guru" if group == T else ("Perawat" if group == H else "Pelaksana"),
            status=PersonStatus.RETIRED if key == "retired" else PersonStatus.ACTIVE,
        )
    return {
        "today": today,
        "election": election,
        "agency": bogor,
        "other_agency": sarolangun,
        "units": units,
        "people": people,
        "template": pledge_template_current("ikrar-netralitas-asn"),
        "regional_template": pledge_template_current("ikrar-netralitas-sarolangun"),
        "hr": make_staff(role="agency_hr", region=None, agency=bogor),
        "other_hr": make_staff(role="agency_hr", region=None, agency=sarolangun),
        "bawaslu": make_staff(role="bawaslu_officer", region="32"),
        "task_force": make_staff(role="satgas_analyst", region=None),
        "auditor": make_staff(role="auditor", region="32"),
    }


@pytest.fixture
def prevention_media(settings, tmp_path):
    """Uploaded and issued files under a throw-away MEDIA_ROOT; the rate-limit cache empty."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


def campaign_for(w, *, start: int = -5, end: int = 30, **overrides):
    """A pledge campaign of `w`'s Bogor agency for its election, open from `start` to `end`
    days around today (through the service, as Bogor's HR)."""
    import datetime as dt

    from netra.prevention.services.pledges import campaign_create

    values = {
        "actor": w["hr"],
        "agency": w["agency"],
        "election": w["election"],
        "template": w["template"],
        "title": "Ikrar netralitas ASN Kabupaten Bogor",
        "starts_on": w["today"] + dt.timedelta(days=start),
        "ends_on": w["today"] + dt.timedelta(days=end),
    }
    values.update(overrides)
    return campaign_create(**values)


def proof_for(campaign, person, code: str = "123456"):
    """A live second-factor code (`code`) of the campaign's kind for `person`, as if sent or
    issued; replaces any live one."""
    from django.utils import timezone

    from netra.prevention.models import PledgeCode
    from netra.prevention.services.pledge_codes import _digest

    PledgeCode.objects.filter(
        campaign=campaign, person=person, used_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())
    return PledgeCode.objects.create(
        campaign=campaign,
        person=person,
        kind=campaign.second_factor,
        digest=_digest(campaign, person, code),
    )


def pledge_with_proof(*, campaign, person, identity_check="birth_date"):
    """`pledge_individual` after a second factor accepted (most tests are not about it)."""
    from netra.prevention.services.pledges import pledge_individual

    return pledge_individual(
        campaign=campaign,
        person=person,
        identity_check=identity_check,
        proof=proof_for(campaign, person),
    )
