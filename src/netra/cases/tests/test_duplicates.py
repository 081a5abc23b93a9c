"""Duplicate suggestions: same person, evidence, URL, similar text, dates and region."""

import datetime as dt

import pytest

from netra.cases.duplicates import ReportRecord, normalise_url, suggest_duplicates

D = dt.date
HASH_A = "A" * 64
HASH_B = "b" * 64


def rec(key, **fields):
    return ReportRecord.build(key, **fields)


BASE = rec(
    "R1",
    person_id=7,
    act="campaign_attendance",
    event_date=D(2024, 11, 20),
    region_code="32.01",
    description="Kepala SDN 3 Cibinong ikut kampanye pasangan calon di lapangan Tegar Beriman",
    evidence_hashes=[HASH_A],
    urls=["https://www.facebook.com/groups/cibinong/posts/123?fbclid=xyz"],
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        (
            "https://www.facebook.com/groups/x/posts/1/?fbclid=abc",
            "https://facebook.com/groups/x/posts/1",
        ),
        ("http://m.facebook.com/groups/x/posts/1#c", "https://facebook.com/groups/x/posts/1"),
        ("instagram.com/p/Cx1/?igsh=abc&utm_source=wa", "https://instagram.com/p/Cx1"),
        ("https://www.youtube.com/watch?v=abc&t=30", "https://youtube.com/watch?v=abc"),
        ("  ", ""),
    ],
)
def test_urls_are_normalised(raw, normal):
    assert normalise_url(raw) == normal


def test_each_strong_reason_alone_is_enough():
    others = [
        rec("person", person_id=7),
        rec("evidence", evidence_hashes=[HASH_A.lower()]),
        rec("url", urls=["http://m.facebook.com/groups/cibinong/posts/123/"]),
        rec(
            "text",
            description="kepala sdn 3 cibinong ikut kampanye paslon di lapangan tegar beriman",
        ),
    ]
    found = {s.record.key: s for s in suggest_duplicates(BASE, others)}
    assert set(found) == {"person", "evidence", "url", "text"}
    assert found["person"].reason_codes == ["same_person"]
    assert found["evidence"].reason_codes == ["same_evidence"]
    assert found["url"].reason_codes == ["same_url"]
    assert found["text"].reason_codes == ["similar_text"]


def test_weak_reasons_alone_suggest_nothing():
    weak = rec(
        "weak",
        act="campaign_attendance",
        event_date=D(2024, 11, 20),
        region_code="32.01",
        description="Camat memasang baliho bakal calon",
    )
    assert suggest_duplicates(BASE, [weak]) == []


def test_ranking_adds_up_reasons_and_skips_the_record_itself():
    same_event = rec(
        "same_event",
        person_id=7,
        act="campaign_attendance",
        event_date=D(2024, 11, 21),
        region_code="32.01",
        description="Guru SDN 3 Cibinong hadir kampanye di lapangan Tegar Beriman",
        evidence_hashes=[HASH_B],
    )
    same_person_later = rec("later", person_id=7, event_date=D(2024, 12, 30), region_code="15.03")
    province_video = rec("video", evidence_hashes=[HASH_A], region_code="32")
    found = suggest_duplicates(BASE, [same_person_later, province_video, BASE, same_event])
    assert [s.record.key for s in found] == ["same_event", "video", "later"]
    top = found[0]
    assert set(top.reason_codes) == {
        "same_person",
        "similar_text",
        "same_act",
        "close_dates",
        "same_region",
    }
    assert "related_region" in found[1].reason_codes
    assert all(r.label for s in found for r in s.reasons)
    assert 0 < found[-1].score <= found[0].score <= 100


def test_close_dates_fade_with_distance():
    def dates_points(days):
        other = rec("x", person_id=7, event_date=D(2024, 11, 20) + dt.timedelta(days=days))
        (found,) = suggest_duplicates(BASE, [other])
        return sum(r.points for r in found.reasons if r.code == "close_dates")

    assert dates_points(0) > dates_points(2) > dates_points(3) > dates_points(4) == 0


def test_unknown_person_never_matches_unknown_person():
    a = rec("a", person_id=None, description="x")
    b = rec("b", person_id=None, description="y")
    assert suggest_duplicates(a, [b]) == []


def test_limit_and_threshold():
    many = [rec(f"r{i:02d}", person_id=7) for i in range(20)]
    assert len(suggest_duplicates(BASE, many, limit=5)) == 5
    assert suggest_duplicates(BASE, many, min_score=90) == []
