"""Shared cases fixtures for every app's tests."""

import pytest


@pytest.fixture
def deadline_rules(db):
    """The deadline rules of cases/data/deadlines.toml, loaded through the service."""
    from netra.cases.services import cases_load_reference

    return cases_load_reference()


@pytest.fixture
def case_facts():
    """Facts under which every guard of `cases.workflow` holds (tests remove what they need).

    `remedy` is left for the test to choose (objection or appeal).
    """
    import datetime as dt

    return {
        "missing_requirements": ["saksi"],
        "formal_complete": True,
        "reason": "Alasan uji",
        "correction_overdue": True,
        "person_resolved": True,
        "study_findings": "Terlapor hadir dalam kampanye",
        "classification": {"form": "SKB2022-D8", "level": "heavy"},
        "recommending_authority": "BKN",
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
    }
