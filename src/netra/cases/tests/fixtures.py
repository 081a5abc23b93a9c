"""Shared cases fixtures for every app's tests."""

import pytest


@pytest.fixture
def deadline_rules(db, rules_loaded):
    """The deadline rules of cases/data/deadlines.toml, loaded through the service, with the
    rules settings some of them count (`setting`: the correction period, report.correction.days)."""
    from netra.cases.services import cases_load_reference

    return cases_load_reference()


@pytest.fixture
def case_facts():
    """Facts under which every guard of `cases.workflow` holds (tests remove what they need).

    `remedy` is left for the test to choose (objection or appeal).
    """
    import datetime as dt

    return {
        "missing_requirements": ["witnesses"],
        "formal_complete": True,
        "reason": "Alasan uji",
        "correction_overdue": True,
        "person_resolved": True,
        "study_findings": "Terlapor hadir dalam kampanye",
        "classification": {"form": "SKB2022-D8", "level": "heavy"},
        "recommending_authority": "BKN",
        "recommendation_letter_issued": True,
        "recommended_sanctions": ["PNS_PP94_DEMOTION_12M"],
        "ppk_known": True,
        "outcome": "not_proven",
        "decision_sanction": "PNS_PP94_DEMOTION_12M",
        "decree_number": "800/123/BKPSDM/2024",
        "decree_date": dt.date(2024, 12, 2),
        "ppk_overdue": True,
        "bkn_verified": True,
        "person_left": True,
        "remedy_filed_in_time": True,
        "remedy_window_over": True,
        "remedy_outcome": "upheld",
        "objection_overdue": True,
        "court_case_number": "12/G/2025/PTUN.BDG",
        "court_ruling": "Gugatan ditolak",
        "merged_into": "KSS-24-0000-0000",
        "merge_undone": True,
    }


@pytest.fixture
def case_world(make_report, deadline_rules, make_staff, letter_institutions):
    """A Bogor district report in pilkada-2024, the registry person it names (agency with a
    PPK), and officers: Bawaslu Jawa Barat, the national task force, the agency's PPK, an
    auditor of Jawa Barat and a Bawaslu officer of Jambi (out of scope). The letter settings of
    the Bawaslu offices and authorities are loaded (documents' `letter_institutions`).

    `case_world["open"]()` registers a fresh report as a case (as the Bawaslu officer).
    """
    from netra.cases.services import case_open_from_report
    from netra.elections.models import Election
    from netra.regions.models import Region
    from netra.registry.tests.factories import AgencyFactory, PersonFactory

    bogor = Region.objects.get(code="32.01")
    agency = AgencyFactory(code="BOGOR01", ppk_title="Bupati Bogor", region=bogor)
    person = PersonFactory(agency=agency, name="Ahmad Fauzi, S.Pd.", name_plain="Ahmad Fauzi")
    election = Election.objects.get(slug="pilkada-2024")
    world = {
        "person": person,
        "agency": agency,
        "election": election,
        "bawaslu": make_staff(role="bawaslu_officer", region="32"),
        "task_force": make_staff(role="satgas_analyst", region=None),
        "ppk": make_staff(role="ppk_officer", region=None, agency=agency),
        "auditor": make_staff(role="auditor", region="32"),
        "outsider": make_staff(role="bawaslu_officer", region="15"),
    }

    def open_case(**report_overrides):
        report_overrides.setdefault("election", election)
        report_overrides.setdefault("reported_name", "Ahmad Fauzi")
        report, _key = make_report(**report_overrides)
        return case_open_from_report(actor=world["bawaslu"], report=report)

    world["open"] = open_case
    return world


# Walks used by several test modules (services, API, pages): the case moved by the officers of
# `case_world` through the services only.


def to_registered(w, case):
    from netra.cases.choices import CaseState as S
    from netra.cases.services import case_transition

    case = case_transition(actor=w["bawaslu"], case=case, target=S.FORMAL_CHECK)
    return case_transition(
        actor=w["bawaslu"], case=case, target=S.REGISTERED, facts={"formal_complete": True}
    )


def to_recommendation_to_ppk(w, case):
    import datetime as dt

    from netra.cases.choices import CaseState as S
    from netra.cases.services import case_classify, case_resolve_identity, case_transition

    case = to_registered(w, case)
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(
        actor=w["bawaslu"], case=case, act="banners-and-props", act_date=dt.date(2024, 10, 1)
    )
    case = case_transition(actor=w["bawaslu"], case=case, target=S.STUDY)
    case = case_transition(
        actor=w["bawaslu"],
        case=case,
        target=S.RECOMMENDED,
        facts={"study_findings": "Terlapor memasang alat peraga calon di sekolah."},
    )
    case = to_recommendation_to_authority(w, case)
    return case_transition(actor=w["task_force"], case=case, target=S.RECOMMENDATION_TO_PPK)


def to_recommendation_to_authority(w, case):
    """From `recommended`: the officer issues the recommendation letter, then sends it."""
    from netra.cases.choices import CaseState as S
    from netra.cases.letters import recommendation_letter_issue
    from netra.cases.services import case_transition

    recommendation_letter_issue(actor=w["bawaslu"], case=case)
    return case_transition(actor=w["bawaslu"], case=case, target=S.RECOMMENDATION_TO_AUTHORITY)
