"""The audit trail: scoped to the reader (per object type, through the owning app), filtered by
case, actor, kind and period, and readable (labels, never action codes or raw payload keys)."""

import datetime as dt

import pytest

from netra.audit.access import viewer_timezone
from netra.audit.describe import describe
from netra.audit.labels import ACTIONS, action_label
from netra.audit.models import AuditEvent
from netra.audit.selectors import (
    TrailFilter,
    audit_events_for,
    audit_events_of_case_for,
    audit_trail_for,
    trail_rows,
)
from netra.audit.services import audit_record
from netra.regions.timezones import WIB, WITA

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces(case_world):
    """A case in Jawa Barat (the auditor's province) and one in Jambi (out of scope)."""
    from netra.cases.services import case_open_from_report
    from netra.intake.services import report_submit
    from netra.intake.tests.fixtures import report_input
    from netra.regions.models import Region

    w = case_world
    ours = w["open"]()
    jambi_district = Region.objects.filter(code__startswith="15.", level=3).order_by("code").first()
    report, _key = report_submit(
        data=report_input(region=jambi_district, election=w["election"]), files=()
    )
    theirs = case_open_from_report(actor=w["outsider"], report=report)
    w["ours"], w["theirs"] = ours, theirs
    return w


def _case_event_ids(events, case):
    return {e.object_id for e in events if e.object_type == "cases.case"} & {str(case.public_id)}


def test_auditor_of_a_province_never_sees_another_provinces_case(two_provinces):
    w = two_provinces
    events = list(audit_events_for(w["auditor"]))
    ids = {(e.object_type, e.object_id) for e in events}
    assert ("cases.case", str(w["ours"].public_id)) in ids
    assert ("intake.report", str(w["ours"].report.public_id)) in ids
    assert ("cases.case", str(w["theirs"].public_id)) not in ids
    assert ("intake.report", str(w["theirs"].report.public_id)) not in ids
    # Logins, account changes and reference loads have no regional object: national only.
    assert not any(e.object_type.startswith("accounts.") for e in events)
    assert not any(e.action.endswith("reference_loaded") for e in events)


def test_national_auditor_sees_every_event(two_provinces, make_staff):
    national = make_staff(role="auditor", region=None)
    assert audit_events_for(national).count() == AuditEvent.objects.count()


def test_roles_without_audit_read_nothing(two_provinces):
    assert not audit_events_for(two_provinces["bawaslu"]).exists()
    assert not audit_events_for(two_provinces["ppk"]).exists()


def test_filter_by_case_number_includes_its_report_and_nothing_else(two_provinces):
    w = two_provinces
    events = list(audit_events_of_case_for(w["auditor"], w["ours"].number))
    refs = {(e.object_type, e.object_id) for e in events}
    assert refs == {
        ("cases.case", str(w["ours"].public_id)),
        ("intake.report", str(w["ours"].report.public_id)),
    }
    # Lower case and spaces are forgiven.
    assert audit_trail_for(
        w["auditor"], TrailFilter(case_number=f" {w['ours'].number.lower()} ")
    ).count() == len(events)


def test_out_of_scope_case_number_gives_nothing(two_provinces):
    w = two_provinces
    assert not audit_events_of_case_for(w["auditor"], w["theirs"].number).exists()
    assert not audit_events_of_case_for(w["auditor"], "KSS-00-0000-0000").exists()


def test_filter_by_actor_kind_and_period(two_provinces):
    w = two_provinces
    auditor = w["auditor"]
    w["bawaslu"].first_name = "Sari Pengawas"
    w["bawaslu"].save(update_fields=["first_name"])
    by_name = audit_trail_for(auditor, TrailFilter(actor="pengawas"))
    assert by_name.exists()
    assert {e.actor_id for e in by_name} == {w["bawaslu"].pk}
    by_username = audit_trail_for(auditor, TrailFilter(actor=w["bawaslu"].username))
    assert set(by_username) == set(by_name)
    system = audit_trail_for(auditor, TrailFilter(actor="sistem"))
    assert all(e.actor_id is None for e in system)
    assert {e.action for e in system} == {"intake.report_submitted"}

    opened = audit_trail_for(auditor, TrailFilter(action="cases.opened"))
    assert [e.object_id for e in opened] == [str(w["ours"].public_id)]

    today = dt.datetime.now(WIB).date()
    in_period = audit_trail_for(auditor, TrailFilter(since=today, until=today, zone=WIB))
    assert in_period.count() == audit_events_for(auditor).count()
    tomorrow = today + dt.timedelta(days=1)
    assert not audit_trail_for(auditor, TrailFilter(since=tomorrow, zone=WIB)).exists()
    assert not audit_trail_for(
        auditor, TrailFilter(until=today - dt.timedelta(days=1), zone=WIB)
    ).exists()


