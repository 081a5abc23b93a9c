"""The facts registry (cases/facts.py): every fact written anywhere is declared with its type;
a value of the wrong type is refused and nothing is stored; the case page and the API show the
facts labelled, in words, in both languages; the doc's table is the registry's."""

import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from netra.cases import facts
from netra.cases.choices import CaseState, OfficialOutcome, Remedy, Requirement
from netra.cases.errors import CaseErrorCode
from netra.cases.forms import transition_form_class
from netra.cases.models import Case
from netra.cases.services import (
    CaseError,
    case_classify,
    case_facts,
    case_resolve_identity,
    case_transition,
)
from netra.cases.tests.fixtures import to_recommendation_to_authority, to_registered
from netra.cases.tests.test_workflow import FULL_FACTS, GUARD_BREAKERS
from netra.rules.choices import SanctionLevel

S = CaseState
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB
DAY = dt.date(2024, 10, 1)
DOC = Path(__file__).resolve().parents[4] / "docs" / "cases-workflow.md"
SANCTION = "PNS_PP94_DEMOTION_12M"
FINDINGS = "Terlapor memasang alat peraga calon di sekolah."
# Declared facts the walk below does not write, with where they are exercised instead.
NOT_WALKED: dict[str, str] = {}


# --- Types: unit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("decree_date", DAY, "2024-10-01"),
        ("decree_date", "2024-10-01", "2024-10-01"),
        ("formal_complete", True, True),
        ("outcome", OfficialOutcome.NOT_PROVEN, "not_proven"),
        ("remedy", "", ""),
        ("decision_received_on", None, None),
        ("missing_requirements", ("witnesses", "evidence"), ["witnesses", "evidence"]),
        ("missing_requirements", [], []),
        ("reason", "  Bukan ASN.  ", "Bukan ASN."),
        ("recommended_level", SanctionLevel.HEAVY, "heavy"),
    ],
)
def test_clean_normalises_what_is_stored(key, value, stored):
    assert facts.clean({key: value}) == {key: stored}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("decree_date", "1 Oktober 2024"),
        ("decree_date", "2024-02-30"),
        ("decree_date", dt.datetime(2024, 10, 1, 10, 0)),
        ("decree_date", 20241001),
        ("formal_complete", "yes"),
        ("formal_complete", 1),
        ("outcome", "maybe"),
        ("remedy", 3),
        ("missing_requirements", "witnesses"),
        ("missing_requirements", ["saksi"]),
        ("missing_requirements", [""]),
        ("recommended_sanctions", SANCTION),
        ("reason", 42),
        ("study_findings", ["Temuan"]),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(key, value):
    with pytest.raises(facts.FactInvalid) as refused:
        facts.clean({"formal_complete": True, key: value})
    assert refused.value.key == key


def test_an_undeclared_key_is_a_programming_error():
    with pytest.raises(facts.UnknownFact, match="not_a_fact"):
        facts.clean({"not_a_fact": "x"})


def test_derived_facts_are_never_stored():
    # The data decides them (services.case_facts); a move stating one has no effect.
    assert facts.clean({"ppk_overdue": True, "formal_complete": True}) == {"formal_complete": True}
    assert facts.merge({"reason": "a"}, {"person_left": True}) == {"reason": "a"}


def test_typed_reading_gives_dates_and_choices():
    class Stub:
        facts = {
            "decree_date": "2024-10-01",
            "remedy": "objection",
            "missing_requirements": ["witnesses"],
            "remedy_outcome": "retired",  # a code the choices no longer know stays as stored
            "someone_elses_key": 1,  # written before the registry: not read
        }

    view = facts.read(Stub())
    assert view["decree_date"] == DAY
    assert view["remedy"] is Remedy.OBJECTION
    assert view["missing_requirements"] == [Requirement.WITNESSES]
    assert view["remedy_outcome"] == "retired"
    assert "someone_elses_key" not in view


