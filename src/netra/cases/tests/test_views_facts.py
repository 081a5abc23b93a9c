"""The case page writes the recorded facts in words, not as codes."""

import datetime as dt

import pytest
from freezegun import freeze_time

from netra.cases.tests.fixtures import to_recommendation_to_ppk

pytestmark = pytest.mark.django_db
START = "2024-10-01 03:00:00"  # Tuesday 10:00 WIB


@freeze_time(START)
def test_recorded_facts_read_as_words_and_dates(case_world, staff_client):
    from netra.sanctions.services import decision_record

    w = case_world
    case = to_recommendation_to_ppk(w, w["open"]())
    code = case.classification["sanctions"][0]["code"]
    decision_record(
        actor=w["ppk"],
        case=case,
        sanction_code=code,
        decree_number="800/117/BKPSDM/2024",
        decree_date=dt.date(2024, 9, 30),
    )
    page = staff_client(w["bawaslu"]).get(f"/kasus/{case.public_id}/")
    assert page.status_code == 200
    facts = page.content.decode().split('id="facts-heading"')[1].split("</section>")[0]
    assert "Kesesuaian dengan rekomendasi" in facts and "Sesuai rekomendasi" in facts
    assert "30 September 2024" in facts  # the decree date, the Indonesian way
    assert "Keberatan kepada PPK" in facts  # the remedy open to this sanction
    assert "Penurunan jabatan" in facts  # the sanction's name from the catalogue
    for raw in ("compliant", "objection", "None", "2024-09-30", code):
        assert raw not in facts, raw

    english = staff_client(w["bawaslu"])
    english.cookies["netra_language"] = "en"
    facts_en = english.get(f"/kasus/{case.public_id}/").content.decode()
    assert "Compared with the recommendation" in facts_en and "As recommended" in facts_en