def test_sanctions_and_letters_follow_their_case(two_provinces):
    from netra.cases.tests.fixtures import to_recommendation_to_ppk
    from netra.documents.models import IssuedDocument
    from netra.sanctions.models import DataBlock

    w = two_provinces
    case = to_recommendation_to_ppk(w, w["ours"])
    from netra.sanctions.services import _block_request

    block = _block_request(actor=w["task_force"], case=case, reason="Uji pemblokiran")
    mine = audit_events_of_case_for(w["auditor"], case.number)
    assert mine.filter(object_type="sanctions.datablock", object_id=str(block.public_id)).exists()
    assert audit_events_for(w["auditor"]).filter(object_type="sanctions.datablock").exists()
    assert DataBlock.objects.filter(case=case).exists()
    letters = IssuedDocument.objects.filter(subject_ref=f"cases.case:{case.public_id}")
    for letter in letters:
        assert mine.filter(object_type="documents.issueddocument", object_id=str(letter.public_id))
    # The Jambi officer's auditor colleague sees none of it.
    from netra.accounts.tests.fixtures import create_staff

    jambi_auditor = create_staff(role="auditor", region="15")
    assert not audit_events_of_case_for(jambi_auditor, case.number).exists()
    assert not audit_events_for(jambi_auditor).filter(object_type="sanctions.datablock").exists()


def test_rows_are_words_not_codes(two_provinces):
    from netra.cases.choices import CaseState
    from netra.cases.services import case_transition

    w = two_provinces
    case_transition(actor=w["bawaslu"], case=w["ours"], target=CaseState.FORMAL_CHECK)
    rows = trail_rows(audit_trail_for(w["auditor"], TrailFilter(case_number=w["ours"].number)))
    moved = next(r for r in rows if r.action == action_label("cases.transition"))
    facts = {f.label: f.value for f in moved.facts}
    assert facts["Dari"] == str(CaseState.RECEIVED.label)
    assert facts["Menjadi"] == str(CaseState.FORMAL_CHECK.label)
    assert moved.subject == f"Kasus {w['ours'].number}"
    text = " ".join(f"{r.action} {r.subject} {r.actor} {r.facts}" for r in rows)
    for raw in ("cases.", "intake.", "formal_check", "received", "None", "tracking_number"):
        assert raw not in text


def test_payload_without_labels_shows_no_raw_keys():
    facts = describe(
        "cases.classified",
        {"secret_key": "x", "act": "unknown-act", "level": "heavy", "due": "2024-11-27"},
    )
    assert [f.label for f in facts] == ["Tingkat", "Jatuh tempo"]
    assert describe("cases.milestone_reached", {"due": "2024-11-27"})[0].value == "27 November 2024"


def test_every_label_exists_for_unknown_actions():
    audit_record(actor=None, action="cases.opened", target=("x", "1"))
    assert action_label("not.a.real.action") != "not.a.real.action"
    assert all(":" not in str(label) for _group, label in ACTIONS.values())


def test_reader_zone_follows_the_region(make_staff, regions_sample):
    assert viewer_timezone(make_staff(role="auditor", region="64")) == WITA
    assert viewer_timezone(make_staff(role="auditor", region="32")) == WIB
    assert viewer_timezone(make_staff(role="auditor", region=None)) == WIB


def test_a_lazy_user_is_a_target_like_any_user(make_staff):
    from django.utils.functional import SimpleLazyObject

    user = make_staff(role="auditor", region=None)
    lazy = SimpleLazyObject(lambda: user)
    event = audit_record(actor=user, action="accounts.logout", target=lazy)
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.public_id))


def test_a_flag_is_not_a_count():
    assert describe("regions.load_reference", {"changed": True}) == []
