"""Every public rules page shows the public text only (issue 12 §4).

The catalog keeps two texts apart: a public explanation (both languages) and a legal note for
staff (`contested_note` on versioned rows, `legal_note` on acts). Every public rules page (the
catalog, each form's page, the guide and each act's page, how to report, and the self-check's
answer for every act, employee type, election and phase) is fetched in Indonesian and English and
must show none of the staff notes, no words about contested or unconfirmed points, no sources, and
nothing the `internal_text` detectors find (codes, slugs, ISO dates, the other language).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.integration.internal_text import Detectors
from tests.integration.test_no_internal_text import _data_lists

pytestmark = pytest.mark.django_db

# Words a citizen cannot act on, and notes about where a rule came from.
STAFF_WORDS_RE = re.compile(
    r"diperdebatkan|\bcontested\b|belum dikonfirmasi|\bunconfirmed\b|dicocokkan dengan teks resmi|"
    r"checked against|ditujukan untuk tahapan lain|worded for another phase|DOMAIN|\bseeds?\b|"
    r"\bsumber\s*:|\bsource\s*:|butir Pasal|item Pasal|primary text|secondary",
    re.IGNORECASE,
)
# election -> (a date before candidate determination, a date after it)
DATES = {
    "pilkada-2020": ("2020-09-15", "2020-10-15"),
    "pemilu-2024": ("2023-10-01", "2023-12-01"),
    "pilkada-2024": ("2024-09-10", "2024-10-10"),
}


@pytest.fixture
def catalog(db):
    from netra.elections.services import elections_load_reference
    from netra.rules.services import rules_load_reference

    rules_load_reference()
    elections_load_reference()


def _staff_notes() -> set[str]:
    """Every staff note of the catalog (whole, and its first sentence)."""
    from netra.rules.models import (
        ProhibitedAct,
        RecommendingAuthority,
        RegionalConsequence,
        Regulation,
        RuleSetting,
        Sanction,
        ViolationForm,
    )

    notes: set[str] = set()
    for model in (
        Regulation,
        ViolationForm,
        Sanction,
        RuleSetting,
        RecommendingAuthority,
        RegionalConsequence,
    ):
        notes |= set(
            model.objects.exclude(contested_note="").values_list("contested_note", flat=True)
        )
        notes |= set(model.objects.exclude(source="").values_list("source", flat=True))
    for field in ("legal_note_id", "legal_note_en"):
        notes |= set(ProhibitedAct.objects.exclude(**{field: ""}).values_list(field, flat=True))
    notes |= set(ProhibitedAct.objects.exclude(source="").values_list("source", flat=True))
    found = set()
    for note in notes:
        found.add(note[:60])
        found.add(re.split(r"(?<=[.;])\s", note, maxsplit=1)[0][:60])
    return {note for note in found if len(note) >= 12}


def public_pages() -> list[str]:
    from netra.rules import selectors
    from netra.rules.choices import Verdict

    acts = list(selectors.act_list())
    pages = ["/aturan/", "/aturan/panduan/", "/aturan/cara-melapor/", "/aturan/cek-diri/"]
    pages += [f"/aturan/{form.code}/" for form in selectors.form_list()]
    pages += [f"/aturan/panduan/{a.slug}/" for a in acts if a.verdict != Verdict.ALLOWED]
    return pages


def self_check_queries(employee_types: tuple[str, ...]) -> list[dict]:
    from netra.rules import selectors

    return [
        {"act": act.slug, "employee_type": who, "election": election, "act_date": day}
        for act in selectors.act_list()
        for who in employee_types
        for election, days in DATES.items()
        for day in days
    ]


def _findings(client: Client, url: str, lang: str, detectors, staff_notes, data=None) -> list:
    response = client.get(url, data or {})
    assert response.status_code == 200, (url, data, response.status_code)
    html = response.content.decode()
    where = f"{url} {data or ''} [{lang}]"
    problems = [f"{where}: {finding}" for finding in detectors.check_html(html, lang)]
    from tests.integration.internal_text import visible_chunks

    text = " ".join(chunk.text for chunk in visible_chunks(html))
    problems += [f"{where}: staff word {m.group(0)!r}" for m in STAFF_WORDS_RE.finditer(text)]
    problems += [f"{where}: staff note {note!r}" for note in staff_notes if note in text]
    return problems


def _client(lang: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def test_the_staff_word_detector_fires_on_what_it_must():
    for text in ("Tingkatnya masih diperdebatkan", "Pasal belum dikonfirmasi", "Lihat DOMAIN.md"):
        assert STAFF_WORDS_RE.search(text)
    for text in ("Petugas menilai tingkat sanksinya kasus per kasus.", "Sumber daya manusia"):
        assert not STAFF_WORDS_RE.search(text)


def test_staff_notes_exist_to_be_looked_for(catalog):
    # The check below cannot pass by looking for nothing.
    notes = _staff_notes()
    assert len(notes) > 50
    assert any("Penjelasan" in note or "PP 94/2021" in note for note in notes)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_public_rules_page_shows_no_internal_note(catalog, lang):
    detectors = Detectors(**_data_lists())
    notes = _staff_notes()
    client = _client(lang)
    problems = []
    for url in public_pages():
        problems += _findings(client, url, lang, detectors, notes)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("lang", "employee_types"),
    [("id", ("PNS", "CPNS", "PPPK", "NON_ASN")), ("en", ("PNS", "NON_ASN"))],
)
def test_every_self_check_answer_shows_no_internal_note(catalog, lang, employee_types):
    detectors = Detectors(**_data_lists())
    notes = _staff_notes()
    client = _client(lang)
    problems = []
    for query in self_check_queries(employee_types):
        problems += _findings(client, "/aturan/cek-diri/", lang, detectors, notes, query)
    assert not problems, "\n".join(problems[:40])


def test_a_leaked_legal_note_is_caught(catalog):
    """Put a form's legal note where its public explanation goes: the page check must fail."""
    from netra.rules.models import ViolationForm

    form = ViolationForm.objects.filter(code="SKB2022-D10").order_by("-version").first()
    form.explanation_id = form.contested_note
    form.save()
    problems = _findings(
        _client("id"), "/aturan/SKB2022-D10/", "id", Detectors(**_data_lists()), _staff_notes()
    )
    assert any("staff note" in problem for problem in problems)
