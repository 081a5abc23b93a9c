"""Suggest reports about the same person or event, so officers can merge them into one case.

Pure functions on plain dataclasses: the caller (the case queue) feeds rows it already read,
e.g. reports of the same region and election, or sharing an evidence hash or URL. Nothing here
merges or deletes anything; the officer decides.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from netra.regions.codes import code_covers
from netra.registry.names import fold

# Evidence, a URL or the resolved person make a duplicate on their own; the rest only add up.
STRONG = frozenset({"same_person", "same_evidence", "same_url", "similar_text"})
_POINTS = {
    "same_evidence": 50,
    "same_person": 40,
    "same_url": 35,
    "similar_text": 36,  # scaled by similarity; alone enough only when very close
    "same_act": 10,
    "close_dates": 10,  # scaled by distance
    "same_region": 8,
    "related_region": 4,
}
TEXT_MIN = 70
CLOSE_DAYS = 3
REASON_LABELS = {
    "same_person": _("Terlapor yang sama (dari registri)"),
    "same_evidence": _("Berkas bukti yang sama (SHA-256)"),
    "same_url": _("Tautan yang sama"),
    "similar_text": _("Uraian kejadian mirip"),
    "same_act": _("Perbuatan yang sama"),
    "close_dates": _("Tanggal kejadian berdekatan"),
    "same_region": _("Wilayah sama"),
    "related_region": _("Wilayah induk atau bagian"),
}
# Query parameters that only track the click, never identify the post.
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "igshid", "igsh", "si", "ref", "s", "t"})


def normalise_url(url: str) -> str:
    """A comparable form of a link: lower-case host without www./m./mobile., https, no
    fragment, no trailing slash, tracking parameters (utm_*, fbclid, ...) dropped."""
    text = str(url or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _TRACKING_PARAMS and not key.lower().startswith("utm_")
    ]
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


@dataclass(frozen=True)
class ReportRecord:
    """What duplicate detection needs of a report; `key` identifies it to the caller."""

    key: str
    person_id: object | None = None
    act: str | None = None
    event_date: dt.date | None = None
    region_code: str | None = None
    description: str = ""
    evidence_hashes: frozenset[str] = frozenset()
    urls: frozenset[str] = frozenset()

    @classmethod
    def build(cls, key: str, *, evidence_hashes=(), urls=(), **fields) -> "ReportRecord":
        """Normalises hashes (lower-case hex) and URLs on the way in."""
        return cls(
            key=key,
            evidence_hashes=frozenset(h.strip().lower() for h in evidence_hashes if h.strip()),
            urls=frozenset(u for u in (normalise_url(u) for u in urls) if u),
            **fields,
        )


@dataclass(frozen=True)
class Reason:
    code: str
    points: float
    detail: str = ""

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self.code])


@dataclass
class DuplicateSuggestion:
    record: ReportRecord
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(min(100.0, sum(r.points for r in self.reasons)), 1)

    @property
    def reason_codes(self) -> list[str]:
        return [r.code for r in self.reasons]


def _compare(record: ReportRecord, other: ReportRecord) -> DuplicateSuggestion:
    found = DuplicateSuggestion(other)

    def add(code: str, scale: float = 1.0, detail: str = "") -> None:
        found.reasons.append(Reason(code, round(_POINTS[code] * scale, 1), detail))

    if record.person_id is not None and record.person_id == other.person_id:
        add("same_person")
    shared = record.evidence_hashes & other.evidence_hashes
    if shared:
        add("same_evidence", detail=", ".join(sorted(h[:12] for h in shared)))
    links = record.urls & other.urls
    if links:
        add("same_url", detail=", ".join(sorted(links)))
    mine, theirs = fold(record.description), fold(other.description)
    if mine and theirs:
        ratio = fuzz.token_set_ratio(mine, theirs)
        if ratio >= TEXT_MIN:
            add("similar_text", ratio / 100, f"{ratio:.0f}%")
    if record.act and record.act == other.act:
        add("same_act", detail=record.act)
    if record.event_date and other.event_date:
        apart = abs((record.event_date - other.event_date).days)
        if apart <= CLOSE_DAYS:
            add("close_dates", 1 - apart / (CLOSE_DAYS + 1), f"{apart}")
    if record.region_code and other.region_code:
        if record.region_code == other.region_code:
            add("same_region", detail=record.region_code)
        elif code_covers(record.region_code, other.region_code) or code_covers(
            other.region_code, record.region_code
        ):
            add("related_region", detail=other.region_code)
    return found


def suggest_duplicates(
    record: ReportRecord,
    candidates: Iterable[ReportRecord],
    *,
    limit: int = 10,
    min_score: float = 30.0,
) -> list[DuplicateSuggestion]:
    """Candidates that may report the same thing as `record`, best first, with reasons.

    A suggestion needs at least one strong reason (same person, evidence, URL or similar text)
    and `min_score` points; the record itself (same key) is never suggested.
    """
    suggestions = []
    for other in candidates:
        if other.key == record.key:
            continue
        found = _compare(record, other)
        if STRONG & set(found.reason_codes) and found.score >= min_score:
            suggestions.append(found)
    suggestions.sort(key=lambda s: (-s.score, s.record.key))
    return suggestions[:limit]