@pytest.mark.django_db
def test_an_unknown_sanction_code_is_refused(case_world):
    assert facts.clean({"decision_sanction": SANCTION}) == {"decision_sanction": SANCTION}
    with pytest.raises(facts.FactInvalid) as refused:
        facts.clean({"recommended_sanctions": [SANCTION, "PNS_PP94_NOPE"]})
    assert refused.value.value == "PNS_PP94_NOPE"


# --- Types: through the one writer ----------------------------------------------------------


@pytest.mark.django_db
@freeze_time(START)
def test_a_wrong_type_is_refused_by_the_service_and_nothing_is_stored(case_world):
    w = case_world
    case = case_transition(actor=w["bawaslu"], case=w["open"](), target=S.FORMAL_CHECK)
    before = Case.objects.get(pk=case.pk)
    with pytest.raises(CaseError) as refused:
        case_transition(
            actor=w["bawaslu"],
            case=case,
            target=S.REGISTERED,
            facts={"formal_complete": "yes", "requirements_met": []},
        )
    assert refused.value.code == CaseErrorCode.FACT_INVALID and refused.value.status == 400
    assert set(refused.value.field_messages()) == {"formal_complete"}
    with translation.override("id"):
        assert refused.value.message == (
            "Isian “Syarat lengkap” tidak sah: harus berupa ya atau tidak. Tidak ada yang disimpan."
        )
    with translation.override("en"):
        assert "“Requirements complete”" in refused.value.message
    after = Case.objects.get(pk=case.pk)
    assert (after.state, after.facts, after.events.count()) == (
        before.state,
        before.facts,
        before.events.count(),
    )


# --- Every fact written anywhere is declared ------------------------------------------------


def _by_form(actor, case, target, data=None):
    """A move as the case page makes it: its form's facts and note."""
    form = transition_form_class(case.state, target)(data or {}, case=case)
    assert form.is_valid(), form.errors
    return case_transition(
        actor=actor, case=case, target=target, facts=form.facts(), note=form.note_text()
    )


def _study(w, case):
    case_resolve_identity(actor=w["bawaslu"], case=case, person=w["person"])
    case_classify(actor=w["bawaslu"], case=case, act="banners-and-props", act_date=DAY)
    return _by_form(w["bawaslu"], case, S.STUDY)


