"""Words with two meanings read right on the pages that use them, in both languages (the merged
English table gives each context its own text; see test_translations.py)."""

import datetime as dt
import re

import pytest
from freezegun import freeze_time

from netra.cases.tests.fixtures import to_recommendation_to_ppk

pytestmark = pytest.mark.django_db


def _text(html: str, start: str, end: str) -> str:
    part = html.split(start, 1)[1].split(end, 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


@freeze_time("2024-10-01 03:00:00")
def test_case_and_decision_pages_in_both_languages(case_world, staff_client):
    from netra.sanctions.services import decision_record

    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=case.classification["sanctions"][0]["code"],
        decree_number="800/117/BKPSDM/2024",
        decree_date=dt.date(2024, 9, 30),
    )
    pages = {}
    for language in ("id", "en"):
        officer, ppk = staff_client(w["bawaslu"]), staff_client(w["ppk"])
        officer.cookies["netra_language"] = ppk.cookies["netra_language"] = language
        pages[language] = (
            officer.get(f"/kasus/{case.public_id}/").content.decode(),
            ppk.get(f"/sanksi/kasus/{case.public_id}/keputusan/").content.decode(),
        )

    case_id, decision_id = pages["id"]
    case_en, decision_en = pages["en"]
    assert '<h2 id="deadlines-heading">Batas waktu</h2>' in case_id
    assert '<h2 id="deadlines-heading">Deadlines</h2>' in case_en
    # One decision: its sanction (singular) and its status (a decree in force, not "Valid").
    assert '<dt class="col-sm-3">Sanksi</dt>' in decision_id
    assert '<dt class="col-sm-3">Sanction</dt>' in decision_en
    assert _text(decision_id, "Status keputusan", "</dd>").startswith("Berlaku (")
    summary_en = _text(decision_en, "Decision status", "</dd>")
    assert summary_en.startswith("In force (")
    assert "Valid" not in summary_en


def test_rules_page_headings_are_plural_in_english(client, rules_loaded):
    client.cookies["netra_language"] = "en"
    english = client.get("/aturan/").content.decode()
    client.cookies["netra_language"] = "id"
    assert '<h2 id="sanksi-heading">Sanctions</h2>' in english
    assert '<h2 id="perbuatan-heading">Prohibited acts</h2>' in english
    indonesian = client.get("/aturan/").content.decode()
    assert '<h2 id="sanksi-heading">Sanksi</h2>' in indonesian