def _walk(w) -> list[Case]:
    """Cases moved through every writer of facts: the case-page forms, and the sanctions
    services (decision, objection, its decision, court, closing, data block)."""
    from netra.cases.models import CaseDeadline
    from netra.cases.services import deadlines_mark_overdue
    from netra.sanctions import services as sanctions

    cases = []
    bawaslu, task_force, ppk = w["bawaslu"], w["task_force"], w["ppk"]
    with freeze_time(START):
        # Registration: a correction asked, a report not registered, one registered
        case = _by_form(bawaslu, w["open"](), S.FORMAL_CHECK)
        cases.append(
            _by_form(bawaslu, case, S.NEEDS_CORRECTION, {"missing": ["witnesses"], "note": "x"})
        )
        case = _by_form(bawaslu, w["open"](), S.FORMAL_CHECK)
        cases.append(_by_form(bawaslu, case, S.NOT_REGISTERED, {"reason": "Bukan pemilih."}))
        case = _by_form(bawaslu, w["open"](), S.FORMAL_CHECK)
        case = _by_form(bawaslu, case, S.REGISTERED, {"met": list(Requirement.values)})
        cases.append(_by_form(bawaslu, _study(w, case), S.NOT_A_VIOLATION, {"study_findings": "-"}))
        # Recommended, forwarded with the task force's choice, then stopped by the task force
        case = _by_form(
            bawaslu,
            _study(w, to_registered(w, w["open"]())),
            S.RECOMMENDED,
            {"study_findings": FINDINGS},
        )
        case = to_recommendation_to_authority(w, case)
        cases.append(
            _by_form(task_force, case, S.STOPPED, {"reason": "Dicabut.", "outcome": "cancelled"})
        )
        # To the PPK: decision, objection, its decision, court, ruling
        case = _by_form(
            bawaslu,
            _study(w, to_registered(w, w["open"]())),
            S.RECOMMENDED,
            {"study_findings": FINDINGS},
        )
        case = to_recommendation_to_authority(w, case)
        chosen = list(case.facts["recommended_sanctions"])
        case = _by_form(
            task_force, case, S.RECOMMENDATION_TO_PPK, {"recommended_sanctions": chosen}
        )
        sanctions.decision_record(
            actor=ppk,
            case=case,
            sanction_code=SANCTION,
            decree_number="800/1/2024",
            decree_date=DAY,
            received_on=DAY,
        )
        sanctions.remedy_file(actor=ppk, case=case, filed_on=DAY, grounds="Terlalu berat.")
        sanctions.remedy_decide(
            actor=ppk,
            case=case,
            outcome="lightened",
            decided_on=DAY,
            new_sanction_code="PNS_PP94_TRANSITIONAL_DEFERRED_PAY_RISE_1Y",
            new_decree_number="800/2/2024",
        )
        sanctions.remedy_court_file(
            actor=ppk, case=case, court_case_number="12/G/2024/PTUN.BDG", filed_on=DAY
        )
        sanctions.remedy_court_ruling(actor=ppk, case=case, ruling="Ditolak.", ruled_on=DAY)
        cases.append(case)
        # The PPK does not follow up: the block, verified by BKN, then the decision
        blocked = w["open"]()
        blocked = _by_form(
            bawaslu,
            _study(w, to_registered(w, blocked)),
            S.RECOMMENDED,
            {"study_findings": FINDINGS},
        )
        blocked = to_recommendation_to_authority(w, blocked)
        blocked = case_transition(actor=task_force, case=blocked, target=S.RECOMMENDATION_TO_PPK)
        CaseDeadline.objects.filter(case=blocked, code="ppk_follow_up").update(
            due_date=DAY - dt.timedelta(days=30)
        )
        deadlines_mark_overdue()
        sanctions.data_block_confirm(actor=task_force, case=blocked, bkn_verified=True)
        sanctions.decision_record(  # outside the recommendation: the reason is a fact
            actor=ppk,
            case=blocked,
            sanction_code="PNS_PP94_ORAL_REPRIMAND",
            decree_number="800/3/2024",
            decree_date=DAY,
            reason="Terlapor baru pertama kali melanggar dan mengakui perbuatannya.",
        )
        cases.append(blocked)
        # Sanctioned, and closed once the remedy window is over
        closing = w["to_ppk"]()
        sanctions.decision_record(
            actor=ppk,
            case=closing,
            sanction_code=SANCTION,
            decree_number="800/4/2024",
            decree_date=DAY,
            received_on=DAY,
        )
    with freeze_time("2024-10-22 03:00:00"):
        sanctions.sanction_close(actor=ppk, case=closing, note="Tidak ada keberatan.")
    cases.append(closing)
    return [Case.objects.get(pk=c.pk) for c in cases]


@pytest.mark.django_db
def test_every_fact_the_workflow_writes_is_declared_and_typed(sanctions_world):
    cases = _walk(sanctions_world)
    assert [c.state for c in cases] == [
        S.NEEDS_CORRECTION,
        S.NOT_REGISTERED,
        S.NOT_A_VIOLATION,
        S.STOPPED,
        S.CLOSED,
        S.SANCTIONED,
        S.CLOSED,
    ]
    written = set()
    for case in cases:
        undeclared = set(case.facts) - set(facts.REGISTRY)
        assert not undeclared, (case.state, undeclared)
        assert not set(case.facts) & facts.DERIVED_KEYS, case.state
        assert facts.clean(case.facts) == case.facts  # stored as the registry stores them
        written |= set(case.facts)
    # ... and nothing is declared that no one writes (or it says where it is written)
    stored = {f.key for f in facts.STORED}
    assert stored - written == set(NOT_WALKED), stored - written
    # The guards read declared facts only: what case_facts gives, and the workflow tests'
    # facts for every guard
    for case in cases:
        assert set(case_facts(case)) <= set(facts.REGISTRY)
    guard_inputs = set(FULL_FACTS) | {k for b in GUARD_BREAKERS.values() for k in b} | {"remedy"}
    assert guard_inputs <= set(facts.REGISTRY), guard_inputs - set(facts.REGISTRY)


def test_who_writes_each_fact_names_a_move_or_a_service():
    for fact in facts.FACTS:
        assert fact.written_by, fact.key
        for writer in fact.written_by:
            if writer in S.values:
                continue
            module, _dot, name = writer.rpartition(".")
            assert callable(getattr(importlib.import_module(module), name)), writer
        assert (fact.kind == facts.Kind.CHOICE) == (fact.choices is not None), fact.key
        assert str(fact.label), fact.key


def test_the_doc_embeds_the_registry_table():
    assert facts.markdown_table() in DOC.read_text(), (
        "regenerate the facts table with cases.facts.markdown_table()"
    )


# --- Reading: page and API --------------------------------------------------------------------


def _decided(w):
    from netra.sanctions.services import decision_record

    case = w["to_ppk"]()
    decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=SANCTION,
        decree_number="800/117/BKPSDM/2024",
        decree_date=dt.date(2024, 9, 30),
    )
    return Case.objects.get(pk=case.pk)


def _facts_section(html: str) -> str:
    return html.split('id="facts-heading"')[1].split("</section>")[0]


@pytest.mark.django_db
@freeze_time(START)
def test_the_case_page_shows_the_facts_labelled_in_both_languages(sanctions_world, staff_client):
    w = sanctions_world
    case = _decided(w)
    client = staff_client(w["bawaslu"])
    indonesian = _facts_section(client.get(f"/kasus/{case.public_id}/").content.decode())
    for text in (
        "Syarat lengkap",
        "Temuan kajian",
        FINDINGS,
        "Tingkat sanksi yang direkomendasikan",
        "Berat",
        "Sanksi yang direkomendasikan",
        "Penurunan jabatan",
        "Tanggal SK",
        "30 September 2024",
        "Upaya administratif yang tersedia",
        "Keberatan kepada PPK",
    ):
        assert text in indonesian, text
    client.cookies["netra_language"] = "en"
    english = _facts_section(client.get(f"/kasus/{case.public_id}/").content.decode())
    for text in ("Study findings", "Decree date", "30 September 2024", "Heavy", "yes"):
        assert text in english, text
    for page in (indonesian, english):
        for raw in ("heavy", "objection", "compliant", "2024-09-30", SANCTION, "None", "True"):
            assert raw not in page, raw


@pytest.mark.django_db
@freeze_time(START)
def test_the_api_gives_the_facts_in_words_and_as_stored(sanctions_world, api_client_for):
    w = sanctions_world
    case = _decided(w)
    path = reverse("cases-api:case-detail", kwargs={"public_id": case.public_id})
    body = api_client_for(w["bawaslu"]).get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    rows = {row["key"]: row for row in body["fact_rows"]}
    assert rows["decree_date"] == {
        "key": "decree_date",
        "label": "Decree date",
        "value": "30 September 2024",
    }
    assert rows["study_findings"]["value"] == FINDINGS
    assert body["facts"]["decree_date"] == "2024-09-30"  # for programs: ISO, codes
    assert body["facts"]["decision_sanction"] == SANCTION
    for row in body["fact_rows"]:
        assert row["value"] not in (SANCTION, "objection", "2024-09-30", "heavy"), row


@pytest.mark.django_db
@freeze_time(START)
def test_free_texts_are_not_shown_to_roles_that_may_not_see_who_is_reported(
    sanctions_world, staff_client, api_client_for
):
    # Auditors check the handling without personal data (cases/exports.py): the findings an
    # officer wrote may name the person, so the sensitive facts are left out for them.
    w = sanctions_world
    case = _decided(w)
    page = _facts_section(
        staff_client(w["auditor"]).get(f"/kasus/{case.public_id}/").content.decode()
    )
    assert "Tanggal SK" in page and "Temuan kajian" not in page and FINDINGS not in page
    path = reverse("cases-api:case-detail", kwargs={"public_id": case.public_id})
    body = api_client_for(w["auditor"]).get(path).json()
    assert "study_findings" not in body["facts"]
    assert "study_findings" not in {row["key"] for row in body["fact_rows"]}
    assert "decree_number" in body["facts"]
